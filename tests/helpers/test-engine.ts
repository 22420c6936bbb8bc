import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AppEngine, openAppEngine, SAMPLE_REPORTS_DIR } from '../../src/app.js';
import { type Clock, createFixedClock } from '../../src/core/clock.js';
import type { CommandContext } from '../../src/core/command.js';
import { type Logger, silentLogger } from '../../src/core/logger.js';
import { ingestPaths } from '../../src/ingest/ingest-files.js';
import type { Engine } from '../../src/search/engine.js';

/** A real engine in a temporary data dir, optionally loaded with the bundled sample. */
export async function openTestEngine(options: { sample?: boolean; clock?: Clock; logger?: Logger } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'engine-'));
  const clock = options.clock ?? createFixedClock('2026-11-24T10:00:00Z');
  const engine = await openAppEngine({
    dataDir: dir,
    clock,
    logger: options.logger ?? silentLogger,
    waitForSearch: true,
  });
  if (options.sample) await ingestPaths(engine, [SAMPLE_REPORTS_DIR]);
  return {
    dir,
    engine,
    clock,
    async reopen(): Promise<AppEngine> {
      await engine.close();
      return openAppEngine({
        dataDir: dir,
        clock,
        logger: options.logger ?? silentLogger,
        waitForSearch: true,
      });
    },
    async cleanup(e: Engine = engine) {
      await e.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A command context over `engine` for tests. */
export function testContext(engine: Engine, overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    services: { engine },
    clock: createFixedClock('2026-11-24T10:00:00Z'),
    logger: silentLogger,
    platform: 'cli',
    user: { id: 'tester', isAdmin: true },
    channel: { id: 'test' },
    page: { offset: 0, limit: 10 },
    ...overrides,
  };
}
