import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Cron } from 'croner';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatAdapter } from '../../src/core/adapter.js';
import { createFixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import type { DigestSubscription } from '../../src/core/services.js';
import type { DigestJson } from '../../src/digest/compose.js';
import { type PostLogEntry, parsePostLog, type SlotState } from '../../src/digest/post-log.js';
import {
  type CronFactory,
  createDigestScheduler,
  type DigestSchedulerOptions,
  decideDue,
  retryDelay,
  retryHintMs,
} from '../../src/digest/scheduler.js';
import { createFakeEngine, createRecordingPoster, ev } from './fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'digest-sched-'));
  dirs.push(d);
  return d;
}

function sub(channelId: string, extra: Partial<DigestSubscription> = {}): DigestSubscription {
  return {
    platform: 'slack',
    channelId,
    time: '08:00',
    tz: 'Asia/Damascus',
    createdAt: '2026-11-01T00:00:00.000Z',
    ...extra,
  };
}

const engine = createFakeEngine(
  Array.from({ length: 6 }, (_, i) =>
    ev({ n: i + 1, published: new Date(Date.parse('2026-11-20T09:00:00Z') + i * 86_400_000).toISOString() }),
  ),
);

/** A scheduler over a fixed subscription list, with recorded cron jobs and wake-up timers. */
function build(options: {
  dataDir: string;
  subs: DigestSubscription[];
  now: string;
  posters: DigestSchedulerOptions['posters'];
  retry?: DigestSchedulerOptions['retry'];
  limits?: DigestSchedulerOptions['limits'];
}) {
  const clock = createFixedClock(options.now);
  const logger = createMemoryLogger();
  const jobs: { pattern: string; tz: string; stopped: boolean }[] = [];
  const wakeDelays: number[] = [];
  const cron: CronFactory = (pattern, tz) => {
    const job = { pattern, tz, stopped: false };
    jobs.push(job);
    return {
      stop: () => {
        job.stopped = true;
      },
    };
  };
  const scheduler = createDigestScheduler({
    service: { list: () => options.subs },
    engine,
    posters: options.posters,
    clock,
    logger,
    dataDir: options.dataDir,
    retry: options.retry ?? { baseMs: 60_000, maxAttempts: 4 },
    ...(options.limits ? { limits: options.limits } : {}),
    cron,
    timer: { set: (_run, ms) => wakeDelays.push(ms), clear: () => {} },
  });
  return { scheduler, clock, logger, jobs, wakeDelays };
}

async function logEntries(dataDir: string): Promise<PostLogEntry[]> {
  return parsePostLog(await readFile(path.join(dataDir, 'digest-posts.jsonl'), 'utf8')).entries;
}

function postedDays(entries: PostLogEntry[], channel = 'C1'): string[] {
  return entries.filter((e) => e.status === 'posted' && e.channel === channel).map((e) => e.day);
}

