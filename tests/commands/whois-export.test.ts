import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { dispatch } from '../../src/core/dispatch.js';
import type { Engine } from '../../src/search/engine.js';
import { openTestEngine, testContext } from '../helpers/test-engine.js';

let t: Awaited<ReturnType<typeof openTestEngine>>;
let engine: Engine;
beforeAll(async () => {
  t = await openTestEngine({ sample: true });
  engine = t.engine;
});
afterAll(async () => t.cleanup());

const ask = (line: string) => {
  const [name, ...rest] = line.replace(/^\//, '').split(' ');
  return dispatch(commands, { name: name!, text: rest.join(' ') }, testContext(engine));
};
const text = (r: Awaited<ReturnType<typeof ask>>) =>
  [
    r.title,
    r.summary,
    ...r.sections.flatMap((s) => [s.heading, ...s.lines.map((l) => `${l.lead}: ${l.text}`)]),
  ].join('\n');

describe('/whois', () => {
  it('says what a place name means: the place, other names in both scripts, where it lies, its events', async () => {
    const r = await ask('/whois bukamal');
    const out = text(r);
    expect(out).toContain('Place: Al-Bukamal (Deir ez-Zor), town');
    expect(out).toMatch(/Arabic: .*البوكمال/);
    expect(out).toMatch(/Also written: .*Abu Kamal/i);
    expect(out).toMatch(/Lies in: .*Deir ez-Zor \(governorate\)/);
    expect(out).toMatch(/Recorded: \d+ events?/);
  });

  it('explains a governorate reading and the namesake city (why /events hama answered as it did)', async () => {
    const out = text(await ask('/whois hama'));
    expect(out).toMatch(/Place: Hama.*governorate/);
    expect(out).toMatch(/Includes: \d+ places inside it/);
    expect(out).toMatch(/Same name: Hama.*town/);
    expect(out).toContain('Narrower: "Hama city" means the city alone');
  });

  it('says what an actor name means: what it belongs to, what it includes, its events', async () => {
    const out = text(await ask('/whois quds force'));
    expect(out).toMatch(/Actor: .*Quds Force/);
    expect(out).toMatch(/Belongs to: .*(IRGC|Revolutionary)/);
    const irgc = text(await ask('/whois pasdaran'));
    expect(irgc).toMatch(/Includes: .*Quds Force/);
    expect(irgc).toMatch(/Recorded: \d+ event/);
  });

  it.each(['@everyone', '12345', '<!channel>'])('asks for a name when given %s', async (q) => {
    const r = await ask(`/whois ${q}`);
    expect(r.tone).toBe('user-error');
    expect(r.title).toMatch(/type a place or actor name/i);
  });

  it('an unknown name gets suggestions, not an answer', async () => {
    const r = await ask('/whois bukanal');
    expect(r.tone).toBe('user-error');
    expect(r.title).toMatch(/Did you mean Al-Bukamal/);
  });
});

describe('/export', () => {
  it('answers with a CSV file of the place’s events under ACLED column names', async () => {
    const r = await ask('/export bukamal');
    expect(r.tone).toBe('answer');
    expect(r.file?.name).toMatch(/^al-bukamal-events-2026-11-24\.csv$/);
    const rows = parse(r.file!.content, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((x) => x.event_type !== '')).toBe(true);
    expect(rows[0]).toMatchObject({ admin1: 'Deir ez-Zor' });
    expect(rows[0]!.url).toMatch(/^https:\/\/example\.org\//);
    expect(r.summary).toMatch(new RegExp(`^${rows.length} events?`));
  });

  it('exports an actor and keeps filters', async () => {
    const r = await ask('/export hezbollah type:battles');
    if (r.file) {
      const rows = parse(r.file.content, { columns: true }) as Record<string, string>[];
      expect(rows.every((x) => x.event_type === 'Battles')).toBe(true);
    } else expect(r.tone).toBe('empty');
  });

  it('says so when a filter leaves nothing, with no file', async () => {
    const r = await ask('/export bukamal since:2030-01-01');
    expect(r.tone).toBe('empty');
    expect(r.file).toBeUndefined();
  });
});

describe('empty because of a filter', () => {
  it('says so and names the latest item outside the filter', async () => {
    const r = await ask('/events bukamal since:2030-01-01');
    expect(r.tone).toBe('empty');
    expect(r.summary).toMatch(/^Nothing since 1 Jan 2030; the latest item was on \d{1,2} \w{3} 20\d\d/);
  });

  it('names the type when a type filter emptied it', async () => {
    const r = await ask('/actor hezbollah type:riots');
    if (r.tone === 'empty') expect(r.summary).toMatch(/^No Riots events; the latest item was on /);
  });

  it('an empty answer with no filter keeps its plain hint', async () => {
    const r = await ask('/search qqqzzzxxx');
    expect(r.summary).not.toMatch(/latest item/);
  });
});
