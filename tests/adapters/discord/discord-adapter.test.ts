import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter, DiscordPostError } from '../../../src/adapters/discord/discord-adapter.js';
import type { ChatAdapter } from '../../../src/core/adapter.js';
import { createFixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/logger.js';
import type { QueryEngine } from '../../../src/search/types.js';
import { createFakeActors, createFakePlaces } from '../../helpers/fake-directories.js';
import {
  type FakeDiscord,
  type FakeDiscordCall,
  MANAGE_GUILD,
  startFakeDiscord,
} from '../../helpers/fake-discord.js';
import { createFakeEngine } from '../../helpers/fake-services.js';
import { testCommands } from './test-commands.js';

const TOKEN = 'fake-bot-token-0123456789';

interface Body {
  type?: number;
  flags?: number;
  content?: string;
  data?: { flags?: number; content?: string; choices?: { name: string; value: string }[] };
  embeds?: {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  }[];
  components?: { components: { label: string; custom_id: string; disabled?: boolean }[] }[];
  allowed_mentions?: unknown;
}

let fake: FakeDiscord;
let adapter: ChatAdapter;
const runs = { calls: [] as string[] };
const logger = createMemoryLogger();

beforeAll(async () => {
  fake = await startFakeDiscord();
  const engine: QueryEngine = {
    ...createFakeEngine(),
    places: createFakePlaces(),
    actors: createFakeActors(),
  };
  adapter = createDiscordAdapter(
    { token: TOKEN, applicationId: fake.applicationId, apiUrl: fake.apiUrl, adminRoleId: fake.adminRoleId },
    {
      commands: testCommands(runs),
      services: { engine },
      clock: createFixedClock('2026-11-24T10:00:00Z'),
      logger,
    },
    { restRetries: 0, restTimeoutMs: 2000, globalRequestsPerSecond: 100_000 },
  );
  await adapter.start();
});

afterAll(async () => {
  await adapter?.stop();
  await fake?.close();
});

const body = (c: FakeDiscordCall) => c.body as Body;
const callback = (ix: { id: string; token: string }) =>
  fake.waitFor((c) => c.method === 'POST' && c.path === `/interactions/${ix.id}/${ix.token}/callback`);
const original = (ix: { token: string }, method = 'PATCH') =>
  fake.waitFor(
    (c) => c.method === method && c.path === `/webhooks/${fake.applicationId}/${ix.token}/messages/@original`,
  );
const followUp = (ix: { token: string }) =>
  fake.waitFor((c) => c.method === 'POST' && c.path === `/webhooks/${fake.applicationId}/${ix.token}`);
const buttons = (b: Body) => (b.components ?? []).flatMap((r) => r.components);

describe('Discord adapter against the stand-in', () => {
  it('logs in through the REST API it was given', () => {
    const gateway = fake.calls.find((c) => c.path === '/gateway/bot');
    expect(gateway?.headers.authorization).toBe(`Bot ${TOKEN}`);
  });

  it('defers /events, then edits the original with event embeds, paging buttons and no mentions', async () => {
    const ix = fake.sendCommand('events', [
      { name: 'place', type: 3, value: 'Al-Bukamal' },
      { name: 'type', type: 3, value: 'battles' },
    ]);
    const deferred = await callback(ix);
    const edited = await original(ix);
    expect(body(deferred).type).toBe(5);
    expect((body(deferred).data?.flags ?? 0) & 64).toBe(0);
    expect(fake.calls.indexOf(deferred)).toBeLessThan(fake.calls.indexOf(edited));
    expect(runs.calls).toContain('events {"place":"Al-Bukamal","type":"battles"} offset=0');

    const b = body(edited);
    expect(b.allowed_mentions).toEqual({ parse: [] });
    expect(b.embeds).toHaveLength(1);
    const [embed] = b.embeds!;
    expect(embed?.title).toBe('Events in Al-Bukamal');
    expect(embed?.fields).toHaveLength(10);
    expect(embed?.fields?.[0]).toEqual({
      name: '1 Sep 2024 · Battles',
      value:
        'Event 1 in Al-Bukamal\nAl-Bukamal · IRGC\n[Example Monitor: report 1](https://example.org/r/1) (example.org)',
    });
    expect(embed?.footer?.text).toBe('Showing 1-10 of 23.');
    expect(buttons(b).map((x) => [x.label, Boolean(x.disabled)])).toEqual([
      ['Previous', true],
      ['Next', false],
    ]);
  });

  it('shows the next page when Next is clicked, editing the same message', async () => {
    const ix = fake.sendCommand('events', [{ name: 'place', type: 3, value: 'Palmyra' }]);
    const first = body(await original(ix));
    const next = buttons(first).find((x) => x.label === 'Next')!;
    expect(next.custom_id).toMatch(/^pg:[\w-]{8}:10$/);

    const click = fake.sendButton(next.custom_id);
    expect(body(await callback(click)).type).toBe(6);
    const page2 = body(await original(click));
    expect(page2.embeds?.[0]?.footer?.text).toBe('Showing 11-20 of 23.');
    expect(page2.embeds?.[0]?.fields?.[0]?.name).toBe('11 Sep 2024 · Battles');
    expect(buttons(page2).map((x) => [x.label, Boolean(x.disabled)])).toEqual([
      ['Previous', false],
      ['Next', false],
    ]);
    expect(runs.calls).toContain('events {"place":"Palmyra"} offset=10');
  });

  it('answers a button whose answer is gone with a private "expired" note', async () => {
    const click = fake.sendButton('pg:gone1234:10');
    const b = body(await callback(click));
    expect(b.type).toBe(4);
    expect(b.data?.flags).toBe(64);
    expect(b.data?.content).toMatch(/expired/);
  });

  it.each([
    [
      'place',
      'events',
      [{ name: 'place', type: 3, value: 'buk', focused: true }],
      'Al-Bukamal (Deir ez-Zor)',
    ],
    ['actor-less option', 'events', [{ name: 'since', type: 3, value: '7', focused: true }], undefined],
  ])('answers %s autocomplete with choices at once', async (_, name, options, first) => {
    const ix = fake.sendAutocomplete(name, options);
    const b = body(await callback(ix));
    expect(b.type).toBe(8);
    expect(b.data?.choices?.[0]?.name).toBe(first);
    expect(b.data?.choices?.length ?? 0).toBeLessThanOrEqual(25);
  });

  it('refuses an admin-only subcommand to a plain member, privately and without running it', async () => {
    const ix = fake.sendCommand('digest', [
      { name: 'subscribe', type: 1, options: [{ name: 'time', type: 3, value: '07:00' }] },
    ]);
    const b = body(await callback(ix));
    expect(b.type).toBe(4);
    expect(b.data?.flags).toBe(64);
    expect(b.data?.content).toMatch(
      /Manage Server permission or the desk admin role can use \/digest subscribe/,
    );
    expect(runs.calls.some((c) => c.startsWith('digest subscribe'))).toBe(false);
  });

  it.each([
    ['Manage Server', { permissions: MANAGE_GUILD }],
    ['the configured role', { roles: ['400000000000000004'] }],
  ])('lets a member with %s run it', async (_, member) => {
    runs.calls.length = 0;
    const ix = fake.sendCommand(
      'digest',
      [{ name: 'subscribe', type: 1, options: [{ name: 'time', type: 3, value: '07:00' }] }],
      member,
    );
    expect(body(await callback(ix)).type).toBe(5);
    expect(body(await original(ix)).embeds?.[0]?.title).toBe('Digest subscribe');
    expect(runs.calls).toEqual(['digest subscribe {"time":"07:00"} admin=true']);
  });

  it('answers an invalid option privately before deferring', async () => {
    const ix = fake.sendCommand('latest', [{ name: 'count', type: 4, value: 99 }]);
    const b = body(await callback(ix));
    expect(b.type).toBe(4);
    expect(b.data?.flags).toBe(64);
    expect(b.data?.content).toBe('\\`count\\` must be at most 50.');
  });

  it('attaches an answer’s file (an export) to the reply as a multipart upload', async () => {
    const ix = fake.sendCommand('export', [{ name: 'name', type: 3, value: 'bukamal' }]);
    const call = await original(ix);
    expect(call.files).toHaveLength(1);
    expect(call.files![0]!.name).toBe('al-bukamal-events-2026-11-24.csv');
    expect(call.files![0]!.bytes.toString('utf8')).toBe(
      'event_date,notes\r\n2026-11-20,"Shelling, then calm"\r\n',
    );
    expect((call.body as Body).embeds?.[0]?.title).toContain('Export: Al-Bukamal');
  });

  it('escapes hostile text everywhere it shows', async () => {
    const hostile = '@everyone <@&123> **loud** [click](https://evil.example)';
    const ix = fake.sendCommand('echo', [{ name: 'text', type: 3, value: hostile }]);
    const b = body(await original(ix));
    expect(JSON.stringify(b.embeds)).not.toMatch(/@everyone|<@&/);
    // Footers show text as written (no markdown there), so only the rendered parts are checked for markup.
    const [embed] = b.embeds!;
    const rendered = JSON.stringify([embed?.title, embed?.description, embed?.fields]);
    expect(rendered).not.toContain('**loud**');
    expect(rendered).not.toContain('[click](');
    expect(b.allowed_mentions).toEqual({ parse: [] });
  });

  it('turns a mistake found while running into a private note with follow-up buttons', async () => {
    const ix = fake.sendCommand('events', [{ name: 'place', type: 3, value: 'nowhere' }]);
    expect(body(await callback(ix)).type).toBe(5);
    await original(ix, 'DELETE');
    const note = body(await followUp(ix));
    expect(note.flags).toBe(64);
    expect(note.content).toMatch(/I don't know a place called "nowhere"/);
    const choice = buttons(note)[0]!;
    expect(choice.label).toBe('Al-Bukamal (Deir ez-Zor)');

    const click = fake.sendButton(choice.custom_id);
    expect(body(await callback(click)).type).toBe(5);
    expect(body(await original(click)).embeds?.[0]?.title).toBe('Events in Al-Bukamal');
  });

  it('answers a failing command with one calm private line and logs it without tokens', async () => {
    const ix = fake.sendCommand('boom');
    await original(ix, 'DELETE');
    const note = body(await followUp(ix));
    expect(note.flags).toBe(64);
    expect(note.content).toMatch(/^Something went wrong on our side/);
    expect(note.content).not.toContain('exploded');
    const line = logger.lines.find((l) => l.includes('command failed'));
    expect(line).toContain('"command":"boom"');
    expect(line).toContain('engine exploded');
    expect(logger.lines.join('\n')).not.toContain(ix.token);
    expect(logger.lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('Discord adapter: posting to channels', () => {
  const reply = {
    tone: 'answer' as const,
    title: 'Daily digest @everyone',
    summary: '3 events.',
    sections: [],
  };

  it('posts embeds with allowed_mentions parsing nothing', async () => {
    await adapter.post(fake.channelId, reply);
    const call = await fake.waitFor(
      (c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`,
    );
    const b = body(call);
    expect(b.allowed_mentions).toEqual({ parse: [] });
    expect(b.embeds?.[0]?.title).toBe('Daily digest @\u200beveryone');
  });

  it.each([
    [
      'a missing permission',
      '310000000000000001',
      { status: 403 as const },
      { status: 403, code: 50013, retryable: false },
    ],
    [
      'an unknown channel',
      '310000000000000002',
      { status: 404 as const },
      { status: 404, code: 10003, retryable: false },
    ],
    [
      'a long rate limit',
      '310000000000000003',
      { status: 429 as const, retryAfter: 30 },
      { status: 429, retryable: true },
    ],
  ])('rejects %s with status and code', async (_, channel, failure, expected) => {
    fake.failChannel(channel, failure);
    const err = await adapter.post(channel, reply).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordPostError);
    expect(err).toMatchObject({ channelId: channel, ...expected });
    if (failure.status === 429) expect((err as DiscordPostError).retryAfterMs).toBeGreaterThanOrEqual(30_000);
  });

  it('waits out a short rate limit and then posts', async () => {
    const channel = '310000000000000004';
    fake.failChannel(channel, { status: 429, retryAfter: 0.05, times: 1 });
    await adapter.post(channel, reply);
    const posts = fake.calls.filter((c) => c.path === `/channels/${channel}/messages`);
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
  });
});
