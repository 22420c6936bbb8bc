import path from 'node:path';
import { readJsonFile, writeFileAtomic } from '../core/atomic-file.js';
import type { Clock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Reply, ReplyChoice } from '../core/reply.js';
import type { ChannelTarget, Watch, WatchService } from '../core/services.js';
import type { Actor, Place } from '../extract/types.js';
import { eventLine, truncate } from '../search/present.js';
import type { EventView, QueryEngine } from '../search/types.js';
import type { Scheduler } from './feeds/poller.js';

/** File in the data dir holding every channel's watches. */
export const WATCHES_FILE = 'watches.json';

/** Most watches one channel may hold. */
export const MAX_WATCHES_PER_CHANNEL = 50;

const HOUR_MS = 3_600_000;
/** Alerts remembered to avoid posting one event twice into a channel. */
const POSTED_MEMORY = 5000;

/** Everything the watch service needs; all passed in. */
export interface WatchServiceOptions {
  engine: Pick<QueryEngine, 'places' | 'actors' | 'resolvePlace' | 'resolveActor' | 'onAdded'>;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** Posts into a channel; rejects when the platform refuses. */
  post: (target: ChannelTarget, reply: Reply) => Promise<void>;
  /** Most alerts per channel and clock hour; the rest are counted and summarised in one line. */
  hourlyCap: number;
  scheduler?: Scheduler;
}

/** The watch service plus its lifecycle. */
export interface WatchAlerts extends WatchService {
  readonly hourlyCap: number;
  /** Resolves once saved watches are loaded. */
  ready(): Promise<void>;
  /** Resolves when every queued alert has been posted (or failed). */
  idle(): Promise<void>;
  /** Stop listening for new events and cancel pending summaries. */
  close(): Promise<void>;
}

interface WatchesFile {
  version: 1;
  nextId: number;
  watches: Watch[];
}

interface ChannelWindow {
  start: number;
  sent: number;
  held: number;
  /** Commands that show what was held back, by watch label. */
  heldCommands: Map<string, string>;
  flush?: unknown;
}

const realScheduler: Scheduler = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

function channelKey(t: ChannelTarget): string {
  return `${t.platform}:${t.channelId}`;
}

function sameChannel(a: ChannelTarget, b: ChannelTarget): boolean {
  return a.platform === b.platform && a.channelId === b.channelId;
}

