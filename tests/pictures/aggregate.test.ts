import { describe, expect, it } from 'vitest';
import { buildMapSpec, buildTimelineSpec, type PictureScope } from '../../src/pictures/aggregate.js';
import type { EventType } from '../../src/reports/types.js';
import type { EventView } from '../../src/search/types.js';
import { createFakeEngine, fakePlace } from '../helpers/fake-services.js';
import { event } from '../helpers/picture-events.js';

const places = createFakeEngine({
  places: [
    fakePlace('gov-deir-ez-zor', 'Deir ez-Zor', { kind: 'governorate', lat: 35.33, lon: 40.14 }),
    fakePlace('al-bukamal', 'Al-Bukamal', { parentId: 'gov-deir-ez-zor', lat: 34.45, lon: 40.92 }),
    fakePlace('al-mayadin', 'Al-Mayadin', { parentId: 'gov-deir-ez-zor', lat: 35.02, lon: 40.45 }),
    fakePlace('hajin', 'Hajin', { parentId: 'gov-deir-ez-zor', lat: 34.69, lon: 40.83 }),
    fakePlace('nowhere', 'Nowhere'),
  ],
}).places;

const place = (subject: string, extra: Partial<PictureScope> = {}): PictureScope => ({
  subjectKind: 'place',
  subject,
  language: 'en',
  ...extra,
});
const B: EventType = 'Battles';
const X: EventType = 'Explosions/Remote violence';
const times = (n: number, make: (i: number) => EventView) => Array.from({ length: n }, (_, i) => make(i));
const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;

describe('map alt text', () => {
  it.each<[string, EventView[], PictureScope, string]>([
    [
      'one place',
      [event('al-bukamal', day(4))],
      place('Al-Bukamal'),
      '1 incident in Al-Bukamal on 4 Nov 2026: all in Al-Bukamal.',
    ],
    [
      'two places, a span',
      [...times(3, (i) => event('al-bukamal', day(2 + i))), event('al-mayadin', day(9), X)],
      place('Deir ez-Zor'),
      '4 incidents in Deir ez-Zor from 2 Nov to 9 Nov 2026: most in Al-Bukamal (3) and Al-Mayadin (1).',
    ],
    [
      'a third place named only when it has more than one, then the count of places',
      [
        ...times(3, () => event('al-bukamal', day(5))),
        ...times(2, () => event('al-mayadin', day(5))),
        event('hajin', day(5)),
      ],
      place('Deir ez-Zor', { since: '2026-11-01' }),
      '6 incidents in Deir ez-Zor since 1 Nov: most in Al-Bukamal (3) and Al-Mayadin (2), 3 places in all.',
    ],
    [
      'an actor, with unplaced incidents',
      [event('al-bukamal', day(5)), event('nowhere', day(6))],
      { subjectKind: 'actor', subject: 'Hezbollah', language: 'en' },
      '2 incidents involving Hezbollah from 5 Nov to 6 Nov 2026: all in Al-Bukamal. 1 incident without a mapped place is not drawn.',
    ],
    [
      'mentions are not incidents',
      [event('al-bukamal', day(5)), event('al-mayadin', day(5), null)],
      place('Deir ez-Zor'),
      '1 incident in Deir ez-Zor on 5 Nov 2026: all in Al-Bukamal.',
    ],
    [
      'nothing typed',
      [event('al-bukamal', day(5), null)],
      place('Al-Bukamal'),
      'Nothing to draw: no incidents in Al-Bukamal.',
    ],
    [
      'nothing since',
      [],
      place('Al-Bukamal', { since: '2026-11-22' }),
      'Nothing to draw: no incidents in Al-Bukamal since 22 Nov 2026.',
    ],
    [
      'no coordinates',
      [event('nowhere', day(5))],
      place('Nowhere'),
      'Nothing to draw: none of the 1 incident in Nowhere on 5 Nov 2026 has a place with known coordinates.',
    ],
    [
      'the scope’s own period words (the digest)',
      [event('al-bukamal', day(20)), event('al-mayadin', day(23))],
      {
        subjectKind: 'area',
        subject: 'Syria and the region',
        period: 'reported on 23 Nov 2026',
        language: 'en',
      },
      '2 incidents in Syria and the region reported on 23 Nov 2026: most in Al-Bukamal (1) and Al-Mayadin (1).',
    ],
  ])('%s', (_, events, scope, alt) => {
    expect(buildMapSpec(events, places, scope).alt).toBe(alt);
  });
});

