import path from 'node:path';
import type { Clock } from '../core/clock.js';
import { UserError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Reply } from '../core/reply.js';
import type { ChannelTarget, DigestService, DigestSubscription } from '../core/services.js';
import type { QueryEngine } from '../search/types.js';
import {
  composeDigest,
  type DigestDocument,
  type DigestInput,
  type DigestLimits,
  renderDigest,
  renderDigestPage,
} from './compose.js';
import { createSubscriptionStore, SUBSCRIPTIONS_FILE, type SubscriptionLoad } from './subscriptions.js';
import {
  isValidDay,
  localDayWindow,
  localToday,
  parseDigestTime,
  resolveTimeZone,
  shiftDay,
} from './time.js';

/**
 * Gather what {@link composeDigest} needs for local `day` in `tz`: events and reports published that day,
 * the previous day's count, and the seven days before for averages and each place's usual activity.
 */
export function collectDigestInput(
  engine: QueryEngine,
  options: { day: string; tz: string; now: Date; late?: boolean },
): DigestInput {
  const { day, tz } = options;
  const window = localDayWindow(day, tz);
  const previous = localDayWindow(shiftDay(day, -1), tz);
  const weekStart = localDayWindow(shiftDay(day, -7), tz).from;
  const iso = (d: Date) => d.toISOString();
  const week = engine.eventsPublishedBetween(iso(weekStart), iso(window.from));
  const placeHistory = new Map<string, { last7: number }>();
  for (const e of week) {
    for (const id of new Set(e.places.map((p) => p.id))) {
      const entry = placeHistory.get(id) ?? { last7: 0 };
      entry.last7++;
      placeHistory.set(id, entry);
    }
  }
  return {
    day,
    tz,
    events: engine.eventsPublishedBetween(iso(window.from), iso(window.to)),
    previousDayCount: engine.eventsPublishedBetween(iso(previous.from), iso(previous.to)).length,
    sevenDayAverage: week.length / 7,
    placeHistory,
    reports: engine.reportsPublishedBetween(iso(window.from), iso(window.to)),
    now: options.now,
    ...(options.late ? { late: true } : {}),
  };
}

/**
 * Check a `--date`/`date` value: `YYYY-MM-DD` naming a real day. Throws {@link UserError} `bad-date`.
 */
export function parseDigestDate(value: string): string {
  const v = value.trim();
  if (!isValidDay(v)) {
    throw new UserError(
      'bad-date',
      `"${v.slice(0, 20)}" is not a date I can use. Write it as YYYY-MM-DD (e.g. 2026-11-23), or yesterday.`,
    );
  }
  return v;
}

/** Options of {@link createDigestService}. */
export interface DigestServiceOptions {
  engine: QueryEngine;
  /** `<dataDir>/digest-subscriptions.json` holds the subscriptions made by command. */
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** Posting time and zone when `/digest subscribe` gives none, and the zone of `/digest`. */
  defaults: { time: string; tz: string };
  /** Channels declared in configuration (`DIGEST_SLACK_CHANNELS`, `DIGEST_DISCORD_CHANNELS`). */
  configChannels?: { slackChannels?: readonly string[]; discordChannels?: readonly string[] };
  limits?: Partial<DigestLimits>;
}

/** The digest service, with what the scheduler and the CLI use beyond {@link DigestService}. */
export interface DigestServiceHandle extends DigestService {
  show(options: {
    date?: string;
    tz?: string;
    page: { offset: number; limit: number | null };
  }): Promise<Reply>;
  /** The digest of one day as data. */
  document(options: { date?: string; tz?: string; late?: boolean }): DigestDocument;
  /** How the subscriptions file loaded (a corrupt file was moved aside and reported). */
  readonly loaded: SubscriptionLoad;
  /** Called after every subscribe and unsubscribe; returns a function that stops the calls. */
  onChange(listener: () => void): () => void;
}

const CONFIG_VARIABLE = { slack: 'DIGEST_SLACK_CHANNELS', discord: 'DIGEST_DISCORD_CHANNELS' } as const;

