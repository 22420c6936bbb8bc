import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/discord-adapter.js';
import { createSlackAdapter } from '../../src/adapters/slack/slack-adapter.js';
import type { ChatAdapter } from '../../src/core/adapter.js';
import { createFixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import type { DigestSubscription } from '../../src/core/services.js';
import { createDigestScheduler, type DigestScheduler } from '../../src/digest/scheduler.js';
import type { PictureRenderer, PictureRequest } from '../../src/pictures/index.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { createFakeEngine, ev } from './fixtures.js';

// The day's events in three governorates, and an older one inside the 14-day window.
const events = [
  ev({ n: 1, published: '2026-11-23T06:00:00Z', places: ['al-bukamal'] }),
  ev({ n: 2, published: '2026-11-23T07:00:00Z', places: ['al-mayadin'], type: 'Battles' }),
  ev({ n: 3, published: '2026-11-23T08:00:00Z', places: ['manbij'] }),
  ev({ n: 4, published: '2026-11-23T09:00:00Z', places: ['palmyra'] }),
  ev({ n: 5, published: '2026-11-15T09:00:00Z', places: ['al-bukamal'] }),
];
const engine = {
  ...createFakeEngine(events),
  eventsForPlace: (id: string, filter: { since?: string; until?: string } = {}) =>
    events.filter(
      (e) =>
        e.governorate?.id === id &&
        (!filter.since || e.date >= filter.since) &&
        (!filter.until || e.date <= filter.until),
    ),
};

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
/** Draws a stand-in PNG per request, named and described from the request, and records what it was asked. */
function recordingRenderer(): PictureRenderer & { requests: PictureRequest[] } {
  const requests: PictureRequest[] = [];
  return {
    requests,
    draw(request) {
      requests.push(request);
      const kind = request.kinds[0]!;
      return {
        images: [
          {
            kind,
            png: PNG,
            alt: `${request.events.length} incidents ${request.scope.subject} ${request.scope.period}`,
            filename: `${kind}-${request.scope.fileStem}.png`,
            width: 10,
            height: 10,
          },
        ],
        notes: [],
        failures: [],
      };
    },
  };
}

const clock = createFixedClock('2026-11-24T05:00:00Z');
const created = '2026-11-01T00:00:00.000Z';
let slackFake: FakeSlack;
let discordFake: FakeDiscord;
let slack: ChatAdapter;
let discord: ChatAdapter;
let dataDir: string;
let scheduler: DigestScheduler;
const renderer = recordingRenderer();

beforeAll(async () => {
  [slackFake, discordFake] = await Promise.all([startFakeSlack(), startFakeDiscord()]);
  dataDir = await mkdtemp(path.join(tmpdir(), 'digest-pictures-'));
  const logger = createMemoryLogger();
  const deps = { commands: [], services: { engine }, clock, logger };
  slack = createSlackAdapter(
    {
      botToken: 'xoxb-digest-pictures-01',
      mode: 'http',
      signingSecret: 'digest-pictures-signing-secret',
      port: 3000,
      apiUrl: slackFake.apiUrl,
      adminUsers: [],
    },
    deps,
    { listen: { port: 0, host: '127.0.0.1' }, webApiRetries: 0, unhandledRequestTimeoutMillis: 300 },
  );
  discord = createDiscordAdapter(
    {
      token: 'fake-digest-pictures-token',
      applicationId: discordFake.applicationId,
      apiUrl: discordFake.apiUrl,
    },
    deps,
    { restRetries: 0, restTimeoutMs: 2000, globalRequestsPerSecond: 100_000 },
  );
  await Promise.all([slack.start(), discord.start()]);
  const subs: DigestSubscription[] = [
    { platform: 'slack', channelId: 'C0PICS', time: '08:00', tz: 'Asia/Damascus', createdAt: created },
    {
      platform: 'discord',
      channelId: discordFake.channelId,
      time: '08:00',
      tz: 'Asia/Damascus',
      createdAt: created,
    },
  ];
  scheduler = createDigestScheduler({
    service: { list: () => subs },
    engine,
    posters: { slack, discord },
    clock,
    logger,
    dataDir,
    retry: { baseMs: 1_000, maxAttempts: 3 },
    pictures: renderer,
    cron: () => ({ stop: () => {} }),
    timer: { set: () => 0, clear: () => {} },
  });
});

afterAll(async () => {
  await scheduler?.stop();
  await Promise.allSettled([slack?.stop(), discord?.stop()]);
  await Promise.allSettled([slackFake?.close(), discordFake?.close()]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const FILES = [
  'map-digest-2026-11-23.png',
  'timeline-deir-ez-zor-2026-11-23.png',
  'timeline-aleppo-2026-11-23.png',
  'timeline-homs-2026-11-23.png',
];

describe('the daily digest posts its pictures', () => {
  it('draws one map of the day and a 14-day timeline per governorate with incidents, busiest first', async () => {
    const outcomes = await scheduler.tick();
    expect(outcomes.map((o) => o.status)).toEqual(['posted', 'posted']);
    // Drawn once per channel, through the same renderer interface as the commands.
    const first = renderer.requests.slice(0, 4);
    expect(first.map((r) => [r.kinds, r.scope.subject, r.events.length])).toEqual([
      [['map'], 'Syria and the region', 4],
      [['timeline'], 'Deir ez-Zor', 3],
      [['timeline'], 'Aleppo', 1],
      [['timeline'], 'Homs', 1],
    ]);
    expect(first[1]?.scope).toMatchObject({ since: '2026-11-10', until: '2026-11-23' });
  });

  it('on Slack, uploads them with the post (files.uploadV2 into the same channel)', () => {
    const post = slackFake.calls.find((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0PICS');
    expect(post).toBeDefined();
    const asked = slackFake.calls.filter((c) => c.method === 'files.getUploadURLExternal');
    expect(asked.map((c) => c.body.filename)).toEqual(FILES);
    expect(asked[0]?.body.alt_text).toBe('4 incidents Syria and the region reported on 23 Nov 2026');
    const done = slackFake.calls.filter((c) => c.method === 'files.completeUploadExternal');
    expect(done).toHaveLength(1);
    expect(done[0]?.body.channel_id).toBe('C0PICS');
    expect((done[0]!.body.files as unknown[]).length).toBe(4);
    expect(slackFake.uploads.map((u) => [...u.bytes])).toEqual(FILES.map(() => [...PNG]));
  });

  it('on Discord, attaches them to the first message, shown in its embeds', () => {
    const posts = discordFake.calls.filter(
      (c) => c.method === 'POST' && c.path === `/channels/${discordFake.channelId}/messages`,
    );
    expect(posts).toHaveLength(1);
    const body = posts[0]!.body as {
      embeds: { image?: { url: string } }[];
      attachments: { filename: string; description: string }[];
    };
    expect(body.attachments.map((a) => a.filename)).toEqual(FILES);
    expect(body.embeds.map((e) => e.image?.url).filter(Boolean)).toEqual(
      FILES.map((f) => `attachment://${f}`),
    );
    expect(posts[0]!.files?.map((f) => f.name)).toEqual(FILES);
  });
});
