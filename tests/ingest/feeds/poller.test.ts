import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/logger.js';
import type { FetchFn, LookupFn } from '../../../src/ingest/feeds/fetch.js';
import {
  createFeedPoller,
  type FeedPollerOptions,
  type PollResult,
} from '../../../src/ingest/feeds/poller.js';
import { FEED_STATE_FILE, type SourceConfig } from '../../../src/ingest/feeds/sources.js';
import {
  type FeedServer,
  manualScheduler,
  PUBLIC_HOST,
  routeToLocal,
  startFeedServer,
} from '../../helpers/feed-server.js';
import { createRecordingEngine, type RecordingEngine } from './recording-engine.js';

const NOW = '2024-09-22T12:00:00Z';
const lookup: LookupFn = async (host) => {
  if (host === PUBLIC_HOST) return [{ address: '93.184.216.34', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

/** Page furniture from the fixture pages; none of it may reach a report body. */
const FURNITURE =
  /cookie|consent|Accept all|Front page|Most read|Newsletter|Copyright|All rights reserved|Share on|Tags:|Comments|By the river desk|Advertise/i;

let server: FeedServer;
let viaLocal: FetchFn;
let dataDir: string;
let clock: ReturnType<typeof createFixedClock>;
let engine: RecordingEngine;
let logger: ReturnType<typeof createMemoryLogger>;
let notices: string[];

beforeAll(async () => {
  server = await startFeedServer({ slowMs: 3000, hugeBytes: 1024 * 1024 });
  viaLocal = routeToLocal(server);
});
afterAll(() => server.close());

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'feeds-'));
  clock = createFixedClock(NOW);
  engine = createRecordingEngine(clock);
  logger = createMemoryLogger();
  notices = [];
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const src = (p: string, extra: Partial<SourceConfig> = {}): SourceConfig => ({
  url: `${server.base}${p}`,
  from: 'env',
  ...extra,
});

function poller(sources: SourceConfig[], extra: Partial<FeedPollerOptions> = {}) {
  return createFeedPoller({
    engine,
    sources,
    dataDir,
    clock,
    logger,
    fetchImpl: viaLocal,
    lookup,
    notify: async (text) => {
      notices.push(text);
    },
    defaults: { intervalMinutes: 10 },
    limits: { timeoutMs: 500, pageMaxBytes: 200_000, feedMaxBytes: 200_000 },
    ...extra,
  });
}

const byUrl = (results: PollResult[], p: string) => results.find((r) => r.url === `${server.base}${p}`)!;
const summary = (r: PollResult) => ({
  fetched: r.fetched,
  notModified: r.notModified,
  newItems: r.newItems,
  added: r.added,
  duplicates: r.duplicates,
  rejected: r.rejected,
  deferred: r.deferred,
  error: r.error,
});

describe('pollOnce over RSS, Atom and JSON Feed', () => {
  it('ingests exactly the new items, article text first, feed text as fallback; a second poll adds nothing', async () => {
    const p = poller([src('/feeds/rss.xml'), src('/feeds/atom.xml'), src('/feeds/feed.json')]);
    const first = await p.pollOnce();

    expect(first.map((r) => r.url)).toEqual([
      `${server.base}/feeds/rss.xml`,
      `${server.base}/feeds/atom.xml`,
      `${server.base}/feeds/feed.json`,
    ]);
    for (const r of first) {
      expect(summary(r)).toEqual({
        fetched: true,
        notModified: false,
        newItems: r.url.endsWith('rss.xml') ? 3 : 2,
        added: r.url.endsWith('rss.xml') ? 3 : 2,
        duplicates: 0,
        rejected: 0,
        deferred: 0,
        error: undefined,
      });
    }
    expect(byUrl(first, '/feeds/rss.xml').items.map((i) => [i.guid, i.bodyFrom])).toEqual([
      ['desk-1001', 'article'],
      ['desk-1002', 'article'],
      ['desk-1003', 'feed'],
    ]);
    expect(byUrl(first, '/feeds/atom.xml').items.map((i) => [i.guid, i.bodyFrom])).toEqual([
      ['urn:test:uvm:501', 'article'],
      ['urn:test:uvm:502', 'feed'],
    ]);
    expect(byUrl(first, '/feeds/feed.json').items.map((i) => [i.guid, i.bodyFrom])).toEqual([
      ['sn-77', 'article'],
      ['sn-78', 'feed'],
    ]);

    const ingested = [...engine.inputs].sort((a, b) => a.published.localeCompare(b.published));
    expect(ingested.map((i) => [i.url, i.title, i.published, i.source])).toEqual([
      [
        `${server.base}/articles/bukamal-shelling.html`,
        'Shelling reported near the Al-Bukamal crossing',
        '2024-09-17T08:00:00.000Z',
        'Euphrates Desk Wire',
      ],
      [
        `${server.base}/articles/mayadin-drone.html`,
        'Drone strike hits a pickup truck outside Al-Mayadin',
        '2024-09-18T06:30:00.000Z',
        'Euphrates Desk Wire',
      ],
      [
        `${server.base}/articles/missing.html`,
        'Checkpoint set up on the road east of Raqqa',
        '2024-09-18T09:15:00.000Z',
        'Euphrates Desk Wire',
      ],
      [
        `${server.base}/articles/deir-clashes.html`,
        'Clashes in the Deir ez-Zor countryside',
        '2024-09-19T07:45:00.000Z',
        'Upper Valley Monitor',
      ],
      [
        `${server.base}/articles/huge.html`,
        'Aid convoy reaches Al-Shaddadi',
        '2024-09-19T09:00:00.000Z',
        'Upper Valley Monitor',
      ],
      [
        `${server.base}/articles/palmyra-exercise.html`,
        'Military exercise held near Palmyra',
        '2024-09-20T11:00:00.000Z',
        'Steppe Notes',
      ],
      [
        `${server.base}/articles/slow.html`,
        'Tribal elders meet in Al-Shuhayl',
        '2024-09-20T12:00:00.000Z',
        'Steppe Notes',
      ],
    ]);
    const bodies = Object.fromEntries(ingested.map((i) => [i.title, i.body.split('\n\n')]));
    expect(bodies['Shelling reported near the Al-Bukamal crossing']).toHaveLength(3);
    expect(bodies['Shelling reported near the Al-Bukamal crossing']?.[0]).toMatch(
      /^Artillery shells landed on farmland/,
    );
    expect(bodies['Drone strike hits a pickup truck outside Al-Mayadin']?.[0]).toMatch(
      /^A drone struck a pickup truck/,
    );
    expect(bodies['Checkpoint set up on the road east of Raqqa']).toEqual([
      'Local sources said a new checkpoint went up on the road east of Raqqa on Wednesday morning.',
      'Drivers were stopped and questioned & several were turned back towards the city.',
    ]);
    expect(bodies['Aid convoy reaches Al-Shaddadi']).toEqual([
      'An aid convoy of twelve trucks reached Al-Shaddadi on Thursday.',
      'Organisers said flour and medical supplies were unloaded at the municipal depot.',
    ]);
    expect(bodies['Tribal elders meet in Al-Shuhayl']).toEqual([
      'Elders from several clans met in Al-Shuhayl on Friday to discuss water sharing.',
      'No agreement was announced after the meeting.',
    ]);
    for (const input of ingested) expect(input.body).not.toMatch(FURNITURE);
    expect(engine.reports).toHaveLength(7);

    const pagesBefore = server.requests.filter((r) => r.path.startsWith('/articles/')).length;
    const second = await p.pollOnce();
    expect(second.map(summary)).toEqual([
      {
        fetched: false,
        notModified: true,
        newItems: 0,
        added: 0,
        duplicates: 0,
        rejected: 0,
        deferred: 0,
        error: undefined,
      },
      {
        fetched: false,
        notModified: true,
        newItems: 0,
        added: 0,
        duplicates: 0,
        rejected: 0,
        deferred: 0,
        error: undefined,
      },
      {
        fetched: true,
        notModified: false,
        newItems: 0,
        added: 0,
        duplicates: 0,
        rejected: 0,
        deferred: 0,
        error: undefined,
      },
    ]);
    expect(server.hits('/feeds/rss.xml').at(-1)?.headers['if-none-match']).toBe('"rss-v1"');
    expect(server.hits('/feeds/atom.xml').at(-1)?.headers['if-modified-since']).toBe(
      'Thu, 19 Sep 2024 10:00:00 GMT',
    );
    expect(server.requests.filter((r) => r.path.startsWith('/articles/')).length).toBe(pagesBefore);
    expect(engine.inputs).toHaveLength(7);
    await p.stop();
  });

  it('an item republished under a new guid and date, or mirrored at another URL, is a duplicate', async () => {
    await poller([src('/feeds/rss.xml')]).pollOnce();
    const results = await poller([src('/feeds/rss.xml'), src('/feeds/republished.xml')]).pollOnce();
    expect(summary(byUrl(results, '/feeds/rss.xml')).notModified).toBe(true);
    const republished = byUrl(results, '/feeds/republished.xml');
    expect(summary(republished)).toMatchObject({ newItems: 2, added: 0, duplicates: 2 });
    expect(republished.items.map((i) => [i.url, i.status])).toEqual([
      [`${server.base}/articles/bukamal-shelling.html`, 'duplicate'],
      [`${server.base}/mirror/mayadin-drone.html`, 'duplicate'],
    ]);
    expect(engine.reports).toHaveLength(3);
  });
});

describe('failures are reported per source and never hold up the others', () => {
  it('reports each broken source with its own error while the healthy one is ingested', async () => {
    const p = poller([
      src('/feeds/error.xml'),
      src('/feeds/malformed.xml'),
      src('/feeds/slow.xml'),
      src('/feeds/huge.xml'),
      { url: `http://${PUBLIC_HOST}/redirect/private`, from: 'file' },
      { url: `http://${PUBLIC_HOST}/redirect/metadata`, from: 'file' },
      src('/feeds/rss.xml'),
    ]);
    const results = await p.pollOnce();
    expect(results.map((r) => [r.errorCode, r.error?.replace(server.base, 'BASE')])).toEqual([
      ['http-500', 'http-500: server answered 500'],
      ['parse-error', expect.stringMatching(/^parse-error: malformed XML at line 8, column \d+: .*'item'/)],
      ['timeout', 'timeout: no complete answer within 500 ms'],
      ['too-large', 'too-large: response passed the 200000-byte limit'],
      [
        'private-address',
        'private-address: refused 10.0.0.1: it resolves to 10.0.0.1, a private, loopback or link-local address',
      ],
      [
        'private-address',
        'private-address: refused 169.254.169.254: it resolves to 169.254.169.254, a private, loopback or link-local address',
      ],
      [undefined, undefined],
    ]);
    expect(results.at(-1)?.added).toBe(3);
    expect(engine.reports).toHaveLength(3);
    expect(
      p
        .list()
        .map((s) => [s.consecutiveFailures, s.reportsAdded, s.lastError?.split(':')[0], s.lastPolledAt]),
    ).toEqual([
      [1, 0, 'http-500', NOW.replace('Z', '.000Z')],
      [1, 0, 'parse-error', NOW.replace('Z', '.000Z')],
      [1, 0, 'timeout', NOW.replace('Z', '.000Z')],
      [1, 0, 'too-large', NOW.replace('Z', '.000Z')],
      [1, 0, 'private-address', NOW.replace('Z', '.000Z')],
      [1, 0, 'private-address', NOW.replace('Z', '.000Z')],
      [0, 3, undefined, NOW.replace('Z', '.000Z')],
    ]);
    expect(logger.lines.filter((l) => l.includes('WARN feed poll failed'))).toHaveLength(6);
    await p.stop();
  });

  it('a public source may not send the poller to an article on a private address: the feed text is used', async () => {
    const articleHits = server.hits('/articles/bukamal-shelling.html').length;
    const [r] = await poller([{ url: `http://${PUBLIC_HOST}/feeds/public.xml`, from: 'env' }]).pollOnce();
    expect(summary(r!)).toMatchObject({ newItems: 1, added: 1 });
    expect(r!.items[0]).toMatchObject({ status: 'added', bodyFrom: 'feed' });
    expect(engine.inputs[0]?.body).toBe(
      'Feed text for an item whose page must not be fetched from a public source.',
    );
    expect(engine.inputs[0]?.source).toBe('Public Wire');
    expect(server.hits('/articles/bukamal-shelling.html').length).toBe(articleHits);
    expect(
      logger.lines.some((l) => l.includes('article page not fetched') && l.includes('private-address')),
    ).toBe(true);
  });

  it('pauses a source after repeated failures, tells the admin channel once, and reports recovery', async () => {
    server.setBroken(true);
    const p = poller([src('/feeds/toggle.xml', { name: 'Toggle Wire' })], {
      limits: { timeoutMs: 500, pauseAfterFailures: 2, pauseMinutes: 60 },
    });
    const [first] = await p.pollOnce();
    expect(first?.paused).toBeUndefined();
    expect(notices).toEqual([]);
    const [second] = await p.pollOnce();
    expect(second?.paused).toBe(true);
    expect(notices).toEqual([
      `Feed Toggle Wire (${server.base}/feeds/toggle.xml) is paused until 2024-09-22T13:00:00.000Z after 2 failed polls in a row. Last error: http-500: server answered 500`,
    ]);
    expect(p.list()[0]).toMatchObject({
      consecutiveFailures: 2,
      pausedUntil: '2024-09-22T13:00:00.000Z',
      name: 'Toggle Wire',
    });
    expect(logger.lines.some((l) => l.includes('feed paused after repeated failures'))).toBe(true);

    server.setBroken(false);
    const [third] = await p.pollOnce();
    expect(third).toMatchObject({ added: 3 });
    expect(notices[1]).toBe(
      `Feed Toggle Wire (${server.base}/feeds/toggle.xml) is working again after 2 failed polls.`,
    );
    expect(p.list()[0]).toMatchObject({ consecutiveFailures: 0, reportsAdded: 3 });
    expect(p.list()[0]?.pausedUntil).toBeUndefined();
  });

  it('a page that fails for now, with no feed text, is retried on the next poll', async () => {
    const p = poller([src('/feeds/flaky.xml')]);
    const [first] = await p.pollOnce();
    expect(first?.items).toEqual([
      {
        guid: 'flaky-1',
        url: `${server.base}/articles/flaky.html`,
        title: 'Military exercise held near Palmyra',
        status: 'deferred',
        reason: 'no text: the page failed (http-503: server answered 503) and the feed has none',
      },
    ]);
    expect(engine.inputs).toHaveLength(0);
    const [second] = await p.pollOnce();
    expect(second?.items.map((i) => [i.status, i.bodyFrom])).toEqual([['added', 'article']]);
    expect(engine.inputs[0]?.body).toMatch(/^Government forces held a military exercise/);
  });

  it('an item whose page keeps failing is given up after three polls', async () => {
    const p = poller([src('/feeds/doomed.xml')]);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const [r] = await p.pollOnce();
      statuses.push([r!.newItems, r!.items.map((item) => item.status).join()]);
    }
    expect(statuses).toEqual([
      [1, 'deferred'],
      [1, 'deferred'],
      [1, 'rejected'],
      [0, ''],
    ]);
    const saved = JSON.parse(await readFile(path.join(dataDir, FEED_STATE_FILE), 'utf8'));
    expect(saved.sources[`${server.base}/feeds/doomed.xml`].seen).toEqual(['doomed-1']);
    expect(saved.sources[`${server.base}/feeds/doomed.xml`].retries).toBeUndefined();
    expect(engine.inputs).toHaveLength(0);
  });

  it('when the engine fails, nothing is marked seen and the next poll ingests the items', async () => {
    const p = poller([src('/feeds/rss.xml')]);
    engine.failNext(new Error('disk full'));
    const [first] = await p.pollOnce();
    expect(first?.error).toBe('internal: disk full');
    expect(logger.lines.some((l) => l.includes('ERROR feed poll failed'))).toBe(true);
    const [second] = await p.pollOnce();
    expect(summary(second!)).toMatchObject({ fetched: true, newItems: 3, added: 3 });
  });

  it('handles at most maxItemsPerPoll new items per poll and takes the rest later', async () => {
    const p = poller([src('/feeds/rss.xml')], { limits: { timeoutMs: 500, maxItemsPerPoll: 2 } });
    const counts = [];
    for (let i = 0; i < 3; i++) {
      const [r] = await p.pollOnce();
      counts.push([r!.notModified, r!.newItems, r!.added, r!.deferred]);
    }
    expect(counts).toEqual([
      [false, 3, 2, 1],
      [false, 1, 1, 0],
      [true, 0, 0, 0],
    ]);
    expect(engine.reports.map((r) => r.title)).toEqual([
      'Shelling reported near the Al-Bukamal crossing',
      'Drone strike hits a pickup truck outside Al-Mayadin',
      'Checkpoint set up on the road east of Raqqa',
    ]);
  });
});

