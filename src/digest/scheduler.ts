import path from 'node:path';
import { Cron } from 'croner';
import type { ChatAdapter } from '../core/adapter.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { DigestService, DigestSubscription } from '../core/services.js';
import type { PictureRenderer } from '../pictures/index.js';
import type { QueryEngine } from '../search/types.js';
import { composeDigest, type DigestLimits, digestReportIds, renderDigest } from './compose.js';
import { collectDigestInput } from './digest-service.js';
import { drawDigestPictures, withDigestPictures } from './pictures.js';
import { createPostLog, POST_LOG_FILE, type PostLogEntry, type SlotState, slotKey } from './post-log.js';
import { currentSlot, shiftDay } from './time.js';

/** How failed posts are retried: `baseMs`, then twice as long each time, up to `maxAttempts` tries a day. */
export interface RetryPolicy {
  baseMs: number;
  maxAttempts: number;
  /** Longest wait between tries. Default one hour. */
  maxDelayMs?: number;
}

/** A sensible production policy: 1, 2, 4, 8, 16 minutes. */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 60_000, maxAttempts: 6 };

/** Posts made more than this long after their time are marked late. */
export const DEFAULT_LATE_AFTER_MS = 10 * 60_000;

/** Wait before try number `attempt + 1`, after `attempt` tries failed. */
export function retryDelay(attempt: number, retry: RetryPolicy): number {
  return Math.min(retry.baseMs * 2 ** Math.max(0, attempt - 1), retry.maxDelayMs ?? 3_600_000);
}

/** What {@link decideDue} concluded for one subscription. */
export type DueDecision =
  | {
      due: true;
      /** Local day of the slot. */
      day: string;
      /** The day the digest covers: the day before `day`. */
      digestDate: string;
      slotAt: Date;
      late: boolean;
      attempt: number;
      /** Messages already sent by an earlier try; posting continues after them. */
      resumeFrom: number;
    }
  | {
      due: false;
      day: string;
      reason: 'subscribed-after-slot' | 'done' | 'in-progress' | 'waiting-retry' | 'gave-up';
      retryAt?: string;
    };

/**
 * Is a digest due for this subscription now? Pure: a function of `now`, the subscription and the post log's
 * state for the most recent slot. Only the most recent slot is considered, so after a long outage one digest
 * (the latest) is posted, not one per missed day. A subscription made after today's time starts tomorrow;
 * configured channels have always existed.
 */
export function decideDue(
  now: Date,
  sub: DigestSubscription,
  state: SlotState | undefined,
  options: { maxAttempts: number; lateAfterMs: number },
): DueDecision {
  const slot = currentSlot(now, sub);
  const base = { day: slot.day };
  if (!sub.fromConfig && slot.at.getTime() < Date.parse(sub.createdAt)) {
    return { ...base, due: false, reason: 'subscribed-after-slot' };
  }
  if (state) {
    if (state.status === 'posted' || state.status === 'interrupted')
      return { ...base, due: false, reason: 'done' };
    if (state.status === 'posting') return { ...base, due: false, reason: 'in-progress' };
    if (state.status === 'gave-up' || state.attempts >= options.maxAttempts) {
      return { ...base, due: false, reason: 'gave-up' };
    }
    if (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > now.getTime()) {
      return { ...base, due: false, reason: 'waiting-retry', retryAt: state.nextAttemptAt };
    }
  }
  return {
    ...base,
    due: true,
    digestDate: shiftDay(slot.day, -1),
    slotAt: slot.at,
    late: state?.late ?? now.getTime() - slot.at.getTime() > options.lateAfterMs,
    attempt: (state?.attempts ?? 0) + 1,
    resumeFrom: state?.sentParts ?? 0,
  };
}

/** Result of one delivery attempt, for logs and tests. */
export interface DeliveryOutcome {
  platform: DigestSubscription['platform'];
  channelId: string;
  day: string;
  digestDate: string;
  attempt: number;
  late: boolean;
  status: 'posted' | 'failed' | 'gave-up';
  /** Messages sent in this attempt. */
  messages: number;
  error?: string;
  nextAttemptAt?: string;
}

