import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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

describe('npm start without chat tokens', () => {
  it('answers piped commands over the bundled sample index', async () => {
    const r = await start('/events bukamal\n/search drone attack\n/latest 2\n');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Events in Al-Bukamal (Deir ez-Zor)');
    expect(r.out).toMatch(/Search: drone attack\n {2}\d+ events? in/);
    expect(r.out).not.toContain('still loading');
    expect(r.out).toContain('Latest 2 events');
  });

  it('refuses bad settings with one message naming every bad variable', async () => {
    const r = await start('', { SLACK_BOT_TOKEN: 'wrong', DIGEST_TIME: '31:00' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('SLACK_BOT_TOKEN');
    expect(r.err).toContain('DIGEST_TIME');
    expect(r.out).toBe('');
  });
});
