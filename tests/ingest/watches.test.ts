import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixedClock } from '../../src/core/clock.js';
import { UserError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import type { Reply } from '../../src/core/reply.js';
import type { ChannelTarget } from '../../src/core/services.js';
import {
  createWatchService,
  MAX_WATCHES_PER_CHANNEL,
  WATCHES_FILE,
  type WatchAlerts,
} from '../../src/ingest/watches.js';
import type { EventView, QueryEngine } from '../../src/search/types.js';
import { createFakeEngine, fakeActor, fakeEvent, fakePlace } from '../helpers/fake-services.js';
import { manualScheduler } from '../helpers/feed-server.js';

const PLACES = [
  fakePlace('gov-deir-ez-zor', 'Deir ez-Zor', { kind: 'governorate' }),
  fakePlace('al-bukamal', 'Al-Bukamal', { parentId: 'gov-deir-ez-zor', aliases: ['Bukamal', 'Abu Kamal'] }),
  fakePlace('al-mayadin', 'Al-Mayadin', { parentId: 'gov-deir-ez-zor' }),
  fakePlace('palmyra', 'Palmyra'),
  fakePlace('hamidiyah-1', 'Al-Hamidiyah'),
  fakePlace('hamidiyah-2', 'Al-Hamidiyah'),
  fakePlace('hezbollah-village', 'Hezbollah'),
];
const ACTORS = [
  fakeActor('irgc', 'IRGC', { aliases: ['Revolutionary Guards'] }),
  fakeActor('irgc-quds-force', 'Quds Force', { parentId: 'irgc' }),
  fakeActor('hezbollah', 'Hezbollah'),
  fakeActor('sdf', 'SDF'),
];

const SLACK: ChannelTarget = { platform: 'slack', channelId: 'C1' };
const OTHER: ChannelTarget = { platform: 'slack', channelId: 'C2' };
const DISCORD: ChannelTarget = { platform: 'discord', channelId: '1234567' };

/** The fake engine from the shared helpers, with `onAdded` listeners the test can fire. */
function emittingEngine(
  places = PLACES,
  actors = ACTORS,
): { engine: QueryEngine; emit(events: EventView[]): void; listeners: number } {
  const base = createFakeEngine({ places, actors });
  const listeners = new Set<(events: EventView[]) => void>();
  const engine: QueryEngine = {
    ...base,
    onAdded(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    engine,
    emit: (events) => {
      for (const l of listeners) l(events);
    },
    get listeners() {
      return listeners.size;
    },
  };
}

const at = (placeId: string, extra: Parameters<typeof fakeEvent>[0] = {}) =>
  fakeEvent({
    places: [{ id: placeId, name: PLACES.find((p) => p.id === placeId)!.name, precision: 1 }],
    ...extra,
  });
const by = (actorId: string) =>
  fakeEvent({ actors: [{ id: actorId, name: ACTORS.find((a) => a.id === actorId)!.name }] });

let dir: string;
let clock: ReturnType<typeof createFixedClock>;
let logger: ReturnType<typeof createMemoryLogger>;
let posts: { target: ChannelTarget; reply: Reply }[];
let bus: ReturnType<typeof emittingEngine>;
let scheduler: ReturnType<typeof manualScheduler>;
let failPosts: boolean;

function service(hourlyCap = 20): WatchAlerts {
  return createWatchService({
    engine: bus.engine,
    dataDir: dir,
    clock,
    logger,
    hourlyCap,
    scheduler,
    post: async (target, reply) => {
      if (failPosts) throw new Error('channel_not_found');
      posts.push({ target, reply });
    },
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'watches-'));
  clock = createFixedClock('2024-09-22T12:20:00Z');
  logger = createMemoryLogger();
  posts = [];
  bus = emittingEngine();
  scheduler = manualScheduler();
  failPosts = false;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function userError(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('adding and listing', () => {
  it('resolves places and actors, lists per channel and persists atomically', async () => {
    const s = service();
    const w1 = await s.add(SLACK, 'bukamal', 'U1');
    const w2 = await s.add(SLACK, 'Revolutionary Guards');
    const w3 = await s.add(DISCORD, 'Deir ez-Zor');
    expect([w1, w2, w3].map((w) => [w.id, w.kind, w.entityId, w.label, w.createdBy])).toEqual([
      ['w1', 'place', 'al-bukamal', 'Al-Bukamal', 'U1'],
      ['w2', 'actor', 'irgc', 'IRGC', undefined],
      ['w3', 'place', 'gov-deir-ez-zor', 'Deir ez-Zor', undefined],
    ]);
    expect(w1).toMatchObject({ platform: 'slack', channelId: 'C1', createdAt: '2024-09-22T12:20:00.000Z' });
    expect(s.list(SLACK).map((w) => w.id)).toEqual(['w1', 'w2']);
    expect(s.list(DISCORD).map((w) => w.id)).toEqual(['w3']);
    expect(s.list(OTHER)).toEqual([]);
    const saved = JSON.parse(await readFile(path.join(dir, WATCHES_FILE), 'utf8'));
    expect(saved).toEqual({ version: 1, nextId: 4, watches: [w1, w2, w3] });
  });

  it('adding the same thing twice in a channel returns the existing watch', async () => {
    const s = service();
    const first = await s.add(SLACK, 'Al-Bukamal');
    expect(await s.add(SLACK, 'abu kamal')).toEqual(first);
    expect(s.list(SLACK)).toHaveLength(1);
  });

  it.each([
    [
      'an unknown name with suggestions',
      'Bukamall',
      'unknown-watch-name',
      'I don\'t know a place or actor called "Bukamall". Did you mean Al-Bukamal?',
      ['/watch place:Al-Bukamal'],
    ],
    [
      'an unknown name without suggestions',
      'Xyzzy',
      'unknown-watch-name',
      'I don\'t know a place or actor called "Xyzzy". Check the spelling, or try /search Xyzzy.',
      [],
    ],
    [
      'an ambiguous place',
      'Al-Hamidiyah',
      'ambiguous-watch',
      '"Al-Hamidiyah" could mean more than one. Which one should I watch?',
      ['/watch Al-Hamidiyah', '/watch Al-Hamidiyah'],
    ],
    [
      'a name that is both',
      'Hezbollah',
      'ambiguous-watch',
      '"Hezbollah" is both a place and an actor. Which one should I watch?',
      ['/watch place:Hezbollah', '/watch actor:Hezbollah'],
    ],
    [
      'a forced kind that does not match',
      'place:SDF',
      'unknown-watch-name',
      'I don\'t know a place called "SDF". Check the spelling, or try /search SDF.',
      [],
    ],
    [
      'an empty name',
      '   ',
      'missing-name',
      'Which place or actor? For example: /watch Al-Bukamal or /watch Hezbollah',
      [],
    ],
  ])('refuses %s', async (_name, query, code, message, commands) => {
    const err = await userError(service().add(SLACK, query));
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
    expect(err.choices.map((c) => c.command)).toEqual(commands);
  });

  it('a kind prefix settles a name that is both', async () => {
    const s = service();
    expect((await s.add(SLACK, 'actor:Hezbollah')).entityId).toBe('hezbollah');
    expect((await s.add(SLACK, 'place: Hezbollah')).entityId).toBe('hezbollah-village');
  });

  it(`caps a channel at ${MAX_WATCHES_PER_CHANNEL} watches`, async () => {
    const places = Array.from({ length: MAX_WATCHES_PER_CHANNEL + 1 }, (_, i) =>
      fakePlace(`p${i}`, `Village ${i}`),
    );
    bus = emittingEngine(places, []);
    const s = service();
    for (let i = 0; i < MAX_WATCHES_PER_CHANNEL; i++) await s.add(SLACK, `Village ${i}`);
    const err = await userError(s.add(SLACK, `Village ${MAX_WATCHES_PER_CHANNEL}`));
    expect(err.code).toBe('too-many-watches');
    expect(await s.add(OTHER, `Village ${MAX_WATCHES_PER_CHANNEL}`)).toMatchObject({ channelId: 'C2' });
  });
});

describe('removing', () => {
  it.each([
    ['by id', 'w2'],
    ['by id in capitals', 'W2'],
    ['by label', 'irgc'],
    ['by another name for it', 'Revolutionary Guards'],
    ['with a kind prefix', 'actor:IRGC'],
  ])('%s', async (_name, query) => {
    const s = service();
    await s.add(SLACK, 'Al-Bukamal');
    await s.add(SLACK, 'IRGC');
    expect((await s.remove(SLACK, query))?.id).toBe('w2');
    expect(s.list(SLACK).map((w) => w.id)).toEqual(['w1']);
  });

  it('only within the channel, and unknown ones return undefined', async () => {
    const s = service();
    await s.add(SLACK, 'Al-Bukamal');
    expect(await s.remove(OTHER, 'w1')).toBeUndefined();
    expect(await s.remove(SLACK, 'w9')).toBeUndefined();
    expect(await s.remove(SLACK, 'Palmyra')).toBeUndefined();
    expect(s.list(SLACK)).toHaveLength(1);
  });

  it('survives a restart, and ids are never reused', async () => {
    const a = service();
    await a.add(SLACK, 'Al-Bukamal');
    await a.add(SLACK, 'Palmyra');
    await a.remove(SLACK, 'w2');
    await a.close();
    const b = service();
    await b.ready();
    expect(b.list(SLACK).map((w) => [w.id, w.label])).toEqual([['w1', 'Al-Bukamal']]);
    expect((await b.add(SLACK, 'IRGC')).id).toBe('w3');
  });
});

describe('alerts', () => {
  it('posts a matching event once, with its link, to the channels watching it', async () => {
    const s = service();
    await s.add(SLACK, 'Deir ez-Zor');
    await s.add(SLACK, 'Al-Bukamal');
    await s.add(OTHER, 'Palmyra');
    const event = at('al-bukamal', {
      text: 'Shelling hit farmland near the crossing.',
      report: {
        url: 'https://wire.example.org/a/1',
        title: 'Shelling near the crossing',
        source: 'Desk Wire',
      },
    });
    bus.emit([event, at('al-mayadin'), at('palmyra', { report: { url: 'https://wire.example.org/a/2' } })]);
    bus.emit([event]);
    await s.idle();
    expect(posts.map((p) => [p.target.channelId, p.reply.title])).toEqual([
      ['C1', 'Watch: Deir ez-Zor, Al-Bukamal'],
      ['C1', 'Watch: Deir ez-Zor'],
      ['C2', 'Watch: Palmyra'],
    ]);
    const first = posts[0]!.reply;
    expect(first.tone).toBe('info');
    expect(first.summary).toBe('New report from Desk Wire: Shelling near the crossing');
    expect(first.sections[0]?.lines[0]).toMatchObject({
      text: 'Shelling hit farmland near the crossing.',
      link: { url: 'https://wire.example.org/a/1', label: 'Desk Wire: Shelling near the crossing' },
    });
    expect(first.footer).toBe('Stop with /watch remove w1 or w2.');
  });

  it('an actor watch covers its sub-units and nothing else', async () => {
    const s = service();
    await s.add(SLACK, 'IRGC');
    bus.emit([by('irgc-quds-force'), by('hezbollah'), by('irgc')]);
    await s.idle();
    expect(posts.map((p) => p.reply.sections[0]?.lines[0]?.detail)).toEqual([
      'Strategic developments · Quds Force',
      'Strategic developments · IRGC',
    ]);
  });

  it('holds back alerts past the hourly cap and sums them up in one line when the hour ends', async () => {
    const s = service(2);
    await s.add(SLACK, 'Deir ez-Zor');
    await s.add(SLACK, 'IRGC');
    bus.emit([at('al-bukamal'), at('al-mayadin'), at('al-bukamal'), by('irgc'), at('gov-deir-ez-zor')]);
    await s.idle();
    expect(posts).toHaveLength(2);
    expect(scheduler.due.map((t) => t.ms)).toEqual([40 * 60_000]);

    scheduler.due.shift()!.fn();
    await s.idle();
    expect(posts).toHaveLength(3);
    expect(posts[2]!.reply).toEqual({
      tone: 'info',
      title: '3 more alerts held back; see /events Deir ez-Zor, /actor IRGC for everything new.',
      sections: [],
      footer: 'This channel gets at most 2 watch alerts an hour.',
    });

    clock.advance(40 * 60_000);
    bus.emit([at('al-mayadin'), at('al-mayadin'), at('al-mayadin')]);
    await s.idle();
    expect(posts.slice(3).map((p) => p.reply.title)).toEqual(['Watch: Deir ez-Zor', 'Watch: Deir ez-Zor']);
  });

  it('a held-back count is still reported when the next hour starts before the timer fires', async () => {
    const s = service(1);
    await s.add(SLACK, 'Palmyra');
    bus.emit([at('palmyra'), at('palmyra')]);
    clock.advance(60 * 60_000);
    bus.emit([at('palmyra')]);
    await s.idle();
    expect(posts.map((p) => p.reply.title)).toEqual([
      'Watch: Palmyra',
      '1 more alert held back; see /events Palmyra for everything new.',
      'Watch: Palmyra',
    ]);
    expect(scheduler.due).toEqual([]);
  });

  it('a failing post is logged and does not stop later alerts', async () => {
    const s = service();
    await s.add(SLACK, 'Palmyra');
    failPosts = true;
    bus.emit([at('palmyra')]);
    await s.idle();
    failPosts = false;
    bus.emit([at('palmyra')]);
    await s.idle();
    expect(posts).toHaveLength(1);
    expect(
      logger.lines.filter(
        (l) => l.includes('could not post a watch alert') && l.includes('channel_not_found'),
      ),
    ).toHaveLength(1);
  });

  it('after close, nothing is posted and the engine listener is gone', async () => {
    const s = service();
    await s.add(SLACK, 'Palmyra');
    expect(bus.listeners).toBe(1);
    await s.close();
    expect(bus.listeners).toBe(0);
    bus.emit([at('palmyra')]);
    await s.idle();
    expect(posts).toEqual([]);
  });
});
