import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS, encodeButtonValue } from '../../../src/adapters/slack/render-blocks.js';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/slack-adapter.js';
import type { SlackConfig } from '../../../src/config.js';
import { systemClock } from '../../../src/core/clock.js';
import type { Command } from '../../../src/core/command.js';
import { createMemoryLogger } from '../../../src/core/logger.js';
import type { ReplyImage } from '../../../src/core/reply.js';
import { createFakeServices } from '../../helpers/fake-services.js';
import {
  blockActionPayload,
  type FakeSlack,
  postSigned,
  slashCommandPayload,
  startFakeSlack,
} from '../../helpers/fake-slack.js';

const SECRET = 'test-signing-secret-pictures';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const image = (kind: 'map' | 'timeline'): ReplyImage => ({
  kind,
  png: PNG,
  alt: `${kind === 'map' ? '23 incidents in Deir ez-Zor since 1 Nov: most in Al-Bukamal (9)' : '23 incidents by week'}`,
  filename: `${kind}-deir-ez-zor.png`,
  width: 10,
  height: 10,
});

/** `/where` answers like /events: pictures offered, drawn only when asked; `/snap` is like /map. */
const commands: Command[] = [
  {
    name: 'where',
    description: 'An answer with pictures',
    usage: '/where <place>',
    examples: [],
    options: [{ name: 'place', description: 'x', type: 'string', positional: true }],
    async run(_input, ctx) {
      return {
        tone: 'answer',
        title: 'Events in Deir ez-Zor',
        sections: [{ lines: [{ text: 'Shelling near Al-Bukamal' }] }],
        imageKinds: ['map', 'timeline'],
        ...(ctx.images?.length ? { images: ctx.images.map(image) } : {}),
      };
    },
  },
  {
    name: 'snap',
    description: 'Just a picture',
    usage: '/snap <place>',
    examples: [],
    options: [{ name: 'place', description: 'x', type: 'string', positional: true }],
    async run() {
      return {
        tone: 'answer',
        title: 'Map: Deir ez-Zor',
        sections: [],
        images: [image('map')],
        imageKinds: ['map'],
      };
    },
  },
];

