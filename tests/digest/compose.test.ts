import { describe, expect, it } from 'vitest';
import {
  composeDigest,
  type DigestInput,
  type DigestJson,
  digestHeadline,
  renderDigest,
  renderDigestPage,
} from '../../src/digest/compose.js';
import { collectDigestInput } from '../../src/digest/digest-service.js';
import type { EventView } from '../../src/search/types.js';
import { createFakeEngine, type EventSpec, ev, linksIn, places } from './fixtures.js';

const DAY = '2026-11-23';
const TZ = 'Asia/Damascus';
const AFTER = new Date('2026-11-24T06:00:00Z');

function input(events: EventView[], extra: Partial<DigestInput> = {}): DigestInput {
  return {
    day: DAY,
    tz: TZ,
    events,
    previousDayCount: 0,
    sevenDayAverage: 0,
    placeHistory: new Map(),
    reports: [...new Map(events.map((e) => [e.report.id, e.report])).values()],
    now: AFTER,
    ...extra,
  };
}

/** `count` events spread over the three governorates, one report each, published through the day (UTC+3). */
function manyEvents(count: number): EventView[] {
  const where = ['al-bukamal', 'al-mayadin', 'manbij', 'palmyra'];
  return Array.from({ length: count }, (_, i) =>
    ev({
      n: i + 1,
      published: new Date(Date.parse('2026-11-22T21:30:00Z') + i * 60_000 * 20).toISOString(),
      places: [where[i % where.length]!],
      actors: i % 2 ? ['sdf'] : ['irgc', 'hezbollah'],
    }),
  );
}

