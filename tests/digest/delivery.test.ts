import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/discord-adapter.js';
import { createSlackAdapter } from '../../src/adapters/slack/slack-adapter.js';
import type { ChatAdapter } from '../../src/core/adapter.js';
import { createFixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import type { DigestSubscription } from '../../src/core/services.js';
import { parsePostLog } from '../../src/digest/post-log.js';
import { createDigestScheduler, type DigestScheduler } from '../../src/digest/scheduler.js';
import { type FakeDiscord, startFakeDiscord } from '../helpers/fake-discord.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { createFakeEngine, ev } from './fixtures.js';

const HOSTILE = '@everyone <!channel> shelling reported near the *bridge* <@U0BOSS>';
const engine = createFakeEngine(
  Array.from({ length: 9 }, (_, i) =>
    ev({
      n: i + 1,
      published: `2026-11-23T${String(5 + i).padStart(2, '0')}:15:00Z`,
      places: [['al-bukamal', 'manbij', 'palmyra'][i % 3]!],
      text: i === 0 ? HOSTILE : `Event ${i + 1}: residents reported gunfire overnight on the edge of town.`,
    }),
  ),
);
const clock = createFixedClock('2026-11-24T05:00:00Z');
const logger = createMemoryLogger();
const created = '2026-11-01T00:00:00.000Z';

let slackFake: FakeSlack;
let discordFake: FakeDiscord;
let slack: ChatAdapter;
let discord: ChatAdapter;
let dataDir: string;
let scheduler: DigestScheduler;

beforeAll(async () => {
  [slackFake, discordFake] = await Promise.all([startFakeSlack(), startFakeDiscord()]);
  dataDir = await mkdtemp(path.join(tmpdir(), 'digest-delivery-'));
  const deps = { commands: [], services: { engine }, clock, logger };
  slack = createSlackAdapter(
    {
      botToken: 'xoxb-digest-test-0001',
      mode: 'http',
      signingSecret: 'digest-test-signing-secret',
      port: 3000,
      apiUrl: slackFake.apiUrl,
      adminUsers: [],
    },
    deps,
    { listen: { port: 0, host: '127.0.0.1' }, webApiRetries: 0, unhandledRequestTimeoutMillis: 300 },
  );
  discord = createDiscordAdapter(
    {
      token: 'fake-digest-token-0123456789',
      applicationId: discordFake.applicationId,
      apiUrl: discordFake.apiUrl,
    },
    deps,
    { restRetries: 0, restTimeoutMs: 2000, globalRequestsPerSecond: 100_000 },
  );
  await Promise.all([slack.start(), discord.start()]);
  const subs: DigestSubscription[] = [
    { platform: 'slack', channelId: 'C0DIGEST', time: '08:00', tz: 'Asia/Damascus', createdAt: created },
    { platform: 'slack', channelId: 'C0GONE', time: '08:00', tz: 'Asia/Damascus', createdAt: created },
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
    limits: { maxLinesPerMessage: 8 },
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

interface Block {
  text?: { text: string };
  elements?: { text: string }[];
}
interface Embed {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
}

const slackPosts = (channel: string) =>
  slackFake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === channel);
const slackText = (channel: string) =>
  slackPosts(channel)
    .flatMap((c) => (c.blocks ?? []) as Block[])
    .flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text)])
    .join('\n');
const discordPosts = () =>
  discordFake.calls.filter(
    (c) =>
      c.method === 'POST' && c.path === `/channels/${discordFake.channelId}/messages` && c.status === 200,
  );
const discordText = () =>
  discordPosts()
    .flatMap((c) => (c.body as { embeds: Embed[] }).embeds)
    .flatMap((e) => [
      e.title,
      e.description,
      e.footer?.text,
      ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    ])
    .join('\n');

describe('digest delivery through the real adapters', () => {
  it('posts every part to each channel, retries the failing one, and records it all', async () => {
    slackFake.fail('chat.postMessage', { error: 'channel_not_found', channel: 'C0GONE', times: 1 });
    const first = await scheduler.tick();
    expect(first.map((o) => [o.channelId, o.status]).sort()).toEqual(
      [
        ['C0DIGEST', 'posted'],
        ['C0GONE', 'failed'],
        [discordFake.channelId, 'posted'],
      ].sort(),
    );
    expect(first.find((o) => o.channelId === 'C0GONE')?.error).toContain('channel_not_found');

    const parts = slackPosts('C0DIGEST').length;
    expect(parts).toBeGreaterThan(1);
    expect(slackPosts('C0DIGEST').map((c) => c.body.text as string)).toEqual(
      Array.from({ length: parts }, (_, i) =>
        expect.stringContaining(`Digest for 23 Nov (part ${i + 1} of ${parts})`),
      ),
    );
    expect(discordPosts()).toHaveLength(parts);
    for (let n = 1; n <= 9; n++) {
      expect(slackText('C0DIGEST')).toContain(`news.example.test/r${n}`);
      expect(discordText()).toContain(`news.example.test/r${n}`);
    }
    expect(slackText('C0DIGEST')).not.toMatch(/and \d+ more/);
    expect(discordText()).not.toMatch(/and \d+ more/);

    clock.advance(1_000);
    const retry = await scheduler.tick();
    expect(retry.map((o) => [o.channelId, o.status, o.attempt])).toEqual([['C0GONE', 'posted', 2]]);
    expect(slackPosts('C0GONE').length).toBe(parts + 1); // the refused first try, then every part

    clock.advance(3_600_000);
    expect(await scheduler.tick()).toEqual([]);

    const { entries } = parsePostLog(await readFile(path.join(dataDir, 'digest-posts.jsonl'), 'utf8'));
    const posted = entries.filter((e) => e.status === 'posted');
    expect(posted.map((e) => [e.platform, e.channel, e.messages]).sort()).toEqual(
      [
        ['discord', discordFake.channelId, parts],
        ['slack', 'C0DIGEST', parts],
        ['slack', 'C0GONE', parts],
      ].sort(),
    );
    expect(posted[0]?.reportIds?.length).toBe(9);
  });

  it('report text cannot ping anyone on either platform', () => {
    const slackAll = slackText('C0DIGEST');
    expect(slackAll).toContain('shelling reported near the');
    expect(slackAll).not.toContain('<!channel>');
    expect(slackAll).not.toContain('<@U0BOSS>');
    for (const call of discordPosts()) {
      expect((call.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [] });
    }
    expect(discordText()).toContain('shelling reported near the');
    expect(discordText()).not.toMatch(/(^|[^\u200b])@everyone/);
    expect(discordText()).not.toContain('<@U0BOSS');
  });
});
