import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirBusyError, type DirLock, LOCK_FILE, lockDataDir } from '../../src/core/dir-lock.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('2. taking over a stale lock is atomic', () => {
  it('of two contenders racing for the same stale lock, exactly one wins, in every one of 20 trials', async () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const contenders = [dead + 100_001, dead + 100_002];
    for (let trial = 0; trial < 20; trial++) {
      const dir = await mkdtemp(path.join(tmpdir(), 'faults-lock-'));
      dirs.push(dir);
      await writeFile(
        path.join(dir, LOCK_FILE),
        JSON.stringify({ pid: dead, host: 'here', since: '2026-11-20T00:00:00Z', purpose: 'the bot' }),
      );
      const results = await Promise.allSettled(
        contenders.map((pid) =>
          lockDataDir(dir, {
            purpose: `contender ${pid}`,
            host: 'here',
            pid,
            isAlive: (p) => contenders.includes(p),
          }),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won, `trial ${trial}`).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(DataDirBusyError);
      const winner = contenders[results.indexOf(won[0]!)];
      expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8')).pid).toBe(winner);
      // Nothing left behind but the lock itself.
      expect(await readdir(dir)).toEqual([LOCK_FILE]);
      await (won[0] as PromiseFulfilledResult<DirLock>).value.release();
    }
  });
});
