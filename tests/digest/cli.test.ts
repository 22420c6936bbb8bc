import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../src/core/clock.js';
import { runDigestCli } from '../../src/digest/cli.js';
import type { DigestJson } from '../../src/digest/compose.js';
import { createFakeEngine, ev } from './fixtures.js';

const engine = createFakeEngine([
  ev({
    n: 1,
    published: '2026-11-23T06:00:00Z',
    actors: ['sdf'],
    text: 'Patrols closed the bridge road after a blast.',
  }),
  ev({ n: 2, published: '2026-11-23T09:00:00Z', places: ['palmyra'], type: 'Battles', sub: 'Armed clash' }),
  ev({ n: 3, published: '2026-11-24T06:00:00Z', places: ['manbij'] }),
]);

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDigestCli(argv, {
    engine,
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    clock: createFixedClock('2026-11-24T10:00:00Z'),
    defaults: { time: '08:00', tz: 'Asia/Damascus' },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('runDigestCli', () => {
  it('prints the messages that would be posted', async () => {
    const { code, out } = await cli(['--date', '2026-11-23']);
    expect(code).toBe(0);
    expect(out).toContain('Digest for 23 Nov');
    expect(out).toContain('Patrols closed the bridge road after a blast.');
    expect(out).toContain('<https://news.example.test/r2>');
    expect(out).not.toContain('r3');
  });

  it('prints one JSON object naming every event report and link', async () => {
    const { code, out } = await cli(['--date', '2026-11-23', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as DigestJson;
    expect(Object.keys(json)).toEqual([
      'date',
      'tz',
      'from',
      'to',
      'totals',
      'byType',
      'previousDay',
      'sevenDayAverage',
      'groups',
      'topActors',
      'unusualPlaces',
      'reports',
    ]);
    expect(json).toMatchObject({
      date: '2026-11-23',
      tz: 'Asia/Damascus',
      from: '2026-11-22T21:00:00.000Z',
      to: '2026-11-23T21:00:00.000Z',
      totals: { events: 2, reports: 2 },
    });
    const events = json.groups.flatMap((g) => g.places.flatMap((p) => p.events));
    expect(events.map((e) => [e.reportId, e.url]).sort()).toEqual([
      ['r1', 'https://news.example.test/r1'],
      ['r2', 'https://news.example.test/r2'],
    ]);
    expect(Object.keys(events[0]!)).toEqual([
      'reportId',
      'url',
      'title',
      'date',
      'datePrecision',
      'eventType',
      'subEventType',
      'actors',
      'text',
    ]);
  });

  it('defaults to today in the default zone, or the zone given', async () => {
    expect(JSON.parse((await cli(['--json'])).out).date).toBe('2026-11-24');
    expect(JSON.parse((await cli(['--json', '--tz', 'Pacific/Pago_Pago'])).out).date).toBe('2026-11-23');
  });

  it.each([
    [['--date', '23/11/2026'], 'is not a date'],
    [['--tz', 'Asia/Damascas'], 'Did you mean Asia/Damascus?'],
    [['--when', 'today'], "Unknown option '--when'"],
    [['extra'], 'Usage: npm run cli -- digest'],
  ])('%j exits 2: %s', async (argv, message) => {
    const { code, err, out } = await cli(argv);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(out).toBe('');
  });
});