describe('Slack pictures (real Bolt, local stand-in with the files.uploadV2 flow)', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let url: string;

  beforeAll(async () => {
    fake = await startFakeSlack();
    const config: SlackConfig = {
      botToken: 'xoxb-test-bot-token-0002',
      mode: 'http',
      signingSecret: SECRET,
      port: 3000,
      apiUrl: fake.apiUrl,
      adminUsers: [],
    };
    adapter = createSlackAdapter(
      config,
      {
        commands,
        services: createFakeServices({ events: [] }),
        clock: systemClock,
        logger: createMemoryLogger(),
      },
      { listen: { port: 0, host: '127.0.0.1' }, webApiRetries: 0, unhandledRequestTimeoutMillis: 300 },
    );
    await adapter.start();
    url = `http://127.0.0.1:${adapter.httpPort()}/slack/events`;
  });

  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  async function press(actionId: string, value: string, messageTs?: string, wait = true) {
    const id = randomUUID();
    const payload = blockActionPayload({
      actionId,
      value,
      responseUrl: fake.responseUrl(id),
      ...(messageTs ? { messageTs } : {}),
    });
    await postSigned(url, SECRET, { payload: JSON.stringify(payload) });
    return wait ? fake.waitForResponse((r) => r.id === id) : undefined;
  }

  const completions = () => fake.calls.filter((c) => c.method === 'files.completeUploadExternal');

  it('offers Map and Timeline buttons on the ephemeral answer and on the shared copy', async () => {
    const id = randomUUID();
    await postSigned(
      url,
      SECRET,
      slashCommandPayload({ command: '/where', text: 'deir ez-zor', response_url: fake.responseUrl(id) }),
    );
    const answer = await fake.waitForResponse((r) => r.id === id);
    const buttons = (answer.body.blocks as { type: string; elements?: { action_id: string }[] }[])
      .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
      .map((e) => e.action_id);
    expect(buttons).toEqual([ACTION_IDS.share, ACTION_IDS.map, ACTION_IDS.timeline]);
    expect(fake.uploads).toHaveLength(0);
  });

  it('uploads the map to the asker’s DM when the answer was not shared', async () => {
    const before = completions().length;
    const value = encodeButtonValue({ command: 'where', text: 'unshared', offset: 0 })!;
    const told = await press(ACTION_IDS.map, value);
    expect(told?.body.text).toBe('Posted map-deir-ez-zor.png in your direct messages with me.');
    const open = await fake.waitForCall('conversations.open');
    expect(open.body.users).toBe('U0001');
    const url = await fake.waitForCall(
      'files.getUploadURLExternal',
      (c) => c.body.filename === 'map-deir-ez-zor.png',
    );
    expect(url.body.length).toBe(String(PNG.length));
    expect(url.body.alt_text).toBe('23 incidents in Deir ez-Zor since 1 Nov: most in Al-Bukamal (9)');
    const done = completions()[before]!;
    expect(done.body.channel_id).toBe('D0001');
    expect(done.body.thread_ts).toBeUndefined();
    const bytes = fake.uploads.find((u) => u.fileId === (done.body.files as { id: string }[])[0]!.id)!.bytes;
    expect([...bytes]).toEqual([...PNG]);
  });

  it('threads the picture under the shared answer, from the shared copy or from the ephemeral answer', async () => {
    const value = encodeButtonValue({ command: 'where', text: 'shared', offset: 0 })!;
    await press(ACTION_IDS.share, value, undefined, false);
    const shared = await fake.waitForCall('chat.postMessage', (c) => String(c.raw).includes('shared'));
    const sharedButtons = (shared.blocks as { type: string; elements?: { action_id: string }[] }[])
      .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
      .map((e) => e.action_id);
    expect(sharedButtons).toEqual([ACTION_IDS.map, ACTION_IDS.timeline]);

    // From the ephemeral answer: into the thread of the copy it shared.
    const before = completions().length;
    const told = await press(ACTION_IDS.timeline, value);
    expect(told?.body.text).toBe('Posted timeline-deir-ez-zor.png in the thread of the shared answer.');
    await fake.waitFor(() => completions().length > before);
    const first = completions()[before]!;
    expect(first.body.channel_id).toBe('C0001');
    expect(first.body.thread_ts).toMatch(/^\d+\.000100$/);

    // From the shared copy itself: under that message.
    await press(ACTION_IDS.map, value, '1700000555.000100');
    await fake.waitFor(() => completions().length > before + 1);
    expect(completions()[before + 1]!.body).toMatchObject({
      channel_id: 'C0001',
      thread_ts: '1700000555.000100',
    });
  });

  it('posts /map-style answers into the channel and tells the asker', async () => {
    const id = randomUUID();
    const before = completions().length;
    await postSigned(
      url,
      SECRET,
      slashCommandPayload({ command: '/snap', text: 'x', response_url: fake.responseUrl(id) }),
    );
    const told = await fake.waitForResponse((r) => r.id === id);
    expect(told.body.text).toBe('Posted map-deir-ez-zor.png in this channel.');
    expect(completions()[before]!.body.channel_id).toBe('C0001');
    expect(String(completions()[before]!.body.initial_comment)).toContain('Map: Deir ez-Zor: 23 incidents');
  });

  it('says why when the upload is refused', async () => {
    fake.fail('files.completeUploadExternal', { error: 'not_in_channel', times: 1 });
    const id = randomUUID();
    await postSigned(
      url,
      SECRET,
      slashCommandPayload({ command: '/snap', text: 'x', response_url: fake.responseUrl(id) }),
    );
    const told = await fake.waitForResponse((r) => r.id === id);
    expect(told.body.text).toBe(
      'I could not upload the picture (not_in_channel). If this is a private channel, invite me first with /invite.',
    );
  });

  it('uploads a post’s pictures with the post (the digest)', async () => {
    const before = completions().length;
    await adapter.post('C0DIGEST', {
      tone: 'answer',
      title: 'Digest',
      sections: [],
      images: [image('map'), image('timeline')],
    });
    await fake.waitFor(() => completions().length > before);
    const done = completions()[before]!;
    expect(done.body.channel_id).toBe('C0DIGEST');
    expect(done.body.files).toHaveLength(2);
  });
});
