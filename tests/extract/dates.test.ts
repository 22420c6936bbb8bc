import { describe, expect, it } from 'vitest';
import { BACKGROUND_DAYS, createDateResolver, resolveEventDate } from '../../src/extract/dates.js';

/** Friday 20 September 2024, midday UTC (how date-only reports are stored). */
const FRI = '2024-09-20T12:00:00Z';

type Case = [
  sentence: string,
  published: string,
  tz: string | undefined,
  date: string,
  precision: 1 | 2 | 3,
  explicit: boolean,
  background: boolean,
];

describe('resolveEventDate', () => {
  it.each<Case>([
    // Day and month
    ['On September 17, militias shelled the village.', FRI, undefined, '2024-09-17', 1, true, false],
    ['Drones struck the depot on 17 September.', FRI, undefined, '2024-09-17', 1, true, false],
    ['On Sept. 18 a convoy arrived.', FRI, undefined, '2024-09-18', 1, true, false],
    ['On September 19th the base was hit.', FRI, undefined, '2024-09-19', 1, true, false],
    ['Tuesday, September 17: clashes resumed.', FRI, undefined, '2024-09-17', 1, true, false],
    ['On 17/09/2024 a mine exploded.', FRI, undefined, '2024-09-17', 1, true, false],
    ['On 05/09/2024 a mine exploded.', FRI, undefined, '2024-09-05', 1, true, false],
    ['Drones struck on the night of September 16-17.', FRI, undefined, '2024-09-16', 1, true, false],
    ['On September 21 a drone fell.', FRI, undefined, '2024-09-21', 1, true, false],
    // Year rollover: a day-month later than publication belongs to last year
    ['On December 30, clashes broke out.', '2025-01-02T12:00:00Z', undefined, '2024-12-30', 1, true, false],
    [
      'In December, an arrest campaign began.',
      '2025-01-02T12:00:00Z',
      undefined,
      '2024-12-01',
      3,
      true,
      false,
    ],
    ['on September 28 militias redeployed', '2025-01-03T12:00:00Z', undefined, '2024-09-28', 1, true, true],
    ['On September 28 militias redeployed.', FRI, undefined, '2023-09-28', 1, true, true],
    // Leap days
    [
      'On February 29, a convoy entered the town.',
      '2024-03-01T12:00:00Z',
      undefined,
      '2024-02-29',
      1,
      true,
      false,
    ],
    [
      'On February 29, a convoy entered the town.',
      '2025-03-01T12:00:00Z',
      undefined,
      '2024-02-29',
      1,
      true,
      true,
    ],
    [
      'On March 1, a convoy entered the town.',
      '2024-03-01T12:00:00Z',
      undefined,
      '2024-03-01',
      1,
      true,
      false,
    ],
    // Relative days
    ['Clashes broke out yesterday near the bridge.', FRI, undefined, '2024-09-19', 1, true, false],
    ['Today the militias held a parade.', FRI, undefined, '2024-09-20', 1, true, false],
    ['Last night drones hit a truck.', FRI, undefined, '2024-09-19', 1, true, false],
    ['This morning a bomb went off.', FRI, undefined, '2024-09-20', 1, true, false],
    ['Three days ago gunmen shot a farmer.', FRI, undefined, '2024-09-17', 1, true, false],
    ['The day before yesterday, rockets fell.', FRI, undefined, '2024-09-18', 1, true, false],
    ['On Monday, gunmen killed a shepherd.', FRI, undefined, '2024-09-16', 1, true, false],
    ['On Friday, gunmen killed a shepherd.', FRI, undefined, '2024-09-20', 1, true, false],
    ['Last Monday clashes resumed.', '2024-09-23T08:00:00Z', undefined, '2024-09-16', 1, true, false],
    // Week-level windows
    ['A few days ago, militias trained in the desert.', FRI, undefined, '2024-09-13', 2, true, false],
    ['Several days ago a convoy crossed.', FRI, undefined, '2024-09-13', 2, true, false],
    ['Last week clashes broke out.', FRI, undefined, '2024-09-09', 2, true, false],
    ['Earlier this week clashes broke out.', FRI, undefined, '2024-09-16', 2, true, false],
    ['Over the weekend clashes broke out.', FRI, undefined, '2024-09-14', 2, true, false],
    ['Over the weekend clashes broke out.', '2024-09-23T08:00:00Z', undefined, '2024-09-21', 2, true, false],
    ['Last weekend clashes broke out.', '2024-09-22T08:00:00Z', undefined, '2024-09-14', 2, true, false],
    ['Two weeks ago clashes broke out.', FRI, undefined, '2024-09-02', 2, true, false],
    ['Ten days ago clashes broke out.', FRI, undefined, '2024-09-10', 2, true, false],
    // Month-level
    ['In early August, militias dug trenches.', FRI, undefined, '2024-08-01', 3, true, false],
    ['In mid-August, militias dug trenches.', FRI, undefined, '2024-08-01', 3, true, false],
    ['Last month, militias dug trenches.', FRI, undefined, '2024-08-01', 3, true, false],
    ['In August, militias dug trenches.', FRI, undefined, '2024-08-01', 3, true, false],
    ['Earlier this month, militias dug trenches.', FRI, undefined, '2024-09-01', 3, true, false],
    ['In June, militias dug trenches.', FRI, undefined, '2024-06-01', 3, true, true],
    // Background: old dates
    ['The general was named commander on January 3, 2020.', FRI, undefined, '2020-01-03', 1, true, true],
    ['In 2019, the group lost the town.', FRI, undefined, '2019-01-01', 3, true, true],
    [
      'The commander, named on January 3, 2020, visited on Monday.',
      FRI,
      undefined,
      '2024-09-16',
      1,
      true,
      false,
    ],
    // Dates that do not date the event
    [
      'The worst attack since January 2020 hit the town on Sunday.',
      FRI,
      undefined,
      '2024-09-15',
      1,
      true,
      false,
    ],
    ['Since September 1, militias have shelled the town.', FRI, undefined, '2024-09-20', 1, false, false],
    ['Clashes next week are feared.', FRI, undefined, '2024-09-20', 1, false, false],
    ['Protesters march to the square.', FRI, undefined, '2024-09-20', 1, false, false],
    ['The area may witness an operation.', FRI, undefined, '2024-09-20', 1, false, false],
    ['Shelling began at 9 a.m. in the town.', FRI, undefined, '2024-09-20', 1, false, false],
    ['Militias drilled near the river.', FRI, undefined, '2024-09-20', 1, false, false],
    // Time zones near midnight: 22:30 UTC on the 19th is already the 20th in Damascus
    ['Yesterday, clashes broke out.', '2024-09-19T22:30:00Z', undefined, '2024-09-18', 1, true, false],
    ['Yesterday, clashes broke out.', '2024-09-19T22:30:00Z', 'Asia/Damascus', '2024-09-19', 1, true, false],
    ['Today, clashes broke out.', '2024-09-19T22:30:00Z', 'Asia/Damascus', '2024-09-20', 1, true, false],
    [
      'Militias drilled near the river.',
      '2024-09-19T22:30:00Z',
      'Asia/Damascus',
      '2024-09-20',
      1,
      false,
      false,
    ],
    ['On Friday, clashes broke out.', '2024-09-19T22:30:00Z', 'Asia/Damascus', '2024-09-20', 1, true, false],
    ['On Friday, clashes broke out.', '2024-09-19T22:30:00Z', undefined, '2024-09-13', 1, true, false],
    ['Today, clashes broke out.', '2024-09-20T01:00:00Z', 'America/New_York', '2024-09-19', 1, true, false],
  ])('%s (published %s, tz %s) -> %s', (sentence, published, tz, date, precision, explicit, background) => {
    expect(resolveEventDate(sentence, new Date(published), tz ? { tz } : undefined)).toEqual({
      date,
      precision,
      explicit,
      background,
    });
  });

  it('treats a date just inside the background limit as current', () => {
    const published = new Date('2024-09-20T12:00:00Z');
    const edge = new Date(published.getTime() - BACKGROUND_DAYS * 86_400_000).toISOString().slice(0, 10);
    const [, month, day] = edge.split('-').map(Number);
    const name = new Date(Date.UTC(2024, month! - 1, 1)).toLocaleString('en-GB', {
      month: 'long',
      timeZone: 'UTC',
    });
    const result = resolveEventDate(`On ${name} ${day}, a drone fell.`, published);
    expect(result).toEqual({ date: edge, precision: 1, explicit: true, background: false });
  });

  it('rejects an unknown time zone by name', () => {
    expect(() => resolveEventDate('Today.', new Date(FRI), { tz: 'Mars/Olympus' })).toThrow(/Mars\/Olympus/);
  });

  it('rejects an invalid publication date', () => {
    expect(() => resolveEventDate('Today.', new Date('not a date'))).toThrow(/not a valid date/);
  });

  it('gives the same answers from a bound resolver', () => {
    const resolve = createDateResolver(new Date(FRI), { tz: 'Asia/Damascus' });
    expect(resolve('On September 17, clashes.')).toEqual(
      resolveEventDate('On September 17, clashes.', new Date(FRI), { tz: 'Asia/Damascus' }),
    );
  });
});
