import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeSlack } from '../helpers/fake-slack.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** The real entry point (`npm start`) with the given settings; other chat settings blanked. */
function start(env: Record<string, string>): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const cleanEnv = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(SLACK_|DISCORD_|DATA_DIR|FEEDS|DIGEST_|ADMIN_)/.test(k),
      ),
    );
    const blank = { SLACK_SIGNING_SECRET: '', DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '', FEEDS: '' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: repoRoot,
      env: { ...cleanEnv, ...blank, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      err += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, err }));
  });
}

describe('14. an invalid Slack token at start', () => {
  it('prints the clear message only, with no stack trace, and exits 2', async () => {
    const fake = await startFakeSlack();
    fake.fail('auth.test', { error: 'invalid_auth' });
    const dataDir = await mkdtemp(path.join(tmpdir(), 'faults-start-'));
    try {
      const r = await start({
        SLACK_BOT_TOKEN: 'xoxb-bad-token',
        SLACK_APP_TOKEN: 'xapp-1-x',
        SLACK_API_URL: fake.apiUrl,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
      });
      expect(r.err).toContain('Slack did not accept the bot token (invalid_auth); check SLACK_BOT_TOKEN');
      expect(r.err).not.toMatch(/\n\s+at |fatal:/);
      expect(r.code).toBe(2);
    } finally {
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
