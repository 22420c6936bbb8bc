import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createSlackAdapter, type SlackAdapter } from '../../src/adapters/slack/slack-adapter.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import { type FakeSlack, postSigned, slashCommandPayload, startFakeSlack } from '../helpers/fake-slack.js';
import { openTestEngine } from '../helpers/test-engine.js';

const SECRET = 'e2e-signing-secret-0123456789';

/** The whole chain: real command list, real engine over the bundled sample, real Bolt, stand-in Slack. */
describe('Slack end to end over the sample index', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let url: string;
  let t: Awaited<ReturnType<typeof openTestEngine>>;

  beforeAll(async () => {
    t = await openTestEngine({ sample: true });
    fake = await startFakeSlack();
    adapter = createSlackAdapter(
      {
        botToken: 'xoxb-e2e-token-0001',
        mode: 'http',
        signingSecret: SECRET,
        port: 3000,
        apiUrl: fake.apiUrl,
        adminUsers: [],
      },
      { commands, services: { engine: t.engine }, clock: t.clock, logger: createMemoryLogger() },
      { listen: { port: 0, host: '127.0.0.1' }, webApiRetries: 0, unhandledRequestTimeoutMillis: 300 },
    );
    await adapter.start();
    url = `http://127.0.0.1:${adapter.httpPort()}/slack/events`;
  });

  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
    await t?.cleanup();
  });

  async function ask(command: string, text: string) {
    const id = randomUUID();
    const res = await postSigned(
      url,
      SECRET,
      slashCommandPayload({ command: `/${command}`, text, response_url: fake.responseUrl(id) }),
    );
    expect(res.status).toBe(200);
    const answer = await fake.waitForResponse((r) => r.id === id, 10_000);
    return JSON.stringify(answer.body);
  }

  it('/events abu kamal answers for Al-Bukamal with linked events', async () => {
    const body = await ask('events', 'abu kamal');
    expect(body).toContain('Al-Bukamal (Deir ez-Zor)');
    expect(body).toMatch(/<https:\/\/example\.org\/reports\/[^|>]+\|/);
  });

  it('markdown in a sample report title cannot format or disguise the answer', async () => {
    const body = await ask('search', 'leaked order');
    expect(body).toContain('Leaked');
    expect(body).not.toContain('*urgent*');
    expect(body).not.toContain('_Fatemiyoun_');
  });

  it('an ingested report whose event sentence holds @everyone and <!channel> reaches Slack inert', async () => {
    const summary = await t.engine.ingest([
      {
        input: {
          url: 'https://example.org/e2e/hostile',
          title: 'Hostile <!everyone> title',
          published: '2026-11-24T06:00:00Z',
          source: 'Test Wire',
          body: 'On November 23, gunmen shouting @everyone <!channel> <@U0BOSS> attacked a checkpoint in Hajin.',
        },
        origin: { file: 'e2e' },
      },
    ]);
    expect(summary.added).toBe(1);
    const body = await ask('events', 'hajin');
    expect(body).toContain('&lt;!channel&gt;');
    expect(body).toContain('&lt;!everyone&gt;');
    expect(body).toContain('&lt;@U0BOSS&gt;');
    expect(body).not.toMatch(/(?<!&lt;)<!(channel|everyone)>/);
    expect(body).not.toContain('<@U0BOSS>');
  });
});
