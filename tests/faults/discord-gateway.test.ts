import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/discord-adapter.js';
import type { ChatAdapter } from '../../src/core/adapter.js';
import { createFixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import type { QueryEngine } from '../../src/search/types.js';
import { testCommands } from '../adapters/discord/test-commands.js';
import { createFakeActors, createFakePlaces } from '../helpers/fake-directories.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import { createFakeEngine } from '../helpers/fake-services.js';

let fake: FakeDiscord;
let adapter: ChatAdapter;
const logger = createMemoryLogger();
const escaped: unknown[] = [];
const onRejection = (reason: unknown) => escaped.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  fake = await startFakeDiscord();
  const engine: QueryEngine = {
    ...createFakeEngine(),
    places: createFakePlaces(),
    actors: createFakeActors(),
  };
  adapter = createDiscordAdapter(
    { token: 'fake-bot-token-0123456789', applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    {
      commands: testCommands({ calls: [] }),
      services: { engine },
      clock: createFixedClock('2026-11-24T10:00:00Z'),
      logger,
    },
    { restRetries: 0, restTimeoutMs: 2000, globalRequestsPerSecond: 100_000 },
  );
  await adapter.start();
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await adapter?.stop();
  await fake?.close();
});

async function until(pred: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('12. a malformed gateway packet', () => {
  it('is contained and logged, the client reconnects, and commands work again', async () => {
    fake.sendCommand('events', [{ name: 'place', type: 3, value: 'Palmyra' }], { permissions: 'abc' });
    await until(() => logger.lines.some((l) => l.includes('discord reconnected')), 15_000);
    expect(escaped).toEqual([]);
    const dropped = logger.lines.find((l) => l.includes('gateway packet could not be handled'));
    expect(dropped).toContain('INTERACTION_CREATE');
    const ix = fake.sendCommand('events', [{ name: 'place', type: 3, value: 'Palmyra' }]);
    await fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/interactions/${ix.id}/${ix.token}/callback`,
      5000,
    );
  });
});
