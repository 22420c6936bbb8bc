import type { EventType } from '../../src/reports/types.js';
import type { EventView } from '../../src/search/types.js';

/** A typed event at `placeId` on `date`. */
export function event(placeId: string, date: string, eventType: EventType | null = 'Battles'): EventView {
  return {
    id: `r-${placeId}-${date}#${Math.random()}`,
    reportId: 'r',
    kind: eventType ? 'event' : 'mention',
    date,
    datePrecision: 1,
    eventType,
    subEventType: eventType ? 'Armed clash' : null,
    places: [{ id: placeId, name: placeId, precision: 1 }],
    actors: [],
    text: 'text',
    report: {
      id: 'r',
      url: 'https://example.org/r',
      title: 't',
      source: 's',
      published: `${date}T12:00:00Z`,
    },
  };
}