function norm(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function isWatch(v: unknown): v is Watch {
  const w = v as Partial<Watch> | null;
  return (
    !!w &&
    typeof w.id === 'string' &&
    (w.platform === 'slack' || w.platform === 'discord') &&
    typeof w.channelId === 'string' &&
    (w.kind === 'place' || w.kind === 'actor') &&
    typeof w.entityId === 'string' &&
    typeof w.label === 'string' &&
    typeof w.createdAt === 'string'
  );
}

/** The command a reader would type to see everything for a watch. */
function commandFor(w: Watch, engine: WatchServiceOptions['engine']): string {
  if (w.kind === 'place') return `/events ${engine.places.get(w.entityId)?.name ?? w.label}`;
  return `/actor ${engine.actors.get(w.entityId)?.name ?? w.label}`;
}

/**
 * Create the watch service: `/watch` storage in `<dataDir>/watches.json` (written atomically) and alerts for
 * every newly ingested event that happens at a watched place (or anywhere inside it) or names a watched
 * actor (or one of its sub-units). Each event is posted at most once per channel; past `hourlyCap` alerts in
 * a clock hour the rest are held back and summarised in one line when the hour ends.
 */
export function createWatchService(options: WatchServiceOptions): WatchAlerts {
  const { engine, dataDir, clock, logger, post, hourlyCap } = options;
  const scheduler = options.scheduler ?? realScheduler;
  const log = logger.child({ component: 'watches' });
  const file = path.join(dataDir, WATCHES_FILE);
  let data: WatchesFile = { version: 1, nextId: 1, watches: [] };
  const matchSets = new Map<string, Set<string>>();
  const windows = new Map<string, ChannelWindow>();
  const posted = new Set<string>();
  let queue: Promise<void> = Promise.resolve();
  let writes: Promise<void> = Promise.resolve();
  let closed = false;

  const loaded = readJsonFile<Partial<WatchesFile>>(file, clock.now()).then((read) => {
    if (read.status === 'corrupt') {
      log.warn('watches file was damaged; starting with none', {
        file,
        error: read.error,
        backup: read.backup,
      });
      return;
    }
    if (read.status !== 'ok') return;
    const watches = Array.isArray(read.value.watches) ? read.value.watches.filter(isWatch) : [];
    const highest = watches.reduce((n, w) => Math.max(n, Number(/^w(\d+)$/.exec(w.id)?.[1] ?? 0)), 0);
    const nextId =
      typeof read.value.nextId === 'number' ? Math.max(read.value.nextId, highest + 1) : highest + 1;
    data = { version: 1, nextId, watches };
  });

  function persist(): Promise<void> {
    const text = `${JSON.stringify(data, null, 1)}\n`;
    const write = writes.then(() => writeFileAtomic(file, text));
    writes = write.catch(() => {});
    return write;
  }

  /** Entity ids an event must mention for `w` to match: the place and what it contains, or the actor family. */
  function matchSet(w: Watch): Set<string> {
    let set = matchSets.get(w.id);
    if (set) return set;
    if (w.kind === 'place') {
      set = new Set([w.entityId, ...engine.places.descendants(w.entityId)]);
    } else {
      set = new Set([w.entityId]);
      const all = [...engine.actors.all()];
      for (let grew = true; grew; ) {
        grew = false;
        for (const a of all) {
          if (a.parentId && set.has(a.parentId) && !set.has(a.id)) {
            set.add(a.id);
            grew = true;
          }
        }
      }
    }
    matchSets.set(w.id, set);
    return set;
  }

  function matches(w: Watch, e: EventView): boolean {
    const set = matchSet(w);
    return w.kind === 'place' ? e.places.some((p) => set.has(p.id)) : e.actors.some((a) => set.has(a.id));
  }

  function windowFor(target: ChannelTarget): ChannelWindow {
    const key = channelKey(target);
    const start = Math.floor(clock.now().getTime() / HOUR_MS) * HOUR_MS;
    let w = windows.get(key);
    if (!w || w.start !== start) {
      if (w) flushHeld(target, w);
      w = { start, sent: 0, held: 0, heldCommands: new Map() };
      windows.set(key, w);
    }
    return w;
  }

  function enqueue(target: ChannelTarget, reply: Reply, what: string): void {
    queue = queue.then(async () => {
      try {
        await post(target, reply);
      } catch (err) {
        log.warn('could not post a watch alert', { channel: channelKey(target), what, err });
      }
    });
  }

  function flushHeld(target: ChannelTarget, w: ChannelWindow): void {
    if (w.flush !== undefined) scheduler.clearTimeout(w.flush);
    w.flush = undefined;
    if (!w.held) return;
    const commands = [...new Set(w.heldCommands.values())];
    const n = w.held;
    w.held = 0;
    w.heldCommands.clear();
    enqueue(
      target,
      {
        tone: 'info',
        title: `${n} more alert${n === 1 ? '' : 's'} held back; see ${commands.join(', ') || '/latest'} for everything new.`,
        sections: [],
        footer: `This channel gets at most ${hourlyCap} watch alerts an hour.`,
      },
      'held-back summary',
    );
  }

  function alertReply(e: EventView, hits: Watch[]): Reply {
    return {
      tone: 'info',
      title: `Watch: ${hits.map((w) => w.label).join(', ')}`,
      summary: `New report from ${e.report.source}: ${truncate(e.report.title, 120)}`,
      sections: [{ lines: [eventLine(e)] }],
      footer: `Stop with /watch remove ${hits.map((w) => w.id).join(' or ')}.`,
    };
  }

  function onEvents(events: EventView[]): void {
    if (closed || !data.watches.length) return;
    const byChannel = new Map<string, { target: ChannelTarget; watches: Watch[] }>();
    for (const w of data.watches) {
      const key = channelKey(w);
      const entry = byChannel.get(key) ?? {
        target: { platform: w.platform, channelId: w.channelId },
        watches: [],
      };
      entry.watches.push(w);
      byChannel.set(key, entry);
    }
    for (const e of events) {
      for (const [key, { target, watches }] of byChannel) {
        const hits = watches.filter((w) => matches(w, e));
        if (!hits.length) continue;
        const postedKey = `${key}|${e.id}`;
        if (posted.has(postedKey)) continue;
        posted.add(postedKey);
        if (posted.size > POSTED_MEMORY) posted.delete(posted.values().next().value!);
        const win = windowFor(target);
        if (win.sent < hourlyCap) {
          win.sent++;
          enqueue(target, alertReply(e, hits), e.id);
          continue;
        }
        win.held++;
        for (const w of hits) win.heldCommands.set(w.label, commandFor(w, engine));
        if (win.flush === undefined) {
          const delay = Math.max(0, win.start + HOUR_MS - clock.now().getTime());
          win.flush = scheduler.setTimeout(() => {
            win.flush = undefined;
            flushHeld(target, win);
          }, delay);
        }
      }
    }
  }

  const unsubscribe = engine.onAdded((events) => {
    try {
      onEvents(events);
    } catch (err) {
      log.error('watch matching failed', { err });
    }
  });

  function resolveEntity(query: string): { kind: 'place'; entity: Place } | { kind: 'actor'; entity: Actor } {
    const forced = /^(place|actor)\s*:\s*(.+)$/i.exec(query);
    const kind = forced ? (forced[1]!.toLowerCase() as 'place' | 'actor') : undefined;
    const name = forced ? forced[2]!.trim() : query;
    const shown = truncate(name, 60);
    const place = kind === 'actor' ? undefined : engine.resolvePlace(name);
    const actor = kind === 'place' ? undefined : engine.resolveActor(name);
    if (place?.status === 'found' && actor?.status === 'found') {
      throw new UserError(
        'ambiguous-watch',
        `"${shown}" is both a place and an actor. Which one should I watch?`,
        [
          {
            label: `Place: ${engine.places.label(place.entity.id)}`,
            command: `/watch place:${place.entity.name}`,
          },
          { label: `Actor: ${actor.entity.name}`, command: `/watch actor:${actor.entity.name}` },
        ],
      );
    }
    if (place?.status === 'found') return { kind: 'place', entity: place.entity };
    if (actor?.status === 'found') return { kind: 'actor', entity: actor.entity };
    const choices: ReplyChoice[] = [];
    if (place?.status === 'ambiguous') {
      for (const p of place.options)
        choices.push({ label: engine.places.label(p.id), command: `/watch ${engine.places.label(p.id)}` });
    }
    if (actor?.status === 'ambiguous') {
      for (const a of actor.options) choices.push({ label: a.name, command: `/watch actor:${a.name}` });
    }
    if (choices.length) {
      throw new UserError(
        'ambiguous-watch',
        `"${shown}" could mean more than one. Which one should I watch?`,
        choices.slice(0, 5),
      );
    }
    for (const p of place?.status === 'unknown' ? place.suggestions : []) {
      choices.push({ label: engine.places.label(p.id), command: `/watch place:${p.name}` });
    }
    for (const a of actor?.status === 'unknown' ? actor.suggestions : []) {
      choices.push({ label: a.name, command: `/watch actor:${a.name}` });
    }
    const what = kind ?? 'place or actor';
    throw new UserError(
      'unknown-watch-name',
      choices.length
        ? `I don't know a ${what} called "${shown}". Did you mean ${choices[0]!.label}?`
        : `I don't know a ${what} called "${shown}". Check the spelling, or try /search ${shown}.`,
      choices.slice(0, 5),
    );
  }

  return {
    hourlyCap,
    ready: () => loaded,
    idle: async () => {
      // Alerts queued while waiting are awaited too.
      for (let last: Promise<void> | undefined; last !== queue; ) {
        last = queue;
        await last;
      }
    },
    async close() {
      closed = true;
      unsubscribe();
      for (const w of windows.values()) if (w.flush !== undefined) scheduler.clearTimeout(w.flush);
      await queue;
      await writes;
    },
    async add(target, query, by) {
      await loaded;
      const q = query.trim();
      if (!q)
        throw new UserError(
          'missing-name',
          'Which place or actor? For example: /watch Al-Bukamal or /watch Hezbollah',
        );
      const { kind, entity } = resolveEntity(q);
      const existing = data.watches.find(
        (w) => sameChannel(w, target) && w.kind === kind && w.entityId === entity.id,
      );
      if (existing) return existing;
      const inChannel = data.watches.filter((w) => sameChannel(w, target)).length;
      if (inChannel >= MAX_WATCHES_PER_CHANNEL) {
        throw new UserError(
          'too-many-watches',
          `This channel already has ${inChannel} watches, the most allowed. Remove one with /watch remove <id> first.`,
        );
      }
      const watch: Watch = {
        id: `w${data.nextId}`,
        platform: target.platform,
        channelId: target.channelId,
        kind,
        entityId: entity.id,
        label: kind === 'place' ? engine.places.label(entity.id) : entity.name,
        ...(by ? { createdBy: by } : {}),
        createdAt: clock.now().toISOString(),
      };
      const before = data;
      data = { version: 1, nextId: data.nextId + 1, watches: [...data.watches, watch] };
      try {
        await persist();
      } catch (err) {
        data = before;
        throw err;
      }
      return watch;
    },
    list(target) {
      return data.watches.filter((w) => sameChannel(w, target));
    },
    async remove(target, idOrQuery) {
      await loaded;
      const q = norm(idOrQuery);
      if (!q) return undefined;
      const mine = data.watches.filter((w) => sameChannel(w, target));
      let hit =
        mine.find((w) => w.id.toLowerCase() === q) ??
        mine.find((w) => norm(w.label) === q) ??
        mine.find((w) => norm(commandFor(w, engine).replace(/^\/\w+ /, '')) === q);
      if (!hit) {
        const forced = /^(place|actor)\s*:\s*(.+)$/i.exec(idOrQuery.trim());
        const name = forced ? forced[2]!.trim() : idOrQuery.trim();
        const place = forced?.[1]?.toLowerCase() === 'actor' ? undefined : engine.resolvePlace(name);
        const actor = forced?.[1]?.toLowerCase() === 'place' ? undefined : engine.resolveActor(name);
        hit = mine.find(
          (w) =>
            (w.kind === 'place' && place?.status === 'found' && place.entity.id === w.entityId) ||
            (w.kind === 'actor' && actor?.status === 'found' && actor.entity.id === w.entityId),
        );
      }
      if (!hit) return undefined;
      const before = data;
      data = { ...data, watches: data.watches.filter((w) => w.id !== hit.id) };
      try {
        await persist();
      } catch (err) {
        data = before;
        throw err;
      }
      matchSets.delete(hit.id);
      return hit;
    },
  };
}
