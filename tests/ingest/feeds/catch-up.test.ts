import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sourcesCommand } from '../../../commands/sources.js';
import { createFixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/logger.js';
import type { LookupFn } from '../../../src/ingest/feeds/fetch.js';
import { createFeedPoller, olderPageUrl } from '../../../src/ingest/feeds/poller.js';
import type { SourceConfig } from '../../../src/ingest/feeds/sources.js';
import { type FeedServer, PUBLIC_HOST, routeToLocal, startFeedServer } from '../../helpers/feed-server.js';
import { testContext } from '../../helpers/test-engine.js';
import { createRecordingEngine, type RecordingEngine } from './recording-engine.js';

const lookup: LookupFn = async (host) => {
  if (host === PUBLIC_HOST) return [{ address: '93.184.216.34', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

let server: FeedServer;
let dataDir: string;
let clock: ReturnType<typeof createFixedClock>;
let engine: RecordingEngine;

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'catch-up-'));
  clock = createFixedClock('2024-09-22T12:00:00Z');
  engine = createRecordingEngine(clock);
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

function poller(p: string, limits: { catchUpPages?: number; maxItemsPerPoll?: number } = {}) {
  const source: SourceConfig = { url: `${server.base}${p}`, from: 'env' };
  return createFeedPoller({
    engine,
    sources: [source],
    dataDir,
    clock,
    logger: createMemoryLogger(),
    fetchImpl: routeToLocal(server),
    lookup,
    defaults: { intervalMinutes: 10 },
    limits: { timeoutMs: 2000, ...limits },
  });
}

describe('olderPageUrl', () => {
  it.each([
    [
      'a next link, relative to the page',
      { next: '/feed?page=2' },
      'https://x.org/feed',
      'https://x.org/feed?page=2',
    ],
    [
      'WordPress: paged=N on the feed URL',
      { generator: 'https://wordpress.org/?v=6.7' },
      'https://x.org/feed/?foo=1',
      'https://x.org/feed/?foo=1&paged=3',
    ],
    ['neither', {}, 'https://x.org/feed', undefined],
  ])('%s', (_what, extra, feedUrl, expected) => {
    expect(olderPageUrl({ format: 'rss', items: [], ...extra }, feedUrl, feedUrl, 3)).toBe(expected);
  });
});

describe.each([
  ['WordPress ?paged=N', '/burst/wp.xml'],
  ['RFC 5005 next links', '/burst/atom.xml'],
])('catching up after a burst (%s)', (_what, feed) => {
  it('reads older pages until a known item, so 30 articles between polls lose none', async () => {
    server.setBurst(5);
    const p = poller(feed);
    const [first] = await p.pollOnce();
    expect(first!.added).toBe(5);
    expect(first!.olderPages).toBeUndefined(); // a first poll never reads the archive
    server.setBurst(35);
    const before = server.hits(feed).length;
    const [second] = await p.pollOnce();
    expect(second!.newItems).toBe(30);
    expect(second!.added).toBe(30);
    expect(second!.olderPages).toBe(3);
    expect(server.hits(feed).length - before).toBe(4);
    expect(engine.reports.length).toBe(35);
    await p.stop();
  });

  it('stops at the page bound', async () => {
    server.setBurst(5);
    const p = poller(feed, { catchUpPages: 2 });
    await p.pollOnce();
    server.setBurst(80);
    const [r] = await p.pollOnce();
    expect(r!.olderPages).toBe(1);
    expect(r!.newItems).toBe(20);
    await p.stop();
  });
});

describe('/sources shows a silent feed', () => {
  it('gives items in the last 24 h and the time since the last new item', async () => {
    server.setBurst(4);
    const p = poller('/burst/wp.xml');
    await p.pollOnce();
    clock.set('2024-09-23T15:00:00Z');
    await p.pollOnce();
    const [status] = p.list();
    expect(status).toMatchObject({ itemsLast24h: 0, lastNewItemAt: '2024-09-22T12:00:00.000Z' });
    const reply = await sourcesCommand.run(
      { text: '', args: {} },
      { ...testContext(null as never, { clock }), services: { engine: null as never, feeds: p } },
    );
    const detail = reply.sections[0]!.lines[0]!.detail!;
    expect(detail).toContain('0 new items in 24 h');
    expect(detail).toContain('last new item 27 h ago');
    await p.stop();
  });
});
