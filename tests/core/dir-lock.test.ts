import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirBusyError, LOCK_FILE, lockDataDir } from '../../src/core/dir-lock.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'lock-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('data dir lock', () => {
  it('is held by one opener at a time and free again after release', async () => {
    const dir = await tempDir();
    const first = await lockDataDir(dir, { purpose: 'the bot' });
    const holder = JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, purpose: 'the bot' });
    await expect(lockDataDir(dir, { purpose: 'cli ingest' })).rejects.toThrow(DataDirBusyError);
    await expect(lockDataDir(dir, { purpose: 'cli ingest' })).rejects.toThrow(/in use by the bot/);
    await first.release();
    await first.release();
    expect(await readdir(dir)).toEqual([]);
    const second = await lockDataDir(dir, { purpose: 'cli ingest' });
    await second.release();
  });

  it.each([
    ['a process that is gone (crash, kill -9)', () => ({ pid: deadPid(), host: 'here' }), 'taken over'],
    ['an unreadable lock file', () => 'not json', 'taken over'],
    ['a live process here', () => ({ pid: process.pid + 1, host: 'here' }), 'refused'],
    ['a process on another host', () => ({ pid: deadPid(), host: 'elsewhere' }), 'refused'],
  ])('a lock left by %s is %s', async (_name, content, outcome) => {
    const dir = await tempDir();
    const value = content();
    await writeFile(
      path.join(dir, LOCK_FILE),
      typeof value === 'string'
        ? value
        : JSON.stringify({ ...value, since: '2026-11-20T00:00:00Z', purpose: 'the bot' }),
    );
    const attempt = lockDataDir(dir, {
      purpose: 'cli ingest',
      host: 'here',
      isAlive: (pid) => pid === process.pid + 1,
    });
    if (outcome === 'refused') {
      await expect(attempt).rejects.toThrow(DataDirBusyError);
      return;
    }
    const lock = await attempt;
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      purpose: 'cli ingest',
    });
    await lock.release();
  });

  it('says who holds the dir and what to do', async () => {
    const dir = await tempDir();
    const lock = await lockDataDir(dir, { purpose: 'the bot', now: new Date('2026-11-24T08:00:00Z') });
    const error = await lockDataDir(dir, { purpose: 'cli ingest' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirBusyError);
    expect((error as Error).message).toContain(`in use by the bot (process ${process.pid}`);
    expect((error as Error).message).toContain('since 2026-11-24T08:00:00.000Z');
    expect((error as Error).message).toContain(path.join(dir, LOCK_FILE));
    await lock.release();
  });

  it('a real second process is refused while the first lives, and takes over after it is killed', async () => {
    const dir = await tempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, '../helpers/hold-lock.ts'), dir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    try {
      const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
      expect(chunk.toString()).toBe('held\n');
      await expect(lockDataDir(dir, { purpose: 'cli ingest' })).rejects.toThrow(/in use by a test child/);
      child.kill('SIGKILL');
      await once(child, 'exit');
      const lock = await lockDataDir(dir, { purpose: 'cli ingest' });
      await lock.release();
    } finally {
      child.kill('SIGKILL');
    }
  });
});
