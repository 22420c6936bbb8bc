import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_IDS, encodeButtonValue } from '../../../src/adapters/slack/render-blocks.js';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/slack-adapter.js';
import type { SlackConfig } from '../../../src/config.js';
import { systemClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/logger.js';
import { createFakeServices } from '../../helpers/fake-services.js';
import {
  blockActionPayload,
  type FakeSlack,
  slashCommandPayload,
  startFakeSlack,
} from '../../helpers/fake-slack.js';
import { buildTestCommands, type TestCommandLog } from './test-commands.js';

describe('Slack adapter in Socket Mode (real Bolt, local WebSocket stand-in)', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  const log: TestCommandLog = { runs: [], gate: Promise.resolve() };
  const logger = createMemoryLogger();

  beforeAll(async () => {
    fake = await startFakeSlack();
    const config: SlackConfig = {
      botToken: 'xoxb-socket-bot-token-0001',
      mode: 'socket',
      appToken: 'xapp-socket-app-token-0001',
      port: 3000,
      apiUrl: fake.apiUrl,
      adminUsers: [],
    };
    adapter = createSlackAdapter(
      config,
      { commands: buildTestCommands(log), services: createFakeServices(), clock: systemClock, logger },
      { webApiRetries: 0, clientPingTimeout: 200 },
    );
    await adapter.start();
  });

  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  beforeEach(() => {
    log.runs.length = 0;
  });

  function slash(command: string, text: string, extra: { triggerId?: string; retryAttempt?: number } = {}) {
    const id = randomUUID();
    const payload = slashCommandPayload({
      command: `/${command}`,
      text,
      response_url: fake.responseUrl(id),
      ...(extra.triggerId ? { trigger_id: extra.triggerId } : {}),
    });
    const envelopeId = fake.sendEnvelope(
      'slash_commands',
      payload,
      extra.retryAttempt ? { retry_attempt: extra.retryAttempt, retry_reason: 'timeout' } : {},
    );
    return { id, envelopeId };
  }

  it('opens the connection with the app token', async () => {
    const open = await fake.waitForCall('apps.connections.open');
    expect(open.headers.authorization).toBe('Bearer xapp-socket-app-token-0001');
    expect(fake.socketCount()).toBe(1);
    expect(adapter.httpPort()).toBeUndefined();
  });

  it('acks the envelope, then answers at the response_url', async () => {
    const { id, envelopeId } = slash('echo', 'over the socket');
    const ack = await fake.waitForAck(envelopeId);
    expect(ack.envelope_id).toBe(envelopeId);
    const answer = await fake.waitForResponse((r) => r.id === id);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.text).toBe('You said: over the socket');
    expect(answer.body.blocks).toContainEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'You said: over the socket' },
    });
  });

  it.each([
    ['a redelivery of the same trigger id', { triggerId: 'socket-trigger-dup' }, true],
    ['an envelope marked as a retry', { retryAttempt: 1 }, false],
  ])('acks but does not answer %s', async (_name, extra, sendOriginalFirst) => {
    if (sendOriginalFirst) {
      const original = slash('echo', 'original', extra);
      await fake.waitForResponse((r) => r.id === original.id);
    }
    const repeat = slash('echo', 'repeat', extra);
    await fake.waitForAck(repeat.envelopeId);
    const barrier = slash('echo', 'barrier');
    await fake.waitForResponse((r) => r.id === barrier.id);
    expect(fake.responses.some((r) => r.id === repeat.id)).toBe(false);
    expect(log.runs.map((r) => r.text)).not.toContain('repeat');
  });

  it('shares an answer from a button press over the socket', async () => {
    const value = encodeButtonValue({ command: 'echo', text: 'shared <!here>', offset: 0 })!;
    const payload = blockActionPayload({
      actionId: ACTION_IDS.share,
      value,
      responseUrl: fake.responseUrl(),
      userId: 'U0SOCK',
    });
    const envelopeId = fake.sendEnvelope('interactive', payload);
    await fake.waitForAck(envelopeId);
    const post = await fake.waitForCall(
      'chat.postMessage',
      (c) => c.body.text === 'You said: shared &lt;!here&gt;',
    );
    expect(post.body.channel).toBe('C0001');
    expect(JSON.stringify(post.blocks)).toContain('Shared by <@U0SOCK>');
    expect(JSON.stringify(post.blocks)).not.toContain('<!here>');
  });

  it('answers an unknown user politely when the admin lookup fails', async () => {
    fake.fail('users.info', { error: 'user_not_found', times: 1 });
    const { id } = slash('settings', 'change');
    const answer = await fake.waitForResponse((r) => r.id === id);
    expect(answer.body.text).toMatch(/Only admins/);
  });
});

describe('Slack adapter start-up', () => {
  it('fails start() with a clear message when Slack rejects the bot token', async () => {
    const fake = await startFakeSlack();
    fake.fail('auth.test', { error: 'invalid_auth' });
    const adapter = createSlackAdapter(
      {
        botToken: 'xoxb-bad',
        mode: 'socket',
        appToken: 'xapp-x',
        port: 3000,
        apiUrl: fake.apiUrl,
        adminUsers: [],
      },
      { commands: [], services: createFakeServices(), clock: systemClock, logger: createMemoryLogger() },
      { webApiRetries: 0 },
    );
    try {
      await expect(adapter.start()).rejects.toThrow(
        /did not accept the bot token \(invalid_auth\).*SLACK_BOT_TOKEN/,
      );
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });

  it('closes the Socket Mode connection on stop()', async () => {
    const fake = await startFakeSlack();
    const adapter = createSlackAdapter(
      {
        botToken: 'xoxb-1',
        mode: 'socket',
        appToken: 'xapp-1',
        port: 3000,
        apiUrl: fake.apiUrl,
        adminUsers: [],
      },
      { commands: [], services: createFakeServices(), clock: systemClock, logger: createMemoryLogger() },
      { webApiRetries: 0 },
    );
    try {
      await adapter.start();
      expect(fake.socketCount()).toBe(1);
      await adapter.stop();
      await fake.waitFor(() => fake.socketCount() === 0, 3000, 'the socket to close');
      await adapter.stop();
    } finally {
      await fake.close();
    }
  });

  it.each<[string, SlackConfig, RegExp]>([
    [
      'HTTP mode without a signing secret',
      { botToken: 'xoxb-1', mode: 'http', port: 3000, adminUsers: [] },
      /SLACK_SIGNING_SECRET/,
    ],
    [
      'Socket Mode without an app token',
      { botToken: 'xoxb-1', mode: 'socket', port: 3000, adminUsers: [] },
      /SLACK_APP_TOKEN/,
    ],
  ])('refuses %s', (_name, config, message) => {
    const deps = {
      commands: [],
      services: createFakeServices(),
      clock: systemClock,
      logger: createMemoryLogger(),
    };
    expect(() => createSlackAdapter(config, deps)).toThrow(message);
  });
});