describe('state', () => {
  it('is saved atomically and picked up by the next process', async () => {
    const a = poller([src('/feeds/rss.xml')]);
    await a.pollOnce();
    await a.stop();
    const saved = JSON.parse(await readFile(path.join(dataDir, FEED_STATE_FILE), 'utf8'));
    expect(saved.sources[`${server.base}/feeds/rss.xml`]).toMatchObject({
      etag: '"rss-v1"',
      seen: ['desk-1001', 'desk-1002', 'desk-1003'],
      consecutiveFailures: 0,
      reportsAdded: 3,
      title: 'Euphrates Desk Wire',
      lastSuccessAt: '2024-09-22T12:00:00.000Z',
      nextPollAt: '2024-09-22T12:10:00.000Z',
    });

    const b = poller([src('/feeds/rss.xml', { intervalMinutes: 30 })]);
    await b.ready();
    expect(b.list()).toEqual([
      {
        url: `${server.base}/feeds/rss.xml`,
        name: 'Euphrates Desk Wire',
        title: 'Euphrates Desk Wire',
        intervalMinutes: 30,
        lastPolledAt: '2024-09-22T12:00:00.000Z',
        lastSuccessAt: '2024-09-22T12:00:00.000Z',
        consecutiveFailures: 0,
        reportsAdded: 3,
        itemsLast24h: 3,
        lastNewItemAt: '2024-09-22T12:00:00.000Z',
      },
    ]);
    const [r] = await b.pollOnce();
    expect(r?.notModified).toBe(true);
  });
});

