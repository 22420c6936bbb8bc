import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toApplicationCommands } from '../../../src/adapters/discord/command-json.js';
import { registerCommands } from '../../../src/adapters/discord/register.js';
import { createMemoryLogger } from '../../../src/core/logger.js';
import { type FakeDiscord, startFakeDiscord } from '../../helpers/fake-discord.js';
import { testCommands } from './test-commands.js';

const TOKEN = 'fake-bot-token-register-42';
let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord();
});

afterAll(async () => {
  await fake?.close();
});

describe('registerCommands', () => {
  it.each([
    ['guild', true, (f: FakeDiscord) => `/applications/${f.applicationId}/guilds/${f.guildId}/commands`],
    ['global', false, (f: FakeDiscord) => `/applications/${f.applicationId}/commands`],
  ])('puts the command list in %s scope', async (scope, withGuild, path) => {
    const commands = testCommands();
    const logger = createMemoryLogger();
    const result = await registerCommands(
      {
        token: TOKEN,
        applicationId: fake.applicationId,
        apiUrl: fake.apiUrl,
        ...(withGuild ? { guildId: fake.guildId } : {}),
      },
      commands,
      logger,
    );
    expect(result).toEqual({ scope, count: commands.length });
    const put = await fake.waitFor((c) => c.method === 'PUT' && c.path === path(fake));
    expect(put.headers.authorization).toBe(`Bot ${TOKEN}`);
    expect(put.body).toEqual(toApplicationCommands(commands));
    expect(logger.lines.join('\n')).not.toContain(TOKEN);
  });

  it('explains a refusal in terms of the settings to check', async () => {
    const err = await registerCommands(
      {
        token: TOKEN,
        applicationId: fake.applicationId,
        apiUrl: `${fake.apiUrl}/wrong`,
        guildId: fake.guildId,
      },
      testCommands(),
      createMemoryLogger(),
      { restRetries: 0, restTimeoutMs: 2000 },
    ).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /does not know application .* or guild .*Check DISCORD_APPLICATION_ID/,
    );
  });

  it('refuses an invalid command list before calling Discord', async () => {
    const before = fake.calls.length;
    const bad = testCommands().map((c, i) => (i === 0 ? { ...c, name: 'Not Valid' } : c));
    await expect(
      registerCommands(
        { token: TOKEN, applicationId: fake.applicationId, apiUrl: fake.apiUrl },
        bad,
        createMemoryLogger(),
      ),
    ).rejects.toThrow(/"Not Valid" is not a valid Discord name/);
    expect(fake.calls.length).toBe(before);
  });
});