describe('composeDigest', () => {
  it('an empty day gives one calm message with the numbers', () => {
    const doc = composeDigest(input([], { previousDayCount: 4, sevenDayAverage: 3 }), places);
    expect(doc.totals).toEqual({ events: 0, reports: 0 });
    const replies = renderDigest(doc);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.tone).toBe('empty');
    expect(replies[0]!.title).toBe('Digest for 23 Nov');
    expect(replies[0]!.summary).toContain('Previous day: 4 (-4)');
    expect((replies[0]!.data as DigestJson).groups).toEqual([]);
  });

  it('one governorate: places busiest first, events newest first', () => {
    const events = [
      ev({ n: 1, published: '2026-11-23T06:00:00Z', places: ['al-mayadin'] }),
      ev({ n: 2, published: '2026-11-23T07:00:00Z', places: ['al-bukamal'] }),
      ev({ n: 3, published: '2026-11-23T09:00:00Z', places: ['al-bukamal'] }),
    ];
    const doc = composeDigest(input(events), places);
    expect(doc.groups.map((g) => g.governorate)).toEqual(['Deir ez-Zor']);
    expect(doc.groups[0]!.places.map((p) => [p.place, p.events.map((e) => e.reportId)])).toEqual([
      ['Al-Bukamal', ['r3', 'r2']],
      ['Al-Mayadin', ['r1']],
    ]);
  });

  it('an event line shows type, actors, the sentence and the link', () => {
    const doc = composeDigest(
      input([
        ev({
          n: 7,
          published: '2026-11-23T08:00:00Z',
          actors: ['sdf', 'islamic-state'],
          sub: 'Armed clash',
          type: 'Battles',
          text: 'Fighters traded fire at a checkpoint east of the town.',
        }),
      ]),
      places,
    );
    const line = renderDigest(doc)[0]!.sections.find((s) => s.heading?.startsWith('Deir ez-Zor'))!.lines[0]!;
    expect(line).toEqual({
      lead: 'Al-Bukamal',
      text: 'Fighters traded fire at a checkpoint east of the town.',
      detail: 'Armed clash · SDF, Islamic State',
      link: { url: 'https://news.example.test/r7', label: 'Example Wire: Desk note r7' },
    });
  });

  it.each([
    [1, 10],
    [10, 10],
    [40, 10],
    [120, 15],
  ])('%i events with %i lines a message: every event appears, messages packed full', (count, maxLines) => {
    const events = manyEvents(count);
    const doc = composeDigest(input(events), places);
    const replies = renderDigest(doc, { maxLinesPerMessage: maxLines });
    const totalLines = replies.reduce((n, r) => n + r.sections.reduce((m, s) => m + s.lines.length, 0), 0);
    const expectedParts = Math.ceil(totalLines / maxLines);
    expect(replies).toHaveLength(expectedParts);
    for (const r of replies) {
      expect(r.sections.reduce((n, s) => n + s.lines.length, 0)).toBeLessThanOrEqual(maxLines);
    }
    const links = linksIn(replies);
    for (const e of events) expect(links.filter((u) => u === e.report.url).length).toBe(2); // event line + report line
    const json = replies[0]!.data as DigestJson;
    const jsonIds = json.groups.flatMap((g) => g.places.flatMap((p) => p.events.map((e) => e.reportId)));
    expect(jsonIds.sort()).toEqual(events.map((e) => e.reportId).sort());
    expect(replies.slice(1).every((r) => r.data === undefined)).toBe(true);
    if (expectedParts > 1) {
      expect(replies.map((r) => r.title)).toEqual(
        replies.map((_, i) => `Digest for 23 Nov (part ${i + 1} of ${expectedParts})`),
      );
      expect(replies[0]!.footer).toBe(`Continues in part 2 of ${expectedParts}.`);
    }
  });

  it('a long message is split by characters too, and a split group keeps its heading', () => {
    const events = manyEvents(12).map((e) => ({
      ...e,
      text: `${e.text} ${'More detail about the incident. '.repeat(8)}`,
    }));
    const replies = renderDigest(composeDigest(input(events), places), {
      maxLinesPerMessage: 50,
      maxCharsPerMessage: 1500,
    });
    expect(replies.length).toBeGreaterThan(2);
    expect(
      replies.flatMap((r) => r.sections.map((s) => s.heading)).some((h) => h?.endsWith('(continued)')),
    ).toBe(true);
    expect(new Set(linksIn(replies))).toEqual(new Set(events.map((e) => e.report.url)));
  });

  it.each([
    { events: 5, prev: 3, avg: 2.5, expected: 'Previous day: 3 (+2). 7-day average: 2.5 (+100%).' },
    { events: 2, prev: 4, avg: 4, expected: 'Previous day: 4 (-2). 7-day average: 4 (-50%).' },
    { events: 3, prev: 3, avg: 0, expected: 'Previous day: 3 (±0). 7-day average: 0 (none before).' },
    { events: 0, prev: 0, avg: 0, expected: 'Previous day: 0 (±0). 7-day average: 0 (also none).' },
    { events: 4, prev: 1, avg: 1.2857, expected: '7-day average: 1.3 (+208%).' },
  ])('headline for $events events vs $prev and $avg', ({ events, prev, avg, expected }) => {
    const list = manyEvents(events);
    const doc = composeDigest(input(list, { previousDayCount: prev, sevenDayAverage: avg }), places);
    expect(digestHeadline(doc)).toContain(expected);
  });

  it('counts by type, largest first', () => {
    const specs: EventSpec[] = [
      { n: 1, published: '2026-11-23T08:00:00Z', type: 'Battles' },
      { n: 2, published: '2026-11-23T08:00:00Z', type: 'Battles' },
      { n: 3, published: '2026-11-23T08:00:00Z', type: 'Protests' },
    ];
    const doc = composeDigest(input(specs.map(ev)), places);
    expect(doc.byType).toEqual([
      { type: 'Battles', count: 2 },
      { type: 'Protests', count: 1 },
    ]);
    expect(digestHeadline(doc)).toContain('By type: Battles 2, Protests 1.');
  });

  it.each([
    { today: 1, last7: 0, week: 5, reason: 'new' },
    { today: 1, last7: 0, week: 0, reason: null },
    { today: 3, last7: 7, week: 20, reason: 'spike' },
    { today: 6, last7: 14, week: 20, reason: 'spike' },
    { today: 3, last7: 14, week: 20, reason: null },
    { today: 2, last7: 1, week: 20, reason: null },
  ])(
    'a place with $today events, $last7 the week before and $week events in all that week: $reason',
    ({ today, last7, week, reason }) => {
      const events = Array.from({ length: today }, (_, i) =>
        ev({ n: i + 1, published: '2026-11-23T08:00:00Z', places: ['manbij', 'syria'] }),
      );
      const history = new Map([['manbij', { last7 }]]);
      const doc = composeDigest(input(events, { placeHistory: history, sevenDayAverage: week / 7 }), places);
      expect(doc.unusualPlaces.find((u) => u.place === 'Manbij')?.reason ?? null).toBe(reason);
      expect(doc.unusualPlaces.some((u) => u.place === 'Syria')).toBe(false);
    },
  );

  it('flags a town, not the district and governorate around it, and lists spikes before new places', () => {
    const events = [
      ...Array.from({ length: 4 }, (_, i) =>
        ev({
          n: i + 1,
          published: '2026-11-23T08:00:00Z',
          places: ['al-bukamal', 'dist-abu-kamal', 'gov-deir-ez-zor'],
        }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        ev({ n: i + 10, published: '2026-11-23T09:00:00Z', places: ['palmyra'] }),
      ),
    ];
    const history = new Map([['al-bukamal', { last7: 2 }]]);
    const doc = composeDigest(input(events, { placeHistory: history, sevenDayAverage: 3 }), places);
    expect(doc.unusualPlaces.map((u) => [u.place, u.reason])).toEqual([
      ['Al-Bukamal', 'spike'],
      ['Palmyra', 'new'],
    ]);
  });

  it('names the most active actors', () => {
    const doc = composeDigest(input(manyEvents(6)), places);
    expect(doc.topActors.map((a) => [a.actor, a.events])).toEqual([
      ['Hezbollah', 3],
      ['IRGC', 3],
      ['SDF', 3],
    ]);
  });

  it('marks a day in progress and a late post in the title', () => {
    const early = composeDigest(input([], { now: new Date('2026-11-23T10:00:00Z') }), places);
    expect(renderDigest(early)[0]!.title).toBe('Digest for 23 Nov so far');
    const late = composeDigest(input([], { late: true }), places);
    expect(renderDigest(late)[0]!.title).toBe('Digest for 23 Nov, posted late');
    expect(renderDigest(late)[0]!.summary).toContain('Posted late');
  });

  it('an event without a place goes under other locations, last', () => {
    const doc = composeDigest(
      input([
        ev({ n: 1, published: '2026-11-23T08:00:00Z', places: [] }),
        ev({ n: 2, published: '2026-11-23T08:00:00Z', places: ['palmyra'] }),
      ]),
      places,
    );
    expect(doc.groups.map((g) => [g.governorate, g.places.map((p) => p.place)])).toEqual([
      ['Homs', ['Palmyra']],
      [null, [null]],
    ]);
    const headings = renderDigest(doc)[0]!.sections.map((s) => s.heading);
    expect(headings).toContain('Other or unstated locations · 1 event');
  });
});