/**
 * Open the digest service: load the subscriptions file (a corrupt one is moved aside and logged, never silently
 * dropped) and merge in the channels declared in configuration, which commands cannot change.
 */
export async function createDigestService(options: DigestServiceOptions): Promise<DigestServiceHandle> {
  const { engine, clock, logger } = options;
  const defaults = { time: parseDigestTime(options.defaults.time), tz: resolveTimeZone(options.defaults.tz) };
  const file = path.join(options.dataDir, SUBSCRIPTIONS_FILE);
  const store = createSubscriptionStore(file, { now: () => clock.now() });
  const loaded = await store.load();
  if (loaded.status === 'corrupt') {
    logger.error(
      'digest subscriptions file could not be read; it was moved aside and no subscriptions are loaded',
      {
        file,
        backup: loaded.backup,
        problem: loaded.error,
      },
    );
  }
  const startedAt = clock.now().toISOString();
  const fromConfig: DigestSubscription[] = [
    ...(options.configChannels?.slackChannels ?? []).map((channelId) => ({
      platform: 'slack' as const,
      channelId,
    })),
    ...(options.configChannels?.discordChannels ?? []).map((channelId) => ({
      platform: 'discord' as const,
      channelId,
    })),
  ].map((t) => ({ ...t, time: defaults.time, tz: defaults.tz, createdAt: startedAt, fromConfig: true }));
  const listeners = new Set<() => void>();

  const configured = (target: ChannelTarget) =>
    fromConfig.find((s) => s.platform === target.platform && s.channelId === target.channelId);

  function refuseConfigured(target: ChannelTarget): void {
    const sub = configured(target);
    if (!sub) return;
    throw new UserError(
      'digest-from-config',
      `This channel gets the digest from the bot's configuration (${CONFIG_VARIABLE[sub.platform]}), every day at ${sub.time} ${sub.tz}. Commands cannot change it: ask whoever runs the bot to edit that setting (or DIGEST_TIME / DIGEST_TZ).`,
    );
  }

  function changed(): void {
    for (const listener of listeners) {
      try {
        listener();
      } catch (err) {
        logger.error('digest change listener failed', { error: err });
      }
    }
  }

  function document(opts: { date?: string; tz?: string; late?: boolean }): DigestDocument {
    const tz = opts.tz === undefined ? defaults.tz : resolveTimeZone(opts.tz);
    const now = clock.now();
    const word = opts.date?.trim().toLowerCase();
    const today = localToday(now, tz);
    const day =
      opts.date === undefined || word === 'today'
        ? today
        : word === 'yesterday'
          ? shiftDay(today, -1)
          : parseDigestDate(opts.date);
    const input = collectDigestInput(engine, { day, tz, now, ...(opts.late ? { late: true } : {}) });
    return composeDigest(input, engine.places);
  }

  return {
    loaded,
    document,
    async compose(opts) {
      return renderDigest(document(opts), options.limits);
    },
    async show(opts) {
      return renderDigestPage(document(opts), opts.page);
    },
    async subscribe(target, opts) {
      refuseConfigured(target);
      const time = parseDigestTime(opts.time ?? defaults.time);
      const tz = resolveTimeZone(opts.tz ?? defaults.tz);
      const existing = store.get(target);
      // Keeping the first createdAt means changing the time later the same day does not skip that day.
      const sub: DigestSubscription = {
        platform: target.platform,
        channelId: target.channelId,
        time,
        tz,
        ...(opts.by ? { createdBy: opts.by } : existing?.createdBy ? { createdBy: existing.createdBy } : {}),
        createdAt: existing?.createdAt ?? clock.now().toISOString(),
      };
      await store.put(sub);
      logger.info('digest subscription saved', { platform: sub.platform, channel: sub.channelId, time, tz });
      changed();
      return sub;
    },
    async unsubscribe(target) {
      refuseConfigured(target);
      const removed = await store.remove(target);
      if (removed) {
        logger.info('digest subscription removed', { platform: target.platform, channel: target.channelId });
        changed();
      }
      return removed;
    },
    list() {
      const own = store.list().filter((s) => !configured(s));
      return [...fromConfig.map((s) => ({ ...s })), ...own];
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
