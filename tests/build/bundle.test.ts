import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The bundle `npm start` and `npm run cli` run (scripts/build.mjs): built into a folder of its own inside the
 * project (so it finds index-data/ and node_modules/ as dist/ does), then used as a desk would: reports of
 * every file kind ingested, questions answered, a digest printed. Packages the bundle loads on first use
 * (HTML reading, Markdown front matter, English dates) must work from it too.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(repoRoot, 'tests/fixtures/ingest');
let outdir: string;
let dataDir: string;

function run(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [path.join(outdir, 'cli.js'), ...args, '--data-dir', dataDir], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: '', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', FEEDS: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  outdir = path.join(repoRoot, '.tmp', `bundle-test-${process.pid}`);
  dataDir = await mkdtemp(path.join(tmpdir(), 'bundle-data-'));
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--outdir', outdir, '--strict'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
}, 120_000);

afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

describe('the bundled build', () => {
  it('writes both entry points and a stamp', () => {
    expect(existsSync(path.join(outdir, 'main.js'))).toBe(true);
    expect(existsSync(path.join(outdir, 'cli.js'))).toBe(true);
    expect(readFileSync(path.join(outdir, '.stamp'), 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('keeps the chat SDKs out of the bundle (loaded only when configured)', () => {
    const main = readFileSync(path.join(outdir, 'main.js'), 'utf8');
    expect(main).not.toMatch(/from ["']@slack\/bolt["']/);
    expect(main).not.toMatch(/from ["']discord\.js["']/);
  });

  it('ingests JSON Lines, Markdown, HTML and text, then answers from them', () => {
    const ingest = run([
      'ingest',
      path.join(fixtures, 'good.jsonl'),
      path.join(fixtures, 'report.md'),
      path.join(fixtures, 'page.html'),
      path.join(fixtures, 'plain.txt'),
      '--json',
    ]);
    expect(ingest.err).not.toMatch(/cli failed|Error:/);
    // One JSON line per report read, then the summary.
    const lines = ingest.out.trim().split('\n');
    const summary = JSON.parse(lines.at(-1)!) as { added: number; rejected: unknown[] };
    expect(summary.added).toBe(6);
    expect(summary.rejected).toEqual([]);
    const titles = lines.slice(0, -1).map((l) => (JSON.parse(l) as { title: string }).title);
    expect(titles.length).toBe(6);

    const ask = run(['ask', '/latest', '--json']);
    expect(ask.code).toBe(0);
    const answer = JSON.parse(ask.out) as { items: { url: string }[] };
    expect(answer.items.length).toBeGreaterThan(0);
    for (const item of answer.items) expect(item.url).toMatch(/^https?:\/\//);
  });

  it('prints a digest and reports an unknown place calmly', () => {
    expect(run(['digest']).code).toBe(0);
    const unknown = run(['ask', '/events nowhereville']);
    expect(unknown.out + unknown.err).toMatch(/nowhereville/i);
    expect(unknown.err).not.toMatch(/cli failed|at .*\.js:\d+/);
  });
});