describe('decideDue', () => {
  const opts = { maxAttempts: 3, lateAfterMs: 600_000 };
  const s = sub('C1');
  const at = (iso: string) => new Date(iso);
  const state = (extra: Partial<SlotState>): SlotState => ({
    status: 'failed',
    attempts: 1,
    sentParts: 0,
    ...extra,
  });

  it.each<[string, string, SlotState | undefined, Record<string, unknown>]>([
    [
      'on time, nothing logged',
      '2026-11-24T05:00:00Z',
      undefined,
      { due: true, day: '2026-11-24', digestDate: '2026-11-23', late: false, attempt: 1 },
    ],
    [
      'before the time, yesterday not logged: yesterday is due, late',
      '2026-11-24T04:00:00Z',
      undefined,
      { due: true, day: '2026-11-23', late: true },
    ],
    ['an hour after the time: late', '2026-11-24T06:00:00Z', undefined, { due: true, late: true }],
    ['already posted', '2026-11-24T06:00:00Z', state({ status: 'posted' }), { due: false, reason: 'done' }],
    [
      'interrupted by a crash',
      '2026-11-24T06:00:00Z',
      state({ status: 'interrupted' }),
      { due: false, reason: 'done' },
    ],
    [
      'being posted',
      '2026-11-24T06:00:00Z',
      state({ status: 'posting' }),
      { due: false, reason: 'in-progress' },
    ],
    [
      'failed, waiting',
      '2026-11-24T05:00:30Z',
      state({ nextAttemptAt: '2026-11-24T05:01:00.000Z' }),
      { due: false, reason: 'waiting-retry' },
    ],
    [
      'failed, retry time reached',
      '2026-11-24T05:01:00Z',
      state({ nextAttemptAt: '2026-11-24T05:01:00.000Z', sentParts: 1, late: false }),
      { due: true, attempt: 2, resumeFrom: 1, late: false },
    ],
    ['out of attempts', '2026-11-24T09:00:00Z', state({ attempts: 3 }), { due: false, reason: 'gave-up' }],
    ['gave up', '2026-11-24T09:00:00Z', state({ status: 'gave-up' }), { due: false, reason: 'gave-up' }],
  ])('%s', (_name, now, st, expected) => {
    expect(decideDue(at(now), s, st, opts)).toMatchObject(expected);
  });

  it.each([
    ["subscribed after today's time: not today", sub('C1', { createdAt: '2026-11-24T07:00:00Z' }), false],
    [
      'configured channels have always existed',
      sub('C1', { createdAt: '2026-11-24T07:00:00Z', fromConfig: true }),
      true,
    ],
    ["subscribed before today's time", sub('C1', { createdAt: '2026-11-24T04:00:00Z' }), true],
  ])('%s', (_name, subscription, due) => {
    expect(decideDue(at('2026-11-24T08:00:00Z'), subscription, undefined, opts).due).toBe(due);
  });

  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [10, 3_600_000],
  ])('after %i failed tries the wait is %i ms', (attempt, ms) => {
    expect(retryDelay(attempt, { baseMs: 60_000, maxAttempts: 12 })).toBe(ms);
  });

  it.each([
    [{ retryAfterMs: 30_000 }, 30_000],
    [{ retryAfterSeconds: 7 }, 7_000],
    [new Error('plain'), undefined],
    ['text', undefined],
  ])('a platform error %j asks to wait %s ms', (err, ms) => {
    expect(retryHintMs(err)).toBe(ms);
  });
});

