import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppEngine } from '../../src/app.js';
import { createFixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const BLANK = Object.fromEntries(
  [
    'SLACK_BOT_TOKEN',
    'SLACK_APP_TOKEN',
    'SLACK_SIGNING_SECRET',
    'DISCORD_TOKEN',
    'DISCORD_APPLICATION_ID',
    'DATA_DIR',
    'FEEDS',
  ].map((k) => [k, '']),
);

/** What `printf '...' | npm start` does, without npm: the real entry point, piped input, no chat tokens. */
function start(
  input: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const cleanEnv = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|DATA_DIR|FEEDS|DIGEST_)/.test(k)),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: repoRoot,
      // Empty values (rather than absent ones) keep a developer's .env from turning chat adapters on here.
      env: { ...cleanEnv, ...BLANK, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      err += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(input);
  });
}

// Never the default data dir (index-data/data/): the bot may be running on it while the tests run.
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'npm-start-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start without chat tokens', () => {
  it('answers piped commands over the bundled sample index, saying so in its first line', async () => {
    const r = await start('/events bukamal\n/search drone attack\n/latest 2\n', { DATA_DIR: dataDir });
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(
      /^Showing the bundled sample: illustrative reports, not real reporting/,
    );
    expect(r.out).toContain('Events in Al-Bukamal (Deir ez-Zor)');
    expect(r.out).toMatch(/Search: drone attack\n {2}\d+ events? in/);
    expect(r.out).not.toContain('still loading');
    expect(r.out).toContain('Latest 2 events');
  });

  it('once the desk has reports of its own, answers from them alone and the sample is gone', async () => {
    const writer = await openAppEngine({
      dataDir,
      clock: createFixedClock('2026-11-24T10:00:00Z'),
      logger: silentLogger,
      waitForSearch: true,
    });
    await writer.ingest([
      {
        input: {
          url: 'https://desk.example.net/1',
          title: 'Clashes near Hajin',
          published: '2026-11-20',
          source: 'Desk Wire',
          body: 'On November 19, the SDF clashed with Islamic State cells near Hajin.',
        },
        origin: { file: 'test' },
      },
    ]);
    await writer.close();
    const r = await start('/latest 50\n', { DATA_DIR: dataDir });
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('bundled sample');
    expect(r.out).toContain('Desk Wire');
    expect(r.out).not.toContain('example.org');
  });

  it('refuses bad settings with one message naming every bad variable', async () => {
    const r = await start('', { SLACK_BOT_TOKEN: 'wrong', DIGEST_TIME: '31:00', DATA_DIR: dataDir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('SLACK_BOT_TOKEN');
    expect(r.err).toContain('DIGEST_TIME');
    expect(r.out).toBe('');
  });
});
