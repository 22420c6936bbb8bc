import { describe, expect, it } from 'vitest';
import { formatEventDate, parseSince, summarizeEvents, truncate } from '../../src/search/present.js';
import type { EventView } from '../../src/search/types.js';

const now = new Date('2026-11-24T10:00:00Z');

describe('parseSince', () => {
  it.each([
    ['7d', '2026-11-17'],
    ['30d', '2026-10-25'],
    ['2w', '2026-11-10'],
    ['3m', '2026-08-24'],
    ['1y', '2025-11-24'],
    ['2026-11-01', '2026-11-01'],
    ['2026-09', '2026-09-01'],
    [' 7D ', '2026-11-17'],
  ])('%s -> %s', (value, expected) => {
    expect(parseSince(value, now)).toBe(expected);
  });
  it.each([['yesterdayish'], ['2026-02-30'], ['-5d'], ['7 fortnights']])(
    'refuses %j with a usage hint',
    (value) => {
      expect(() => parseSince(value, now)).toThrow(/since:7d/);
    },
  );
});

describe('formatEventDate', () => {
  it.each([
    ['2026-09-17', 1, '17 Sep 2026'],
    ['2026-09-14', 2, 'week of 14 Sep 2026'],
    ['2026-08-01', 3, 'Aug 2026'],
  ] as const)('%s (%d) -> %s', (date, precision, expected) => {
    expect(formatEventDate(date, precision)).toBe(expected);
  });
});

describe('truncate', () => {
  it.each([
    ['short', 10, 'short'],
    ['one two three four five', 12, 'one two…'],
  ])('%j/%d -> %j', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
  });
});

describe('summarizeEvents', () => {
  const ev = (date: string, n: number): EventView => ({
    id: `r${n}#1`,
    reportId: `r${n}`,
    date,
    datePrecision: 1,
    eventType: 'Battles',
    subEventType: 'Armed clash',
    places: [{ id: 'al-mayadin', name: 'Al-Mayadin', precision: 1 }],
    actors: [{ id: 'sdf', name: 'SDF' }],
    text: `Clash ${n}.`,
    report: {
      id: `r${n}`,
      url: `https://example.org/${n}`,
      title: `T${n}`,
      source: 'S',
      published: `${date}T10:00:00Z`,
    },
  });
  it.each([
    ['newest first', ['2026-11-20', '2026-06-10', '2026-01-02'], 'from 2 Jan 2026 to 20 Nov 2026'],
    [
      'best first (search order)',
      ['2026-06-10', '2026-11-20', '2026-01-02', '2026-10-01'],
      'from 2 Jan 2026 to 20 Nov 2026',
    ],
    ['one day', ['2026-03-04', '2026-03-04'], 'on 4 Mar 2026'],
  ])('%s: the span runs from the earliest to the latest date', (_name, dates, span) => {
    const text = summarizeEvents(dates.map(ev));
    expect(text.split('\n')[0]).toBe(`${dates.length} events in ${dates.length} reports, ${span}.`);
  });

  it('says so when there is nothing', () => {
    expect(summarizeEvents([])).toBe('No events.');
  });
});
