import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ACTION_IDS,
  decodeButtonValue,
  encodeButtonValue,
} from '../../../src/adapters/slack/render-blocks.js';
import {
  createSlackAdapter,
  type SlackAdapter,
  SlackPostError,
} from '../../../src/adapters/slack/slack-adapter.js';
import type { SlackConfig } from '../../../src/config.js';
import { systemClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/logger.js';
import { createFakeServices, fakeEvent } from '../../helpers/fake-services.js';
import {
  blockActionPayload,
  type FakeSlack,
  postSigned,
  type RecordedResponse,
  slashCommandPayload,
  startFakeSlack,
} from '../../helpers/fake-slack.js';
import { buildTestCommands, type TestCommandLog } from './test-commands.js';

const SECRET = 'test-signing-secret-0123456789';

interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; text: string | { text: string }; action_id?: string; value?: string }[];
}

const blocksOf = (r: RecordedResponse | { body: Record<string, unknown> }) =>
  (r.body.blocks ?? []) as Block[];
const textsOf = (blocks: Block[]) =>
  blocks.flatMap((b) => [
    ...(b.text ? [b.text.text] : []),
    ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text.text)),
  ]);
const buttonsOf = (blocks: Block[]) =>
  blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));

describe('Slack adapter over HTTP (real Bolt, local stand-in)', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let url: string;
  let log: TestCommandLog;
  let releaseGate: () => void;
  const logger = createMemoryLogger();
  const hostileTitle = '<!channel> Strike on <@U0BOSS> convoy *now*';

  beforeAll(async () => {
    fake = await startFakeSlack();
    log = { runs: [], gate: new Promise<void>((r) => (releaseGate = r)) };
    const events = Array.from({ length: 25 }, (_, i) =>
      fakeEvent({
        date: `2024-09-${String(28 - i).padStart(2, '0')}`,
        text: `Event number ${i + 1} near the river.`,
        report: { title: i === 0 ? hostileTitle : `Report ${i + 1}`, url: `https://example.org/r/${i + 1}` },
      }),
    );
    const services = createFakeServices({ events, throwing: { search: new Error('index file is corrupt') } });
    const config: SlackConfig = {
      botToken: 'xoxb-test-bot-token-0001',
      mode: 'http',
      signingSecret: SECRET,
      port: 3000,
      apiUrl: fake.apiUrl,
      adminUsers: ['U0CONFIGURED'],
    };
    adapter = createSlackAdapter(
      config,
      { commands: buildTestCommands(log), services, clock: systemClock, logger },
      { listen: { port: 0, host: '127.0.0.1' }, webApiRetries: 0, unhandledRequestTimeoutMillis: 300 },
    );
    await adapter.start();
    url = `http://127.0.0.1:${adapter.httpPort()}/slack/events`;
  });

  afterAll(async () => {
    releaseGate?.();
    await adapter?.stop();
    await fake?.close();
  });

  beforeEach(() => {
    log.runs.length = 0;
  });

  /** Send a signed slash command; returns the HTTP response and the id of its response_url. */
  async function slash(
    command: string,
    text: string,
    options: {
      user?: string;
      headers?: Record<string, string>;
      timestampSeconds?: number;
      secret?: string;
      triggerId?: string;
    } = {},
  ) {
    const id = randomUUID();
    const form = slashCommandPayload({
      command: `/${command}`,
      text,
      response_url: fake.responseUrl(id),
      ...(options.user ? { user_id: options.user } : {}),
      ...(options.triggerId ? { trigger_id: options.triggerId } : {}),
    });
    const res = await postSigned(url, options.secret ?? SECRET, form, {
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.timestampSeconds ? { timestampSeconds: options.timestampSeconds } : {}),
    });
    return { res, id };
  }

  async function press(actionId: string, value: string, user = 'U0001') {
    const id = randomUUID();
    const payload = blockActionPayload({ actionId, value, responseUrl: fake.responseUrl(id), userId: user });
    const res = await postSigned(url, SECRET, { payload: JSON.stringify(payload) });
    return { res, id };
  }

  const answerTo = (id: string) => fake.waitForResponse((r) => r.id === id);

  it('acknowledges a signed command, then answers ephemerally at the response_url', async () => {
    const { res, id } = await slash('echo', 'hello desk');
    expect(res.status).toBe(200);
    const answer = await answerTo(id);
    expect(answer.headers['content-type']).toContain('application/json');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.text).toBe('You said: hello desk');
    const blocks = blocksOf(answer);
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'You said: hello desk' } });
    expect(textsOf(blocks)).toContain('*echo*  hello desk');
    expect(buttonsOf(blocks).map((b) => b.action_id)).toEqual([ACTION_IDS.share]);
    expect(log.runs).toMatchObject([
      { command: 'echo', text: 'hello desk', user: 'U0001', channel: 'C0001', offset: 0 },
    ]);
  });

  it('acknowledges before doing the work', async () => {
    const { res, id } = await slash('slow', '');
    // The HTTP 200 arrived while the command is still waiting for the gate.
    expect(res.status).toBe(200);
    expect(fake.responses.some((r) => r.id === id)).toBe(false);
    releaseGate();
    expect((await answerTo(id)).body.text).toBe('Finally');
  });

  it.each([
    ['a wrong signing secret', { secret: 'not-the-secret' }],
    ['a timestamp six minutes old', { timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('rejects %s with 401 and never runs the handler', async (_name, options) => {
    const { res, id } = await slash('echo', 'forged', options);
    expect(res.status).toBe(401);
    // A good request afterwards is answered; the forged one never was.
    const barrier = await slash('echo', 'after');
    await answerTo(barrier.id);
    expect(fake.responses.some((r) => r.id === id)).toBe(false);
    expect(log.runs.map((r) => r.text)).toEqual(['after']);
  });

  it('rejects a request without signature headers', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(
        slashCommandPayload({ command: '/echo', response_url: fake.responseUrl() }),
      ).toString(),
    });
    expect(res.status).toBe(401);
  });

  it('acknowledges a Slack retry without answering it a second time', async () => {
    const { res, id } = await slash('echo', 'retried', {
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(res.status).toBe(200);
    const barrier = await slash('echo', 'barrier');
    await answerTo(barrier.id);
    expect(fake.responses.some((r) => r.id === id)).toBe(false);
    expect(log.runs.map((r) => r.text)).toEqual(['barrier']);
  });

  it('answers the same trigger id only once', async () => {
    const triggerId = `dup-${randomUUID()}`;
    const first = await slash('echo', 'once', { triggerId });
    await answerTo(first.id);
    const second = await slash('echo', 'once', { triggerId });
    expect(second.res.status).toBe(200);
    const barrier = await slash('echo', 'barrier');
    await answerTo(barrier.id);
    expect(fake.responses.some((r) => r.id === second.id)).toBe(false);
  });

  it('escapes hostile user text so it cannot ping or link', async () => {
    const { id } = await slash('echo', '<!channel> <!everyone> <@U0BOSS> <https://evil.test|bbc.co.uk>');
    const answer = await answerTo(id);
    // Everything Slack displays; button values are data and carry the raw text back to us.
    const shown = [...textsOf(blocksOf(answer)), String(answer.body.text)].join('\n');
    expect(shown).not.toMatch(/<[!@]/);
    expect(shown).not.toContain('<https://evil');
    expect(textsOf(blocksOf(answer))).toContain(
      '*echo*  &lt;!channel&gt; &lt;!everyone&gt; &lt;@U0BOSS&gt; &lt;https://evil.test|bbc.co.uk&gt;',
    );
  });

  it('escapes a hostile report title in the answer', async () => {
    const { id } = await slash('list', '');
    const texts = textsOf(blocksOf(await answerTo(id)));
    expect(texts).toContain('Newest: &lt;!channel&gt; Strike on &lt;@U0BOSS&gt; convoy \u2217now\u2217');
    expect(texts.some((t) => t.includes('<https://example.org/r/1|&lt;!channel&gt; Strike on'))).toBe(true);
    expect(texts.join('\n')).not.toMatch(/<[!@]/);
  });

  it('answers an engine failure with one calm line and logs it with the command and request id', async () => {
    const { id } = await slash('broken', '');
    const answer = await answerTo(id);
    const body = JSON.stringify(answer.body);
    expect(body).not.toContain('index file is corrupt');
    expect(body).not.toMatch(/\bat .*\.ts:\d+/);
    expect(buttonsOf(blocksOf(answer))).toEqual([]);
    const line = logger.lines.find((l) => l.includes('command failed') && l.includes('"command":"broken"'));
    expect(line).toBeDefined();
    const requestId = /"requestId":"([\w-]+)"/.exec(line ?? '')?.[1];
    expect(requestId).toBeDefined();
    expect(body).toContain(`reference ${requestId}`);
  });

  it('pages with the More button, replacing the ephemeral answer', async () => {
    const { id } = await slash('list', '');
    const first = blocksOf(await answerTo(id));
    expect(textsOf(first)).toContain('… and 15 more (use More)');
    const more = buttonsOf(first).find((b) => b.action_id === ACTION_IDS.more);
    expect(decodeButtonValue(more?.value)).toEqual({ command: 'list', text: '', offset: 10 });

    const pressed = await press(ACTION_IDS.more, more!.value!);
    expect(pressed.res.status).toBe(200);
    const second = await answerTo(pressed.id);
    expect(second.body.replace_original).toBe(true);
    expect(second.body.response_type).toBe('ephemeral');
    expect(textsOf(blocksOf(second)).some((t) => t.includes('Event number 11 near'))).toBe(true);
    expect(textsOf(blocksOf(second))).toContain('… and 5 more (use More)');
    expect(log.runs.at(-1)).toMatchObject({ command: 'list', offset: 10 });
  });

  it('shares the answer into the channel with chat.postMessage, without buttons', async () => {
    const before = fake.calls.length;
    const value = encodeButtonValue({ command: 'echo', text: 'for everyone', offset: 0 })!;
    const { res } = await press(ACTION_IDS.share, value, 'U0SHARER');
    expect(res.status).toBe(200);
    const post = await fake.waitForCall('chat.postMessage', (c) => fake.calls.indexOf(c) >= before);
    expect(post.headers.authorization).toBe('Bearer xoxb-test-bot-token-0001');
    expect(post.body.channel).toBe('C0001');
    expect(post.body.text).toBe('You said: for everyone');
    const blocks = (post.blocks ?? []) as Block[];
    expect(textsOf(blocks)).toContain('Shared by <@U0SHARER>');
    expect(textsOf(blocks)).toContain('*echo*  for everyone');
    expect(buttonsOf(blocks)).toEqual([]);
  });

  it('tells the user when the channel refuses the shared copy', async () => {
    fake.fail('chat.postMessage', { error: 'not_in_channel', channel: 'C0001', times: 1 });
    const value = encodeButtonValue({ command: 'echo', text: 'private', offset: 0 })!;
    const { id } = await press(ACTION_IDS.share, value);
    const answer = await answerTo(id);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.text).toMatch(/could not post in this channel \(not_in_channel\).*\/invite/);
  });

  it('runs a did-you-mean choice from its button', async () => {
    const value = encodeButtonValue({ command: 'echo', text: 'chosen', offset: 0 })!;
    const { id } = await press(`${ACTION_IDS.choicePrefix}0`, value);
    const answer = await answerTo(id);
    expect(answer.body.text).toBe('You said: chosen');
    expect(answer.body.replace_original).toBe(true);
  });

  it('answers a button with an unreadable value calmly', async () => {
    const { id } = await press(ACTION_IDS.more, 'garbage');
    expect((await answerTo(id)).body.text).toMatch(/expired/);
    expect(log.runs).toEqual([]);
  });

  it.each([
    ['a workspace admin (users.info)', 'U0ADMIN', true],
    ['a configured admin user', 'U0CONFIGURED', true],
    ['a plain member', 'U0MEMBER', false],
  ])('lets %s run an admin-only subcommand: %s', async (_name, user, allowed) => {
    fake.setUser('U0ADMIN', { is_admin: true });
    const { id } = await slash('settings', 'change', { user });
    const answer = await answerTo(id);
    if (allowed) {
      expect(answer.body.text).toBe('Setting changed');
      // Re-running a change is not offered: no Share or More.
      expect(buttonsOf(blocksOf(answer))).toEqual([]);
    } else {
      expect(answer.body.text).toMatch(/Only admins can use \/settings change/);
      expect(log.runs).toEqual([]);
    }
  });

  it('offers Share for the read-only subcommand of the same command', async () => {
    const { id } = await slash('settings', '');
    expect(buttonsOf(blocksOf(await answerTo(id))).map((b) => b.action_id)).toEqual([ACTION_IDS.share]);
  });

  it('answers a user mistake with a friendly ephemeral notice', async () => {
    const { id } = await slash('settings', 'explode');
    const answer = await answerTo(id);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(textsOf(blocksOf(answer))[0]).toMatch(/^:information_source: /);
  });

  it('serves the real /help command', async () => {
    const { id } = await slash('help', 'echo');
    const texts = textsOf(blocksOf(await answerTo(id)));
    expect(texts).toContain('*Usage*\n/echo &lt;words&gt;');
  });

  it('logs a failed respond with the command and request id', async () => {
    fake.failResponses(500, 1);
    const { id } = await slash('echo', 'lost', { triggerId: 'trigger-lost-1' });
    await answerTo(id);
    const line = await fake.waitFor(() => logger.lines.find((l) => l.includes('slack respond failed')));
    expect(line).toContain('"command":"echo"');
    expect(line).toContain('"requestId":"trigger-lost-1"');
  });

  it('posts a reply into a channel', async () => {
    await adapter.post('C0DIGEST', {
      tone: 'info',
      title: 'Daily digest',
      sections: [{ lines: [{ text: 'Quiet day.' }] }],
    });
    const call = await fake.waitForCall('chat.postMessage', (c) => c.body.channel === 'C0DIGEST');
    expect(call.body.text).toBe('Daily digest');
    expect(call.body.unfurl_links).toBe('false');
    expect(buttonsOf((call.blocks ?? []) as Block[])).toEqual([]);
  });

  it.each([
    ['an unknown channel', { error: 'channel_not_found' }, 'channel_not_found', undefined],
    ['a rate limit', { error: 'ratelimited', retryAfter: 7 }, 'ratelimited', 7],
  ])('rejects a post refused for %s with Slack’s code', async (_name, rule, code, retryAfter) => {
    fake.fail('chat.postMessage', { ...rule, channel: 'C0FAIL', times: 1 });
    const error = await adapter
      .post('C0FAIL', { tone: 'info', title: 'x', sections: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackPostError);
    expect((error as SlackPostError).code).toBe(code);
    expect((error as SlackPostError).retryAfterSeconds).toBe(retryAfter);
  });

  it('never logs the bot token or the signing secret', () => {
    const all = logger.lines.join('\n');
    expect(all).not.toContain('xoxb-test-bot-token-0001');
    expect(all).not.toContain(SECRET);
  });
});
