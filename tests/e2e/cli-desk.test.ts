import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppEngine, SAMPLE_REPORTS_DIR } from '../../src/app.js';
import { runCli } from '../../src/cli.js';
import { loadConfig } from '../../src/config.js';
import { createFixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { collector, linesIn } from '../helpers/streams.js';

let dataDir: string;
let reportsFile: string;

async function cli(args: string[]) {
  const stdout = collector();
  const stderr = collector();
  const code = await runCli(args, {
    stdout,
    stderr,
    stdin: linesIn([]),
    config: loadConfig({ LOG_LEVEL: 'warn' }),
  });
  return { code, out: stdout.text(), err: stderr.text() };
}

const reports = [1, 2, 3].map((n) => ({
  id: `desk-${n}`,
  url: `https://wire.example.net/syria/${n}`,
  title: `Shelling near Hajin, day ${n}`,
  published: `2026-11-2${n}`,
  source: n === 3 ? 'Other Wire' : 'Desk Wire',
  body: `On November 2${n - 1}, regime forces shelled Hajin and the SDF clashed with Islamic State cells near Al-Bukamal (${n}).`,
}));

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cli-desk-'));
  reportsFile = path.join(dataDir, 'in.jsonl');
  await writeFile(reportsFile, reports.map((r) => JSON.stringify(r)).join('\n'));
  const r = await cli(['ingest', reportsFile, '--data-dir', dataDir]);
  expect(r.out).toContain('added 3');
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('cli stats', () => {
  it('prints reports, events, sources, the date span, top places and actors', async () => {
    const r = await cli(['stats', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 reports, \d+ events/);
    expect(r.out).toContain('Desk Wire: 2 reports');
    expect(r.out).toContain('Other Wire: 1 report, newest 2026-11-23');
    expect(r.out).toMatch(/events dated 2026-11-\d\d to 2026-11-\d\d/);
    expect(r.out).toMatch(/Top places:\n {2}(Hajin|Al-Bukamal)/);
    expect(r.out).toMatch(/Top actors:\n/);
    const json = JSON.parse((await cli(['stats', '--json', '--data-dir', dataDir])).out);
    expect(json).toMatchObject({ reports: 3, removed: 0 });
  });
});

describe('cli export', () => {
  it('writes CSV with ACLED columns to standard output', async () => {
    const r = await cli(['export', 'hajin', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    const rows = parse(r.out, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining([
        'event_date',
        'time_precision',
        'event_type',
        'admin1',
        'location',
        'url',
        'title',
      ]),
    );
    expect(rows.every((x) => x.admin1 === 'Deir ez-Zor')).toBe(true);
    expect(r.err).toMatch(/\d+ events? written/);
  });

  it('writes JSON Lines and applies filters; refuses a bad format', async () => {
    const r = await cli(['export', '--format', 'jsonl', '--type', 'battles', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    const rows = r.out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(rows.every((x: { event_type: string }) => x.event_type === 'Battles')).toBe(true);
    expect((await cli(['export', '--format', 'xlsx', '--data-dir', dataDir])).code).toBe(2);
  });
});

describe('cli remove', () => {
  it('--dry-run lists what would go and changes nothing', async () => {
    const r = await cli(['remove', '--source', 'desk wire', '--dry-run', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('desk-1');
    expect(r.out).toContain('desk-2');
    expect(r.out).toContain('Would remove 2 reports (dry run: nothing changed).');
    expect((await cli(['stats', '--json', '--data-dir', dataDir])).out).toContain('"reports":3');
  });

  it('removes by URL (any form of it): gone from answers and exports, recorded, and not re-ingested', async () => {
    const r = await cli([
      'remove',
      '--url',
      'https://www.wire.example.net/syria/1/?utm_source=feed',
      '--reason',
      'legal takedown',
      '--data-dir',
      dataDir,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^desk-1 /m);
    expect(r.out).toContain('Removed 1 report');
    const asked = await cli(['ask', '/search hajin', '--json', '--all', '--data-dir', dataDir]);
    expect(asked.out).not.toContain('wire.example.net/syria/1"');
    expect((await cli(['export', '--data-dir', dataDir])).out).not.toContain('/syria/1,');
    const record = JSON.parse(await readFile(path.join(dataDir, 'removed-reports.json'), 'utf8'));
    expect(record.removed).toEqual([expect.objectContaining({ id: 'desk-1', reason: 'legal takedown' })]);
    const again = await cli(['ingest', reportsFile, '--data-dir', dataDir]);
    expect(again.out).toContain('added 0');
    expect(again.out).toContain('1 of the duplicates was removed earlier');
    const stats = JSON.parse((await cli(['stats', '--json', '--data-dir', dataDir])).out);
    expect(stats).toMatchObject({ reports: 2, removed: 1 });
  });

  it('by id, and says which ids it does not know', async () => {
    const r = await cli(['remove', 'desk-2', 'nope', '--data-dir', dataDir]);
    expect(r.err).toContain('No stored report has the id nope.');
    expect(r.out).toContain('Removed 1 report');
    expect(r.code).toBe(1);
  });

  it('goes through the data dir lock like ingest', async () => {
    const bot = await openAppEngine({
      dataDir,
      clock: createFixedClock('2026-11-24T10:00:00Z'),
      logger: silentLogger,
      waitForSearch: true,
      purpose: 'the bot',
    });
    try {
      const r = await cli(['remove', 'desk-3', '--data-dir', dataDir]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/in use by the bot/);
      expect(bot.findReports({ ids: ['desk-3'] })).toHaveLength(1);
    } finally {
      await bot.close();
    }
  });
});

describe('cli with no --data-dir (the default data dir, simulated in a temporary folder)', () => {
  it('answers from the sample until the desk ingests; ingest never adds to the sample store', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cli-default-'));
    const config = { ...loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: dir }), dataDirIsDefault: true };
    const run = async (args: string[]) => {
      const stdout = collector();
      const stderr = collector();
      const code = await runCli(args, { stdout, stderr, stdin: linesIn([]), config });
      return { code, out: stdout.text(), err: stderr.text() };
    };
    try {
      const before = await run(['ask', '/latest 50', '--json']);
      expect(before.err).toContain('Showing the bundled sample');
      expect(before.out).toContain('example.org');
      const sampleLog = await readFile(path.join(dir, 'sample', 'reports.jsonl'), 'utf8');
      const added = await run(['ingest', reportsFile]);
      expect(added.out).toContain('added 3');
      expect(await readFile(path.join(dir, 'sample', 'reports.jsonl'), 'utf8')).toBe(sampleLog);
      const after = await run(['ask', '/latest 50', '--json']);
      expect(after.err).not.toContain('bundled sample');
      expect(after.out).not.toContain('example.org');
      expect(after.out).toContain('wire.example.net');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('cli ingest beside the sample', () => {
  it('the sample folder is never where a desk’s reports go', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cli-sample-'));
    try {
      const asked = await cli(['ask', '/latest 1', '--data-dir', dir]);
      expect(asked.err).not.toContain('bundled sample'); // only the default data dir shows the sample here
      const r = await cli(['ingest', reportsFile, '--data-dir', dir]);
      expect(r.out).toContain('added 3');
      const log = await readFile(path.join(dir, 'reports.jsonl'), 'utf8');
      expect(log).not.toContain('example.org');
      expect(SAMPLE_REPORTS_DIR).not.toContain(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