describe('start() schedules each source on its interval, with backoff and pauses', () => {
  it('polls at once, then every interval', async () => {
    const scheduler = manualScheduler();
    const p = poller([src('/feeds/rss.xml', { intervalMinutes: 15 })], { scheduler });
    p.start();
    await vi.waitFor(() => expect(scheduler.due).toHaveLength(1));
    const delays = [scheduler.due[0]!.ms];
    for (let i = 0; i < 2; i++) {
      scheduler.runNext();
      await vi.waitFor(() => expect(scheduler.due).toHaveLength(1));
      delays.push(scheduler.due[0]!.ms);
    }
    expect(delays).toEqual([0, 15 * 60_000, 15 * 60_000]);
    expect(engine.reports).toHaveLength(3);
    expect(p.list()[0]?.nextPollAt).toBe('2024-09-22T12:15:00.000Z');
    await p.stop();
    expect(scheduler.due).toHaveLength(0);
  });

  it('backs off 2^n on failure up to the cap, then pauses; a restart waits out the pause', async () => {
    const scheduler = manualScheduler();
    const limits = { timeoutMs: 500, pauseAfterFailures: 4, pauseMinutes: 120, maxBackoffMinutes: 30 };
    const p = poller([src('/feeds/error.xml', { intervalMinutes: 5 })], { scheduler, limits });
    p.start();
    await vi.waitFor(() => expect(scheduler.due).toHaveLength(1));
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      scheduler.runNext();
      await vi.waitFor(() => expect(scheduler.due).toHaveLength(1));
      delays.push(scheduler.due[0]!.ms / 60_000);
    }
    expect(delays).toEqual([10, 20, 30, 120]);
    expect(notices).toHaveLength(1);
    await p.stop();

    const again = manualScheduler();
    const restarted = poller([src('/feeds/error.xml', { intervalMinutes: 5 })], { scheduler: again, limits });
    restarted.start();
    await vi.waitFor(() => expect(again.due).toHaveLength(1));
    expect(again.due[0]!.ms).toBe(120 * 60_000);
    await restarted.stop();
  });
});
