import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_REPORTS_DIR } from '../../src/app.js';
import { runCli } from '../../src/cli.js';
import { loadConfig } from '../../src/config.js';
import type { AskResult } from '../../src/search/present.js';
import { collector, linesIn } from '../helpers/streams.js';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/ingest');
let dataDir: string;

async function cli(args: string[], stdinLines: string[] = []) {
  const stdout = collector();
  const stderr = collector();
  const code = await runCli(args, {
    stdout,
    stderr,
    stdin: linesIn(stdinLines),
    config: loadConfig({ LOG_LEVEL: 'warn' }),
  });
  return { code, out: stdout.text(), err: stderr.text() };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('cli ingest', () => {
  it('ingests the sample folder and reports a summary', async () => {
    const r = await cli(['ingest', SAMPLE_REPORTS_DIR, '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    const m = /Read (\d+), added (\d+), duplicates (\d+), rejected (\d+)\./.exec(r.out);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThanOrEqual(40);
    expect(Number(m![4])).toBe(0);
  });

  it('a second ingest of the same folder adds nothing', async () => {
    const r = await cli(['ingest', SAMPLE_REPORTS_DIR, '--data-dir', dataDir]);
    expect(r.out).toMatch(/added 0, duplicates \d+, rejected 0/);
  });

  it('reports bad lines and files by file:line and still adds the good ones', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cli-mixed-'));
    try {
      const r = await cli(['ingest', FIXTURES, '--data-dir', dir]);
      expect(r.out).toMatch(/mixed\.jsonl:2: invalid JSON/);
      expect(r.out).toMatch(/mixed\.jsonl:4: url is missing; title is missing/);
      expect(r.out).toMatch(/broken\.json:\d+: invalid JSON/);
      expect(r.out).toMatch(/empty\.jsonl: file is empty/);
      expect(r.out).toMatch(/not-a-report\.md:1: no front matter/);
      const m = /Read (\d+), added (\d+), duplicates (\d+), rejected (\d+)\./.exec(r.out)!;
      // good(3) + mixed(3 good) + array(2) + report.md + page.html + plain.txt; duplicate.jsonl adds nothing.
      expect(Number(m[2])).toBe(11);
      expect(Number(m[3])).toBe(2);
      const log = await readFile(path.join(dir, 'reports.jsonl'), 'utf8');
      expect(log).not.toMatch(/cookie/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('cli ingest: hostile files', () => {
  it('rejects binary files and huge bodies with reasons, keeps the good report, loses nothing stored', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cli-hostile-'));
    const data = path.join(dir, 'data');
    try {
      const { writeFile } = await import('node:fs/promises');
      const good = {
        url: 'https://example.org/hostile/good',
        title: 'Clashes near Hajin',
        published: '2026-11-20',
        source: 'Test Wire',
        body: 'On November 19, the SDF clashed with Islamic State cells near Hajin.',
      };
      await writeFile(path.join(dir, 'binary.jsonl'), Buffer.from([0, 159, 146, 150, 10, 255, 254, 0, 10]));
      await writeFile(path.join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 3, 255, 254, 253]));
      await writeFile(
        path.join(dir, 'huge.jsonl'),
        `${JSON.stringify({ ...good, url: 'https://example.org/hostile/huge', body: 'word '.repeat(120_000) })}\n${JSON.stringify(good)}\n`,
      );
      const before = await cli(['ingest', SAMPLE_REPORTS_DIR, '--data-dir', data]);
      const added = Number(/added (\d+)/.exec(before.out)![1]);
      const r = await cli(['ingest', dir, '--data-dir', data]);
      expect(r.out).toMatch(/binary\.jsonl:1: invalid JSON/);
      expect(r.out).toMatch(/binary\.txt: (url must be|url is missing|title is|no URL)/);
      expect(r.out).toMatch(/huge\.jsonl:1: body is longer than 500,000 characters/);
      expect(r.out).toMatch(/added 1,/);
      const asked = JSON.parse(
        (await cli(['ask', '/latest 50', '--json', '--all', '--data-dir', data])).out,
      ) as AskResult;
      expect(asked.total).toBeGreaterThanOrEqual(Math.min(50, added));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('cli ask', () => {
  it('answers /events bukamal as JSON with the contract shape, newest first, every spelling', async () => {
    const r = await cli(['ask', '/events bukamal', '--json', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out.trim()) as AskResult;
    expect(Object.keys(j).sort()).toEqual(
      ['command', 'items', 'query', 'resolved', 'suggestions', 'summary', 'total'].sort(),
    );
    expect(j.command).toBe('events');
    expect(j.query).toBe('bukamal');
    expect(j.resolved).toMatchObject({ kind: 'place', id: 'al-bukamal', name: 'Al-Bukamal' });
    expect(j.resolved!.within).toContain('Deir ez-Zor');
    expect(j.total).toBeGreaterThanOrEqual(3);
    const item = j.items[0]!;
    expect(Object.keys(item).sort()).toEqual(
      [
        'reportId',
        'url',
        'title',
        'source',
        'published',
        'date',
        'datePrecision',
        'kind',
        'eventType',
        'subEventType',
        'places',
        'actors',
        'text',
      ].sort(),
    );
    const dates = j.items.map((i) => i.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    for (const [spelling, id] of [
      ['Tadmor', 'palmyra'],
      ['Tadmur', 'palmyra'],
      ['Deir Ezzor', 'gov-deir-ez-zor'],
      ['دير الزور', 'gov-deir-ez-zor'],
    ]) {
      const r = JSON.parse(
        (await cli(['ask', `/events ${spelling}`, '--json', '--data-dir', dataDir])).out,
      ) as AskResult;
      expect(r.resolved?.id, spelling).toBe(id);
    }
    for (const spelling of ['Abu Kamal', 'Al-Bokamal', 'Albu Kamal', 'البوكمال', 'Boukamal']) {
      const other = JSON.parse(
        (await cli(['ask', `/events ${spelling}`, '--json', '--data-dir', dataDir])).out,
      ) as AskResult;
      expect(other.resolved?.id, spelling).toBe('al-bukamal');
      expect(other.total, spelling).toBe(j.total);
    }
  });

  it('reads commands from stdin, one JSON object per line, in order', async () => {
    const r = await cli(
      ['ask', '--json', '--data-dir', dataDir],
      ['/actor hezbollah', '', '/latest 3', '/search drone attack', '/nonsense'],
    );
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AskResult);
    expect(lines.map((l) => l.command)).toEqual(['actor', 'latest', 'search', 'nonsense']);
    expect(lines[0]!.resolved).toMatchObject({ kind: 'actor', id: 'hezbollah' });
    expect(lines[0]!.items.every((i) => i.actors.includes('Hezbollah'))).toBe(true);
    expect(lines[1]!.items).toHaveLength(3);
    expect(lines[2]!.total).toBeGreaterThan(0);
    expect(lines[3]!.summary).toMatch(/no \/nonsense command/);
  });

  it('--all lifts the display limit', async () => {
    const limited = JSON.parse(
      (await cli(['ask', '/events Deir ez-Zor', '--json', '--data-dir', dataDir])).out,
    ) as AskResult;
    const all = JSON.parse(
      (await cli(['ask', '/events Deir ez-Zor', '--json', '--all', '--data-dir', dataDir])).out,
    ) as AskResult;
    expect(limited.total).toBeGreaterThan(10);
    expect(limited.items).toHaveLength(10);
    expect(all.items).toHaveLength(all.total);
  });

  it.each([
    ['/events', /needs a place/],
    [`/events ${'x'.repeat(250)}`, /under 200 characters/],
    ['/events !!!???', /type a place name/],
    ['/events @everyone', /type a place name/],
    [`/search ${'drone '.repeat(2000)}`, /under 200 characters/],
    ['/events Narnia', /I don't know a place called "Narnia"/],
    ['/events hezbollah', /is an actor, not a place/],
    ['/actor Bukamal', /is a place, not an actor/],
    ['/events bakumal', /Did you mean Al-Bukamal/],
    ['/latest lots', /whole number/],
    ['/events bukamal since:someday', /since:7d/],
  ])('%s gets a clear message', async (command, message) => {
    const r = await cli(['ask', command, '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(message);
  });

  it('text output is laid out for a terminal', async () => {
    const r = await cli(['ask', '/events bukamal', '--data-dir', dataDir]);
    expect(r.out).toMatch(/^Events in Al-Bukamal \(Deir ez-Zor\)/);
    expect(r.out).toMatch(/https:\/\/example\.org\/reports\//);
  });
});

describe('one writer per data dir', () => {
  it('refuses to ingest into a data dir another process has open; ask reads it without writing', async () => {
    const { openAppEngine } = await import('../../src/app.js');
    const { createFixedClock } = await import('../../src/core/clock.js');
    const { silentLogger } = await import('../../src/core/logger.js');
    const { ingestPaths } = await import('../../src/ingest/ingest-files.js');
    const { readdir } = await import('node:fs/promises');
    const dir = await mkdtemp(path.join(tmpdir(), 'cli-busy-'));
    const snapshot = async () => {
      const files = (await readdir(dir, { recursive: true })).sort();
      return Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f)).catch(() => 'dir')]));
    };
    try {
      const bot = await openAppEngine({
        dataDir: dir,
        clock: createFixedClock('2026-11-24T10:00:00Z'),
        logger: silentLogger,
        waitForSearch: true,
        purpose: 'the bot',
      });
      await ingestPaths(bot, [SAMPLE_REPORTS_DIR]);
      await bot.saveIndex();
      const refused = await cli(['ingest', path.join(FIXTURES, 'good.jsonl'), '--data-dir', dir]);
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/in use by the bot \(process \d+ on .+, since 2026-11-24T10:00:00.000Z\)/);
      expect(refused.err).not.toMatch(/at .+\.ts:\d+/);
      const before = await snapshot();
      const asked = await cli(['ask', '/events bukamal', '--json', '--data-dir', dir]);
      expect(asked.code).toBe(0);
      expect(asked.err).toContain('the bot has this data dir open; answering read-only');
      const answer = JSON.parse(asked.out) as AskResult;
      expect(answer.resolved?.name).toBe('Al-Bukamal');
      expect(answer.total).toBe(bot.eventsForPlace('al-bukamal').length);
      expect(await snapshot()).toEqual(before);
      await bot.close();
      const after = await cli(['ingest', path.join(FIXTURES, 'good.jsonl'), '--data-dir', dir]);
      expect(after.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
