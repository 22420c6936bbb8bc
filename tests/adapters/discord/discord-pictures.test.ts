import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../../src/adapters/discord/discord-adapter.js';
import type { ChatAdapter } from '../../../src/core/adapter.js';
import { createFixedClock } from '../../../src/core/clock.js';
import type { Command } from '../../../src/core/command.js';
import { createMemoryLogger } from '../../../src/core/logger.js';
import type { ReplyImage } from '../../../src/core/reply.js';
import type { QueryEngine } from '../../../src/search/types.js';
import { createFakeActors, createFakePlaces } from '../../helpers/fake-directories.js';
import { type FakeDiscord, type FakeDiscordCall, startFakeDiscord } from '../../helpers/fake-discord.js';
import { createFakeEngine } from '../../helpers/fake-services.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9]);
const image = (kind: 'map' | 'timeline'): ReplyImage => ({
  kind,
  png: PNG,
  alt:
    kind === 'map'
      ? '23 incidents in Deir ez-Zor since 1 Nov: most in Al-Bukamal (9)'
      : '23 incidents by week',
  filename: `${kind}-deir-ez-zor.png`,
  width: 10,
  height: 10,
});

const commands: Command[] = [
  {
    name: 'events',
    description: 'An answer with pictures',
    usage: '/events <place>',
    examples: [],
    options: [{ name: 'place', description: 'x', type: 'string', required: true, positional: true }],
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
];

interface Body {
  embeds?: { title?: string; image?: { url: string } }[];
  attachments?: { id: number; filename: string; description?: string }[];
}

describe('Discord pictures against the stand-in', () => {
  let fake: FakeDiscord;
  let adapter: ChatAdapter;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    const engine: QueryEngine = {
      ...createFakeEngine(),
      places: createFakePlaces(),
      actors: createFakeActors(),
    };
    adapter = createDiscordAdapter(
      { token: 'fake-bot-token-pictures', applicationId: fake.applicationId, apiUrl: fake.apiUrl },
      {
        commands,
        services: { engine },
        clock: createFixedClock('2026-11-24T10:00:00Z'),
        logger: createMemoryLogger(),
      },
      { restRetries: 0, restTimeoutMs: 2000, globalRequestsPerSecond: 100_000 },
    );
    await adapter.start();
  });

  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  const check = (call: FakeDiscordCall) => {
    const b = call.body as Body;
    expect(call.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(b.embeds?.[0]?.title).toBe('Events in Deir ez-Zor');
    expect(b.embeds?.map((e) => e.image?.url)).toEqual([
      'attachment://map-deir-ez-zor.png',
      'attachment://timeline-deir-ez-zor.png',
    ]);
    // Alt text travels as each attachment's description (discord.js sends ids as strings).
    expect(b.attachments?.map((a) => [String(a.id), a.description])).toEqual([
      ['0', '23 incidents in Deir ez-Zor since 1 Nov: most in Al-Bukamal (9)'],
      ['1', '23 incidents by week'],
    ]);
    expect(call.files?.map((f) => [f.field, f.name, [...f.bytes]])).toEqual([
      ['files[0]', 'map-deir-ez-zor.png', [...PNG]],
      ['files[1]', 'timeline-deir-ez-zor.png', [...PNG]],
    ]);
  };

  it('sends an answer’s map and timeline as attachments that its embeds show', async () => {
    const ix = fake.sendCommand('events', [{ name: 'place', type: 3, value: 'Deir ez-Zor' }]);
    const edited = await fake.waitFor(
      (c) =>
        c.method === 'PATCH' && c.path === `/webhooks/${fake.applicationId}/${ix.token}/messages/@original`,
    );
    check(edited);
  });

  it('posts a reply’s pictures with a channel post (the digest)', async () => {
    await adapter.post(fake.channelId, {
      tone: 'answer',
      title: 'Events in Deir ez-Zor',
      sections: [],
      images: [image('map'), image('timeline')],
    });
    const posted = await fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`,
    );
    check(posted);
  });
});