describe('the local day, through the engine', () => {
  it.each([
    {
      day: '2026-03-29',
      hours: 23,
      inside: ['2026-03-29T00:30:00Z', '2026-03-29T22:30:00Z'],
      outside: ['2026-03-28T23:30:00Z', '2026-03-29T23:30:00Z'],
    },
    {
      day: '2026-10-25',
      hours: 25,
      inside: ['2026-10-24T23:30:00Z', '2026-10-25T23:30:00Z'],
      outside: ['2026-10-24T22:30:00Z', '2026-10-26T00:30:00Z'],
    },
  ])('Europe/London $day is $hours hours long', ({ day, hours, inside, outside }) => {
    const events = [...inside, ...outside].map((published, i) => ev({ n: i + 1, published }));
    const engine = createFakeEngine(events);
    const doc = composeDigest(
      collectDigestInput(engine, { day, tz: 'Europe/London', now: new Date('2026-12-01T00:00:00Z') }),
      places,
    );
    expect(doc.hours).toBe(hours);
    const got = doc.groups.flatMap((g) => g.places.flatMap((p) => p.events.map((e) => e.report.published)));
    expect(got.sort()).toEqual([...inside].sort());
    expect(renderDigest(doc).at(-1)!.footer).toContain(`${hours} hours long`);
  });

  it('compares with the previous day and the seven days before', () => {
    const day = (d: string, h: number, n: number, place = 'al-bukamal') =>
      ev({ n, published: `2026-11-${d}T${String(h).padStart(2, '0')}:00:00Z`, places: [place] });
    const events = [
      day('23', 8, 1),
      day('23', 9, 2),
      day('23', 10, 3, 'palmyra'),
      day('22', 8, 4),
      day('20', 8, 5),
      day('17', 8, 6),
      day('15', 22, 7), // 16 Nov in Damascus: inside the week
      day('15', 20, 8), // 15 Nov in Damascus: before the week
    ];
    const inputs = collectDigestInput(createFakeEngine(events), { day: DAY, tz: TZ, now: AFTER });
    expect(inputs.events.map((e) => e.reportId).sort()).toEqual(['r1', 'r2', 'r3']);
    expect(inputs.previousDayCount).toBe(1);
    expect(inputs.sevenDayAverage).toBeCloseTo(4 / 7);
    expect(inputs.placeHistory.get('al-bukamal')).toEqual({ last7: 4 });
    const doc = composeDigest(inputs, places);
    expect(doc.unusualPlaces.map((u) => [u.place, u.reason])).toEqual([['Palmyra', 'new']]);
    expect(doc.reports.map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
  });
});

describe('renderDigestPage', () => {
  it.each([
    [0, 10, 10, 'Showing 1-10 of 30'],
    [10, 10, 10, 'Showing 11-20 of 30'],
    [20, 10, 10, 'Showing 21-30 of 30'],
  ])('offset %i limit %i shows %i lines', (offset, limit, lines, footer) => {
    const doc = composeDigest(input(manyEvents(15)), places);
    const reply = renderDigestPage(doc, { offset, limit });
    const shown = reply.sections.filter(
      (s) => s.heading !== 'Most active' && s.heading !== 'Unusual activity',
    );
    expect(shown.reduce((n, s) => n + s.lines.length, 0)).toBe(lines);
    expect(reply.paging).toEqual({ offset, limit, total: 30 });
    expect(reply.footer).toContain(footer);
  });

  it('shows everything without a limit', () => {
    const doc = composeDigest(input(manyEvents(15)), places);
    const reply = renderDigestPage(doc, { offset: 0, limit: null });
    expect(reply.paging).toBeUndefined();
    expect(linksIn([reply]).length).toBe(30);
  });
});
