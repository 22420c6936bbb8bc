import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppEngine, SAMPLE_REPORTS_DIR } from '../src/app.js';
import { createFixedClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { ingestPaths } from '../src/ingest/ingest-files.js';

const clock = createFixedClock('2026-11-24T10:00:00Z');
const own = {
  input: {
    url: 'https://desk.example.net/reports/1',
    title: 'Clashes near Hajin',
    published: '2026-11-20',
    source: 'Desk Wire',
    body: 'On November 19, the SDF clashed with Islamic State cells near Hajin.',
  },
  origin: { file: 'test' },
};
const exists = (f: string) =>
  stat(f).then(
    () => true,
    () => false,
  );

let dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  dirs = [];
});
async function tempDir() {
  const d = await mkdtemp(path.join(tmpdir(), 'app-'));
  dirs.push(d);
  return d;
}
const open = (dataDir: string, extra: { seedSample?: boolean; apartFromSample?: boolean } = {}) =>
  openAppEngine({ dataDir, clock, logger: silentLogger, waitForSearch: true, ...extra });

describe('the bundled sample stays apart from a desk’s own reports', () => {
  it('with no data of its own, the desk sees the sample, kept in DATA_DIR/sample/', async () => {
    const dir = await tempDir();
    const engine = await open(dir, { seedSample: true });
    expect(engine.sample).toBe(true);
    expect(engine.stats().reports).toBeGreaterThan(40);
    await engine.close();
    expect(await exists(path.join(dir, 'sample', 'reports.jsonl'))).toBe(true);
    expect(await exists(path.join(dir, 'reports.jsonl'))).toBe(false);
  });

  it('once the desk has ingested anything, answers come from its own reports alone', async () => {
    const dir = await tempDir();
    await (await open(dir, { seedSample: true })).close();
    const writer = await open(dir);
    await writer.ingest([own]);
    await writer.close();
    const engine = await open(dir, { seedSample: true });
    expect(engine.sample).toBe(false);
    expect(engine.stats().reports).toBe(1);
    expect(engine.latest(100).every((e) => e.report.source === 'Desk Wire')).toBe(true);
    await engine.close();
  });

  it('a store an older version seeded with the sample loses the sample reports and keeps the desk’s', async () => {
    const dir = await tempDir();
    const old = await open(dir);
    await ingestPaths(old, [SAMPLE_REPORTS_DIR]);
    await old.ingest([own]);
    await old.close();
    const engine = await open(dir, { seedSample: true, apartFromSample: true });
    expect(engine.sample).toBe(false);
    expect(engine.stats().reports).toBe(1);
    await engine.close();
    expect(await readFile(path.join(dir, 'reports.jsonl'), 'utf8')).not.toContain('Sample Monitor');
  });

  it('a store that held only the sample becomes empty again, and the sample is shown from its own folder', async () => {
    const dir = await tempDir();
    const old = await open(dir);
    await ingestPaths(old, [SAMPLE_REPORTS_DIR]);
    await old.close();
    const engine = await open(dir, { seedSample: true, apartFromSample: true });
    expect(engine.sample).toBe(true);
    await engine.close();
    expect(await exists(path.join(dir, 'reports.jsonl'))).toBe(false);
  });
});