/** Starts a daily job; the default uses croner. */
export type CronFactory = (pattern: string, tz: string, run: () => void) => { stop(): void };

/** A one-shot timer; the default uses `setTimeout`. */
export interface WakeTimer {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Options of {@link createDigestScheduler}. */
export interface DigestSchedulerOptions {
  /** Where subscriptions come from (`list()`); `onChange` lets new ones get their job at once. */
  service: Pick<DigestService, 'list'> & { onChange?(listener: () => void): () => void };
  engine: QueryEngine;
  posters: { slack?: ChatAdapter; discord?: ChatAdapter };
  clock: Clock;
  logger: Logger;
  /** `<dataDir>/digest-posts.jsonl` records every post. */
  dataDir: string;
  retry: RetryPolicy;
  limits?: Partial<DigestLimits>;
  /**
   * Draws the digest's map and governorate timelines, posted with its first message. Without it the digest
   * is text only.
   */
  pictures?: PictureRenderer;
  lateAfterMs?: number;
  cron?: CronFactory;
  timer?: WakeTimer;
}

/** Posts each subscribed channel's digest once a day. */
export interface DigestScheduler {
  /** Load the post log, start the daily jobs and post what is due now (a missed digest, marked late). */
  start(): Promise<DeliveryOutcome[]>;
  /** Stop the jobs and wait for posts under way, so a restart does not leave a post half-recorded. */
  stop(): Promise<void>;
  /** Post every digest that is due at `clock.now()`. Safe to call at any time, as often as wanted. */
  tick(): Promise<DeliveryOutcome[]>;
}

const croner: CronFactory = (pattern, tz, run) => {
  const job = new Cron(pattern, { timezone: tz, protect: true }, run);
  return { stop: () => job.stop() };
};

const realTimer: WakeTimer = {
  set(run, ms) {
    const handle = setTimeout(run, Math.min(Math.max(0, ms), 2 ** 31 - 1));
    handle.unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** A catch-all tick this often, for clock jumps, spring-forward gaps and missed timer wake-ups. */
const HOUSEKEEPING_PATTERN = '*/10 * * * *';

/** The wait a platform asked for (Discord `retryAfterMs`, Slack `retryAfterSeconds`), if any. */
export function retryHintMs(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { retryAfterMs?: unknown; retryAfterSeconds?: unknown };
  if (typeof e.retryAfterMs === 'number' && e.retryAfterMs >= 0) return e.retryAfterMs;
  if (typeof e.retryAfterSeconds === 'number' && e.retryAfterSeconds >= 0) return e.retryAfterSeconds * 1000;
  return undefined;
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.slice(0, 300);
}

/**
 * Build the digest scheduler. Croner fires at each subscription's time in its own zone; what is due is always
 * decided by {@link decideDue} from the clock and the post log, so a fake clock and `tick()` drive it in tests.
 *
 * Exactly once per channel and day: a `posting` claim is appended (and fsynced) before the first message and
 * `posted` after the last. A claim found without an outcome at start-up means the process died mid-post: it is
 * recorded as `interrupted` and not posted again (at most once; see docs/decisions/0004-digest-delivery.md).
 */
export function createDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const { service, engine, posters, clock, logger, retry } = options;
  const lateAfterMs = options.lateAfterMs ?? DEFAULT_LATE_AFTER_MS;
  const makeCron = options.cron ?? croner;
  const timer = options.timer ?? realTimer;
  const log = createPostLog(path.join(options.dataDir, POST_LOG_FILE));
  const inFlight = new Map<string, Promise<DeliveryOutcome>>();
  const jobs = new Map<string, { stop(): void }>();
  const warnedNoAdapter = new Set<string>();
  let loading: Promise<void> | undefined;
  let started = false;
  let wake: unknown;
  let unsubscribe: (() => void) | undefined;

  function load(): Promise<void> {
    loading ??= loadLog().catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    return loading;
  }

  async function loadLog(): Promise<void> {
    const { badLines } = await log.load();
    if (badLines.length) {
      logger.warn('digest post log has unreadable lines; they are ignored', {
        file: POST_LOG_FILE,
        lines: badLines.slice(0, 20),
      });
    }
    const open = [...log.states()].filter(([, state]) => state.status === 'posting').map(([key]) => key);
    for (const key of open) {
      const claim = [...log.entries()].reverse().find((e) => slotKey(e.platform, e.channel, e.day) === key);
      if (!claim) continue;
      logger.error(
        'a digest post was interrupted (the process stopped while posting); not posting it again',
        {
          platform: claim.platform,
          channel: claim.channel,
          day: claim.day,
        },
      );
      await log.append({
        ...claim,
        status: 'interrupted',
        at: clock.now().toISOString(),
        error: 'the process stopped while posting',
      });
    }
  }

  function syncJobs(subs: DigestSubscription[]): void {
    if (!started) return;
    const wanted = new Map<string, { pattern: string; tz: string }>();
    wanted.set('housekeeping', { pattern: HOUSEKEEPING_PATTERN, tz: 'UTC' });
    for (const s of subs) {
      const [h, m] = s.time.split(':').map(Number);
      wanted.set(`${s.time}|${s.tz}`, { pattern: `${m} ${h} * * *`, tz: s.tz });
    }
    for (const [key, job] of jobs) {
      if (!wanted.has(key)) {
        job.stop();
        jobs.delete(key);
      }
    }
    for (const [key, { pattern, tz }] of wanted) {
      if (!jobs.has(key))
        jobs.set(
          key,
          makeCron(pattern, tz, () => void tickSafely()),
        );
    }
  }

  function scheduleWake(subs: DigestSubscription[]): void {
    if (wake !== undefined) timer.clear(wake);
    wake = undefined;
    if (!started) return;
    const now = clock.now();
    let earliest: number | undefined;
    for (const s of subs) {
      const state = log.state(s, currentSlot(now, s).day);
      if (state?.status !== 'failed' || !state.nextAttemptAt) continue;
      const at = Date.parse(state.nextAttemptAt);
      if (earliest === undefined || at < earliest) earliest = at;
    }
    if (earliest !== undefined) wake = timer.set(() => void tickSafely(), earliest - now.getTime());
  }

  async function record(entry: PostLogEntry): Promise<boolean> {
    try {
      await log.append(entry);
      return true;
    } catch (err) {
      logger.error('could not write the digest post log', {
        status: entry.status,
        channel: entry.channel,
        error: err,
      });
      return false;
    }
  }

  async function deliver(
    sub: DigestSubscription,
    decision: Extract<DueDecision, { due: true }>,
    poster: ChatAdapter,
  ): Promise<DeliveryOutcome> {
    const { day, digestDate, attempt, late } = decision;
    const outcome = (
      status: DeliveryOutcome['status'],
      messages: number,
      extra: Partial<DeliveryOutcome> = {},
    ) => ({
      platform: sub.platform,
      channelId: sub.channelId,
      day,
      digestDate,
      attempt,
      late,
      status,
      messages,
      ...extra,
    });
    const base = {
      v: 1 as const,
      platform: sub.platform,
      channel: sub.channelId,
      day,
      digestDate,
      tz: sub.tz,
      attempt,
      late,
    };
    let replies: ReturnType<typeof renderDigest>;
    let reportIds: string[];
    try {
      const doc = composeDigest(
        collectDigestInput(engine, { day: digestDate, tz: sub.tz, now: clock.now(), late }),
        engine.places,
      );
      replies = renderDigest(doc, options.limits);
      reportIds = digestReportIds(doc);
      // Pictures go with the first message; a retry that resumes after it does not draw them again.
      if (options.pictures && decision.resumeFrom === 0) {
        try {
          replies = withDigestPictures(
            replies,
            drawDigestPictures(doc, { engine, renderer: options.pictures, logger }),
          );
        } catch (err) {
          // The text of the digest matters more than its pictures: post it without them.
          logger.error('digest pictures failed; posting the digest without them', {
            platform: sub.platform,
            channel: sub.channelId,
            error: err instanceof Error ? err.stack : String(err),
          });
        }
      }
    } catch (err) {
      return fail(err, decision.resumeFrom);
    }
    if (
      !(await record({ ...base, status: 'posting', at: clock.now().toISOString(), messages: replies.length }))
    ) {
      // Without a claim on disk a crash could lead to a second post, so do not post at all.
      return outcome('failed', 0, { error: 'the post log could not be written' });
    }
    let sent = decision.resumeFrom;
    try {
      for (; sent < replies.length; sent++) await poster.post(sub.channelId, replies[sent]!);
    } catch (err) {
      return fail(err, sent);
    }
    const postedAt = clock.now().toISOString();
    await record({ ...base, status: 'posted', at: postedAt, postedAt, reportIds, messages: replies.length });
    logger.info('digest posted', {
      platform: sub.platform,
      channel: sub.channelId,
      digestDate,
      messages: replies.length,
      late,
      attempt,
    });
    return outcome('posted', replies.length - decision.resumeFrom);

    async function fail(err: unknown, sentParts: number): Promise<DeliveryOutcome> {
      const error = errorText(err);
      const at = clock.now();
      if (attempt >= retry.maxAttempts) {
        await record({ ...base, status: 'gave-up', at: at.toISOString(), sentParts, error });
        logger.error('digest could not be posted; giving up for today', {
          platform: sub.platform,
          channel: sub.channelId,
          digestDate,
          attempts: attempt,
          error,
        });
        return outcome('gave-up', sentParts - decision.resumeFrom, { error });
      }
      const wait = Math.max(retryDelay(attempt, retry), retryHintMs(err) ?? 0);
      const nextAttemptAt = new Date(at.getTime() + wait).toISOString();
      await record({ ...base, status: 'failed', at: at.toISOString(), sentParts, error, nextAttemptAt });
      logger.warn('digest post failed; will retry', {
        platform: sub.platform,
        channel: sub.channelId,
        digestDate,
        attempt,
        nextAttemptAt,
        error,
      });
      return outcome('failed', sentParts - decision.resumeFrom, { error, nextAttemptAt });
    }
  }

  async function tick(): Promise<DeliveryOutcome[]> {
    await load();
    const subs = service.list();
    syncJobs(subs);
    const now = clock.now();
    const running: Promise<DeliveryOutcome>[] = [];
    for (const sub of subs) {
      const decision = decideDue(now, sub, log.state(sub, currentSlot(now, sub).day), {
        maxAttempts: retry.maxAttempts,
        lateAfterMs,
      });
      if (!decision.due) continue;
      const key = slotKey(sub.platform, sub.channelId, decision.day);
      if (inFlight.has(key)) continue;
      const poster = posters[sub.platform];
      if (!poster) {
        if (!warnedNoAdapter.has(key)) {
          warnedNoAdapter.add(key);
          logger.warn('digest subscription for a platform that is not running; skipped', {
            platform: sub.platform,
            channel: sub.channelId,
          });
        }
        continue;
      }
      // Registered before the first await so an overlapping tick cannot start the same post.
      const run = deliver(sub, decision, poster).finally(() => inFlight.delete(key));
      inFlight.set(key, run);
      running.push(run);
    }
    const outcomes = await Promise.all(running);
    scheduleWake(service.list());
    return outcomes;
  }

  async function tickSafely(): Promise<void> {
    try {
      await tick();
    } catch (err) {
      logger.error('digest scheduler tick failed', { error: err });
    }
  }

  return {
    async start() {
      await load();
      started = true;
      unsubscribe = service.onChange?.(() => syncJobs(service.list()));
      return tick();
    },
    async stop() {
      started = false;
      unsubscribe?.();
      unsubscribe = undefined;
      for (const job of jobs.values()) job.stop();
      jobs.clear();
      if (wake !== undefined) timer.clear(wake);
      wake = undefined;
      await Promise.allSettled([...inFlight.values()]);
    },
    tick,
  };
}