describe('timeline buckets', () => {
  it.each<
    [string, EventView[], PictureScope, { unit: 'day' | 'week'; first: string; last: string; count: number }]
  >([
    [
      'a span of up to 31 days is drawn by day, from the first incident',
      [event('al-bukamal', '2026-11-01'), event('al-bukamal', '2026-12-01')],
      place('Al-Bukamal'),
      { unit: 'day', first: '2026-11-01', last: '2026-12-01', count: 31 },
    ],
    [
      '32 days are drawn by week, Monday first',
      [event('al-bukamal', '2026-11-01'), event('al-bukamal', '2026-12-02')],
      place('Al-Bukamal'),
      { unit: 'week', first: '2026-10-26', last: '2026-11-30', count: 6 },
    ],
    [
      'since: runs to until (today), even when the last incident is earlier',
      [event('al-bukamal', '2026-11-12')],
      place('Al-Bukamal', { since: '2026-11-10', until: '2026-11-23' }),
      { unit: 'day', first: '2026-11-10', last: '2026-11-23', count: 14 },
    ],
    [
      'without since:, at most the last 52 weeks up to the latest incident',
      [event('al-bukamal', '2024-01-03'), event('al-bukamal', '2026-11-23')],
      place('Al-Bukamal'),
      { unit: 'week', first: '2025-12-01', last: '2026-11-23', count: 52 },
    ],
  ])('%s', (_, events, scope, want) => {
    const spec = buildTimelineSpec(events, scope);
    expect({
      unit: spec.unit,
      first: spec.buckets[0]?.start,
      last: spec.buckets.at(-1)?.start,
      count: spec.buckets.length,
    }).toEqual(want);
  });

  it.each<[string, EventView[], PictureScope, string]>([
    [
      'by day, with the busiest day and the average',
      [...times(3, () => event('al-bukamal', day(4))), event('al-bukamal', day(6), X)],
      place('Al-Bukamal'),
      '4 incidents in Al-Bukamal from 4 Nov to 6 Nov 2026, by day: busiest day 4 Nov 2026 (3); 3-day average 1.3 a day; mostly battles (3).',
    ],
    [
      'by week',
      [event('al-bukamal', '2026-09-01'), ...times(2, () => event('al-bukamal', '2026-11-18', X))],
      { subjectKind: 'actor', subject: 'Hezbollah', language: 'en' },
      '3 incidents involving Hezbollah from 1 Sep to 18 Nov 2026, by week: busiest the week of 16 Nov 2026 (2); 4-week average 0.5 a week; mostly explosions (2).',
    ],
    [
      'the digest’s 14 days',
      [event('al-bukamal', day(12), B)],
      place('Deir ez-Zor', { since: day(10), until: day(23), period: 'over the 14 days to 23 Nov 2026' }),
      '1 incident in Deir ez-Zor over the 14 days to 23 Nov 2026, by day: busiest day 12 Nov 2026 (1); 14-day average 0.1 a day; mostly battles (1).',
    ],
    [
      'only mentions',
      [event('al-bukamal', day(4), null)],
      place('Al-Bukamal'),
      'Nothing to draw: no incidents in Al-Bukamal.',
    ],
  ])('alt text: %s', (_, events, scope, alt) => {
    expect(buildTimelineSpec(events, scope).alt).toBe(alt);
  });
});