describe('createDigestScheduler', () => {
  it('posts once a day at the local time, across the day boundary', async () => {
    const dataDir = await tempDir();
    const slack = createRecordingPoster('slack');
    const { scheduler, clock } = build({
      dataDir,
      subs: [sub('C1')],
      now: '2026-11-23T05:00:00Z',
      posters: { slack },
    });
    expect((await scheduler.tick()).map((o) => [o.status, o.day, o.late])).toEqual([
      ['posted', '2026-11-23', false],
    ]);
    for (const t of [
      '2026-11-23T12:00:00Z',
      '2026-11-23T20:59:00Z',
      '2026-11-23T21:01:00Z',
      '2026-11-24T04:59:00Z',
    ]) {
      clock.set(t);
      expect(await scheduler.tick()).toEqual([]);
    }
    clock.set('2026-11-24T05:00:00Z');
    expect((await scheduler.tick()).map((o) => [o.status, o.day, o.digestDate])).toEqual([
      ['posted', '2026-11-24', '2026-11-23'],
    ]);
    expect(slack.posts.map((p) => p.reply.title)).toEqual(['Digest for 22 Nov', 'Digest for 23 Nov']);
    const entries = await logEntries(dataDir);
    expect(postedDays(entries)).toEqual(['2026-11-23', '2026-11-24']);
    const posted = entries.find((e) => e.status === 'posted' && e.day === '2026-11-24')!;
    expect(posted).toMatchObject({
      platform: 'slack',
      channel: 'C1',
      late: false,
      messages: 1,
      reportIds: ['r4'],
    });
    expect(entries.filter((e) => e.status === 'posting')).toHaveLength(2);
  });

  it('follows the daylight-saving change in Europe/London', async () => {
    const dataDir = await tempDir();
    const slack = createRecordingPoster('slack');
    const london = sub('C1', { tz: 'Europe/London', createdAt: '2026-01-01T00:00:00.000Z' });
    const { scheduler, clock, jobs } = build({
      dataDir,
      subs: [london],
      now: '2026-03-28T08:00:00Z',
      posters: { slack },
    });
    expect((await scheduler.start()).map((o) => [o.day, o.late])).toEqual([['2026-03-28', false]]);
    expect(jobs.map((j) => [j.pattern, j.tz])).toContainEqual(['0 8 * * *', 'Europe/London']);
    clock.set('2026-03-29T06:59:00Z');
    expect(await scheduler.tick()).toEqual([]);
    clock.set('2026-03-29T07:00:00Z');
    expect((await scheduler.tick()).map((o) => o.day)).toEqual(['2026-03-29']);
    clock.set('2026-03-30T07:00:00Z');
    expect((await scheduler.tick()).map((o) => o.digestDate)).toEqual(['2026-03-29']);
    const short = slack.posts.at(-1)!.reply.data as DigestJson;
    expect([short.from, short.to]).toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T23:00:00.000Z']);
    await scheduler.stop();
    expect(jobs.every((j) => j.stopped)).toBe(true);
  });

  it('croner fires at 08:00 London time on both sides of the change', () => {
    const job = new Cron('0 8 * * *', { timezone: 'Europe/London', paused: true }, () => {});
    try {
      expect(job.nextRun(new Date('2026-03-28T12:00:00Z'))?.toISOString()).toBe('2026-03-29T07:00:00.000Z');
      expect(job.nextRun(new Date('2026-10-24T12:00:00Z'))?.toISOString()).toBe('2026-10-25T08:00:00.000Z');
    } finally {
      job.stop();
    }
  });

  it('a restart in the middle of the day does not post again', async () => {
    const dataDir = await tempDir();
    const slack = createRecordingPoster('slack');
    const first = build({ dataDir, subs: [sub('C1')], now: '2026-11-24T05:00:00Z', posters: { slack } });
    await first.scheduler.start();
    await first.scheduler.stop();
    const second = build({ dataDir, subs: [sub('C1')], now: '2026-11-24T09:00:00Z', posters: { slack } });
    expect(await second.scheduler.start()).toEqual([]);
    await second.scheduler.stop();
    expect(slack.posts).toHaveLength(1);
  });

  it('after downtime posts only the most recent missed digest, once, marked late', async () => {
    const dataDir = await tempDir();
    const slack = createRecordingPoster('slack');
    const before = build({ dataDir, subs: [sub('C1')], now: '2026-11-21T05:00:00Z', posters: { slack } });
    await before.scheduler.tick();
    const after = build({ dataDir, subs: [sub('C1')], now: '2026-11-24T09:00:00Z', posters: { slack } });
    const outcomes = await after.scheduler.start();
    expect(outcomes.map((o) => [o.day, o.digestDate, o.late])).toEqual([['2026-11-24', '2026-11-23', true]]);
    expect(await after.scheduler.tick()).toEqual([]);
    await after.scheduler.stop();
    expect(slack.posts.map((p) => p.reply.title)).toEqual([
      'Digest for 20 Nov',
      'Digest for 23 Nov, posted late',
    ]);
    expect(postedDays(await logEntries(dataDir))).toEqual(['2026-11-21', '2026-11-24']);
  });

  it("started before today's time, posts yesterday's missed digest late, then today's on time", async () => {
    const dataDir = await tempDir();
    const slack = createRecordingPoster('slack');
    const { scheduler, clock } = build({
      dataDir,
      subs: [sub('C1')],
      now: '2026-11-24T03:00:00Z',
      posters: { slack },
    });
    expect((await scheduler.start()).map((o) => [o.day, o.late])).toEqual([['2026-11-23', true]]);
    clock.set('2026-11-24T05:00:00Z');
    expect((await scheduler.tick()).map((o) => [o.day, o.late])).toEqual([['2026-11-24', false]]);
    await scheduler.stop();
  });

  it('retries a failing channel with backoff without holding up the others', async () => {
    const dataDir = await tempDir();
    let failures = 0;
    const slack = createRecordingPoster('slack', (channel) =>
      channel === 'C2' && failures++ < 2 ? new Error('channel_not_found') : undefined,
    );
    const discord = createRecordingPoster('discord');
    const subs = [sub('C1'), sub('C2'), sub('D1', { platform: 'discord' })];
    const { scheduler, clock, wakeDelays, logger } = build({
      dataDir,
      subs,
      now: '2026-11-24T05:00:00Z',
      posters: { slack, discord },
    });
    const first = await scheduler.start();
    expect(first.map((o) => [o.channelId, o.status]).sort()).toEqual([
      ['C1', 'posted'],
      ['C2', 'failed'],
      ['D1', 'posted'],
    ]);
    expect(wakeDelays).toEqual([60_000]);
    clock.advance(59_000);
    expect(await scheduler.tick()).toEqual([]);
    clock.advance(1_000);
    expect((await scheduler.tick()).map((o) => [o.channelId, o.status, o.attempt])).toEqual([
      ['C2', 'failed', 2],
    ]);
    expect(wakeDelays.at(-1)).toBe(120_000);
    clock.advance(120_000);
    expect((await scheduler.tick()).map((o) => [o.channelId, o.status, o.attempt])).toEqual([
      ['C2', 'posted', 3],
    ]);
    await scheduler.stop();
    expect(slack.posts.map((p) => p.channelId).sort()).toEqual(['C1', 'C2']);
    expect(discord.posts.map((p) => p.channelId)).toEqual(['D1']);
    expect(logger.lines.filter((l) => l.includes('will retry'))).toHaveLength(2);
  });

  it('gives up for the day after the last attempt and says so in the log', async () => {
    const dataDir = await tempDir();
    const slack = createRecordingPoster('slack', () => new Error('not_in_channel'));
    const { scheduler, clock, logger } = build({
      dataDir,
      subs: [sub('C1')],
      now: '2026-11-24T05:00:00Z',
      posters: { slack },
      retry: { baseMs: 1_000, maxAttempts: 2 },
    });
    expect((await scheduler.tick()).map((o) => o.status)).toEqual(['failed']);
    clock.advance(1_000);
    expect((await scheduler.tick()).map((o) => o.status)).toEqual(['gave-up']);
    clock.advance(3_600_000);
    expect(await scheduler.tick()).toEqual([]);
    expect(slack.calls).toBe(2);
    expect(logger.lines.some((l) => l.includes('giving up for today') && l.includes('not_in_channel'))).toBe(
      true,
    );
  });

  it('a retry continues after the messages that already went out', async () => {
    const dataDir = await tempDir();
    const busy = createFakeEngine(
      Array.from({ length: 12 }, (_, i) =>
        ev({ n: i + 1, published: `2026-11-23T${String(6 + i).padStart(2, '0')}:00:00Z` }),
      ),
    );
    let calls = 0;
    const slack = createRecordingPoster('slack', () =>
      ++calls === 2 ? new Error('ratelimited') : undefined,
    );
    const clock = createFixedClock('2026-11-24T05:00:00Z');
    const scheduler = createDigestScheduler({
      service: { list: () => [sub('C1')] },
      engine: busy,
      posters: { slack },
      clock,
      logger: createMemoryLogger(),
      dataDir,
      retry: { baseMs: 1_000, maxAttempts: 3 },
      limits: { maxLinesPerMessage: 8 },
      cron: () => ({ stop: () => {} }),
      timer: { set: () => 0, clear: () => {} },
    });
    expect((await scheduler.tick()).map((o) => [o.status, o.messages])).toEqual([['failed', 1]]);
    clock.advance(1_000);
    const [retried] = await scheduler.tick();
    expect(retried?.status).toBe('posted');
    const titles = slack.posts.map((p) => p.reply.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles).toEqual(titles.map((_, i) => `Digest for 23 Nov (part ${i + 1} of ${titles.length})`));
    const all = slack.posts.flatMap((p) => p.reply.sections.flatMap((s) => s.lines.map((l) => l.link?.url)));
    for (let n = 1; n <= 12; n++) expect(all).toContain(`https://news.example.test/r${n}`);
  });

  it('a post cut short by a crash is recorded as interrupted and not repeated', async () => {
    const dataDir = await tempDir();
    let claimed!: () => void;
    const reached = new Promise<void>((resolve) => {
      claimed = resolve;
    });
    const hanging: ChatAdapter = {
      platform: 'slack',
      start: async () => {},
      stop: async () => {},
      post: () => {
        claimed();
        return new Promise<void>(() => {});
      },
    };
    const crashed = build({
      dataDir,
      subs: [sub('C1')],
      now: '2026-11-24T05:00:00Z',
      posters: { slack: hanging },
    });
    void crashed.scheduler.tick();
    await reached;
    const slack = createRecordingPoster('slack');
    const restarted = build({ dataDir, subs: [sub('C1')], now: '2026-11-24T05:05:00Z', posters: { slack } });
    expect(await restarted.scheduler.start()).toEqual([]);
    await restarted.scheduler.stop();
    expect(slack.posts).toHaveLength(0);
    expect((await logEntries(dataDir)).map((e) => e.status)).toEqual(['posting', 'interrupted']);
    expect(
      restarted.logger.lines.some((l) => l.includes('interrupted') && l.includes('"channel":"C1"')),
    ).toBe(true);
  });

  it("a channel subscribed after today's time starts tomorrow; a configured one is caught up", async () => {
    const dataDir = await tempDir();
    const slack = createRecordingPoster('slack');
    const subs = [
      sub('NEW', { createdAt: '2026-11-24T07:00:00.000Z' }),
      sub('CFG', { createdAt: '2026-11-24T07:00:00.000Z', fromConfig: true }),
    ];
    const { scheduler, clock } = build({ dataDir, subs, now: '2026-11-24T09:00:00Z', posters: { slack } });
    expect((await scheduler.tick()).map((o) => [o.channelId, o.late])).toEqual([['CFG', true]]);
    clock.set('2026-11-25T05:00:00Z');
    expect((await scheduler.tick()).map((o) => o.channelId).sort()).toEqual(['CFG', 'NEW']);
  });

  it('starts and stops with the real croner jobs and timer', async () => {
    const dataDir = await tempDir();
    const slack = createRecordingPoster('slack');
    const scheduler = createDigestScheduler({
      service: { list: () => [sub('C1'), sub('C2', { time: '07:30', tz: 'Europe/London' })] },
      engine,
      posters: { slack },
      clock: createFixedClock('2026-11-24T05:00:00Z'),
      logger: createMemoryLogger(),
      dataDir,
      retry: { baseMs: 60_000, maxAttempts: 2 },
    });
    expect((await scheduler.start()).map((o) => o.channelId).sort()).toEqual(['C1', 'C2']);
    await scheduler.stop();
    expect(slack.posts).toHaveLength(2);
  });

  it('skips, with one warning, a subscription for a platform that is not running', async () => {
    const dataDir = await tempDir();
    const slack = createRecordingPoster('slack');
    const { scheduler, logger } = build({
      dataDir,
      subs: [sub('C1'), sub('D1', { platform: 'discord' })],
      now: '2026-11-24T05:00:00Z',
      posters: { slack },
    });
    expect((await scheduler.tick()).map((o) => o.channelId)).toEqual(['C1']);
    expect(await scheduler.tick()).toEqual([]);
    expect(logger.lines.filter((l) => l.includes('platform that is not running'))).toHaveLength(1);
  });
});
