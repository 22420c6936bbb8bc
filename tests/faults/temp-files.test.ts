import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppEngine } from '../../src/app.js';
import { createFixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('10. temporary files of an interrupted save', () => {
  it('are removed when the data dir is opened', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'faults-tmp-'));
    const index = path.join(dir, 'index');
    await mkdir(index, { recursive: true });
    const stale = ['.search-index.json.4242.0a1b2c3d.tmp', '.search-index.meta.json.4242.deadbeef.tmp'];
    for (const name of stale) await writeFile(path.join(index, name), 'half a snapshot');
    await writeFile(path.join(dir, '.feed-state.json.777.01234567.tmp'), '{"sources":');
    // Not ours to remove: files that merely look alike.
    await writeFile(path.join(index, 'notes.tmp'), 'keep');
    await writeFile(path.join(dir, '.lock.json.999.0a1b2c3d.tmp'), 'a contender for the lock');
    const open = () =>
      openAppEngine({
        dataDir: dir,
        clock: createFixedClock('2026-11-24T10:00:00Z'),
        logger: silentLogger,
        waitForSearch: true,
      });
    const engine = await open();
    expect((await readdir(index)).filter((n) => n.endsWith('.tmp'))).toEqual(['notes.tmp']);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual(['.lock.json.999.0a1b2c3d.tmp']);
    await engine.close();
  });

  it('are left alone by a read-only opener (another process may be writing them)', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'faults-tmp-'));
    const index = path.join(dir, 'index');
    await mkdir(index, { recursive: true });
    await writeFile(path.join(index, '.search-index.json.4242.0a1b2c3d.tmp'), 'being written');
    const engine = await openAppEngine({
      dataDir: dir,
      clock: createFixedClock('2026-11-24T10:00:00Z'),
      logger: silentLogger,
      waitForSearch: true,
      readOnly: true,
    });
    expect(await readdir(index)).toContain('.search-index.json.4242.0a1b2c3d.tmp');
    await engine.close();
  });
});
