import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchCommand } from '../../commands/watch.js';
import { createFixedClock } from '../../src/core/clock.js';
import type { CommandContext, Platform } from '../../src/core/command.js';
import { dispatch } from '../../src/core/dispatch.js';
import { silentLogger } from '../../src/core/logger.js';
import { createWatchService, type WatchAlerts } from '../../src/ingest/watches.js';
import { createFakeEngine, fakeActor, fakePlace } from '../helpers/fake-services.js';

const engine = createFakeEngine({
  places: [fakePlace('al-bukamal', 'Al-Bukamal', { aliases: ['Bukamal'] }), fakePlace('palmyra', 'Palmyra')],
  actors: [fakeActor('hezbollah', 'Hezbollah')],
});

let dir: string;
let watches: WatchAlerts;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'watch-cmd-'));
  watches = createWatchService({
    engine,
    dataDir: dir,
    clock: createFixedClock('2024-09-22T12:00:00Z'),
    logger: silentLogger,
    hourlyCap: 20,
    post: async () => {},
  });
});
afterEach(async () => {
  await watches.close();
  await rm(dir, { recursive: true, force: true });
});

function ctx(
  options: { admin?: boolean; platform?: Platform; channel?: string; services?: boolean } = {},
): CommandContext {
  return {
    services: { engine, ...(options.services === false ? {} : { watches }) },
    clock: createFixedClock('2024-09-22T12:00:00Z'),
    logger: silentLogger,
    platform: options.platform ?? 'slack',
    user: { id: 'U1', name: 'desk-editor', isAdmin: options.admin ?? true },
    channel: { id: options.channel ?? 'C1' },
    page: { offset: 0, limit: 10 },
  };
}

const run = (text: string, c = ctx()) => dispatch([watchCommand], { name: 'watch', text }, c);

describe('/watch', () => {
  it.each([
    [
      'a place',
      'Bukamal',
      'Watching Al-Bukamal in this channel.',
      'New events in or around Al-Bukamal will be posted here as they arrive (at most 20 an hour).',
    ],
    [
      'an actor',
      'hezbollah',
      'Watching Hezbollah in this channel.',
      'New events naming Hezbollah will be posted here as they arrive (at most 20 an hour).',
    ],
    [
      'with the add subcommand',
      'add Palmyra',
      'Watching Palmyra in this channel.',
      'New events in or around Palmyra will be posted here as they arrive (at most 20 an hour).',
    ],
  ])('adds %s', async (_name, text, title, summary) => {
    const reply = await run(text);
    expect(reply).toMatchObject({ tone: 'answer', title, summary, footer: 'Stop with /watch remove w1.' });
  });

  it('says so when the channel already watches it', async () => {
    await run('Bukamal');
    expect((await run('Al-Bukamal')).title).toBe('Already watching Al-Bukamal here.');
  });

  it("lists the channel's watches for anyone", async () => {
    await run('Bukamal');
    await run('Hezbollah');
    await run('Palmyra', ctx({ channel: 'C2' }));
    const reply = await run('list', ctx({ admin: false }));
    expect(reply.title).toBe('Watches in this channel (2)');
    expect(reply.sections[0]?.lines).toEqual([
      { lead: 'w1', text: 'Al-Bukamal', detail: 'place · since 2024-09-22 · added by desk-editor' },
      { lead: 'w2', text: 'Hezbollah', detail: 'actor · since 2024-09-22 · added by desk-editor' },
    ]);
    expect((await run('list', ctx({ channel: 'C3' }))).title).toBe('No watches in this channel.');
  });

  it('removes by id or by name', async () => {
    await run('Bukamal');
    await run('Hezbollah');
    expect((await run('remove w1')).title).toBe('Stopped watching Al-Bukamal here.');
    expect((await run('remove hezbollah')).title).toBe('Stopped watching Hezbollah here.');
    expect(watches.list({ platform: 'slack', channelId: 'C1' })).toEqual([]);
  });

  it("offers the channel's watches when removing one that is not there", async () => {
    await run('Bukamal');
    const reply = await run('remove palmyra');
    expect(reply.tone).toBe('user-error');
    expect(reply.title).toBe(
      'There is no watch "palmyra" in this channel. /watch list shows the 1 there are.',
    );
    expect(reply.choices).toEqual([{ label: 'w1: Al-Bukamal', command: '/watch remove w1' }]);
  });

  it('answers an unknown name with did-you-mean choices', async () => {
    const reply = await run('Bukamel');
    expect(reply.tone).toBe('user-error');
    expect(reply.title).toBe('I don\'t know a place or actor called "Bukamel". Did you mean Al-Bukamal?');
    expect(reply.choices).toEqual([{ label: 'Al-Bukamal', command: '/watch place:Al-Bukamal' }]);
  });

  it.each([
    ['add', 'Bukamal', 'Only admins can use /watch add'],
    ['remove', 'remove w1', 'Only admins can use /watch remove'],
  ])('keeps %s to admins', async (_name, text, start) => {
    const reply = await run(text, ctx({ admin: false }));
    expect(reply.tone).toBe('user-error');
    expect(reply.title.startsWith(start)).toBe(true);
    expect(watches.list({ platform: 'slack', channelId: 'C1' })).toEqual([]);
  });

  it.each([
    [
      'outside a chat channel',
      { platform: 'console' as const },
      'user-error',
      'Watches post into a Slack or Discord channel; run /watch there.',
    ],
    ['when watches are not running', { services: false }, 'info', 'Watches are not running here.'],
  ])('explains itself %s', async (_name, options, tone, title) => {
    expect(await run('Bukamal', ctx(options))).toMatchObject({ tone, title });
  });

  it('keeps watches per platform: the same channel id on Discord is another channel', async () => {
    await run('Bukamal', ctx({ channel: '12345' }));
    const reply = await run('list', ctx({ platform: 'discord', channel: '12345' }));
    expect(reply.title).toBe('No watches in this channel.');
  });
});
