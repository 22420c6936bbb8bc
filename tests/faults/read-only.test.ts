import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppEngineOptions, explainDataDirError, openAppEngine } from '../../src/app.js';
import { runCli } from '../../src/cli.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/core/clock.js';
import { DataDirReadOnlyError, type LockFs, lockDataDir } from '../../src/core/dir-lock.js';
import { silentLogger } from '../../src/core/logger.js';
import { collector, linesIn } from '../helpers/streams.js';

/** File operations of a read-only file system: every write fails with EROFS. */
const readOnlyFs: LockFs = {
  async mkdir() {
    return undefined;
  },
  async writeFile(file) {
    throw Object.assign(new Error(`EROFS: read-only file system, open '${file}'`), { code: 'EROFS' });
  },
};

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'faults-ro-'));
  const input = path.join(dataDir, '..', `${path.basename(dataDir)}-in.jsonl`);
  await writeFile(
    input,
    `${JSON.stringify({ url: 'https://example.org/ro', title: 'Shelling near Homs', published: '2026-11-20', source: 'Test', body: 'Shelling was reported near Homs on Friday.' })}\n`,
  );
  const w = collector();
  expect(
    await runCli(['ingest', input, '--data-dir', dataDir], {
      stdout: w,
      stderr: collector(),
      stdin: linesIn([]),
      config: loadConfig({ LOG_LEVEL: 'warn' }),
    }),
  ).toBe(0);
  await rm(input);
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function cliOnReadOnly(args: string[]) {
  const stdout = collector();
  const stderr = collector();
  const code = await runCli([...args, '--data-dir', dataDir], {
    stdout,
    stderr,
    stdin: linesIn([]),
    config: loadConfig({ LOG_LEVEL: 'warn' }),
    openEngine: (o: AppEngineOptions) => openAppEngine({ ...o, lockFs: readOnlyFs }),
  });
  return { code, out: stdout.text(), err: stderr.text() };
}

describe('9. a read-only data dir', () => {
  it('the lock says the directory is read-only instead of throwing EROFS', async () => {
    const err = await lockDataDir(dataDir, { purpose: 'the bot', fs: readOnlyFs }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirReadOnlyError);
    expect((err as Error).message).toContain(`The data dir ${dataDir} is read-only (EROFS)`);
  });

  it('ask falls back to reading without writing', async () => {
    const r = await cliOnReadOnly(['ask', '/search shelling']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('is read-only; answering from what it has stored');
    expect(r.out).toContain('Homs');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('ingest says the directory is read-only, with no stack trace', async () => {
    const r = await cliOnReadOnly(['ingest', dataDir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is read-only (EROFS)');
    expect(r.err).not.toMatch(/\n\s+at |EROFS: read-only file system, open/);
  });

  it('the console (npm start) gets the same one-line explanation', async () => {
    const err = await openAppEngine({
      dataDir,
      clock: systemClock,
      logger: silentLogger,
      lockFs: readOnlyFs,
    }).catch((e: unknown) => e);
    expect(explainDataDirError(err)).toContain('is read-only (EROFS)');
    expect(explainDataDirError(new Error('other'))).toBeUndefined();
  });
});
