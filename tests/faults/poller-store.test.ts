import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { FetchFn, LookupFn } from '../../src/ingest/feeds/fetch.js';
import { createFeedPoller } from '../../src/ingest/feeds/poller.js';
import { StoreWriteError } from '../../src/reports/store.js';
import { createRecordingEngine } from '../ingest/feeds/recording-engine.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'faults-poll-store-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>
<item><title>Clashes near Raqqa</title><link>https://feeds.example/item/1</link><guid>g1</guid>
<pubDate>Sun, 22 Nov 2026 08:00:00 GMT</pubDate><description>Clashes were reported near Raqqa on Sunday.</description></item>
</channel></rss>`;
const fetchImpl: FetchFn = async (url) =>
  url.endsWith('/feed.xml')
    ? new Response(rss, { headers: { 'content-type': 'application/rss+xml' } })
    : new Response('gone', { status: 404 });
const lookup: LookupFn = async () => [{ address: '93.184.216.34', family: 4 }];

describe('1. a feed poll while the report store cannot be written', () => {
  it('confirms nothing, does not count against the source, and the items come back when saving works', async () => {
    const clock = createFixedClock('2026-11-24T10:00:00Z');
    const engine = createRecordingEngine(clock);
    const poller = createFeedPoller({
      engine,
      sources: [{ url: 'https://feeds.example/feed.xml', from: 'env' }],
      dataDir,
      clock,
      logger: silentLogger,
      fetchImpl,
      lookup,
      defaults: { intervalMinutes: 10 },
      limits: { pauseAfterFailures: 2 },
    });
    for (let i = 0; i < 3; i++) {
      engine.failNext(new StoreWriteError(1, 'disk full', new Error('ENOSPC'), true));
      const [r] = await poller.pollOnce();
      expect(r!.errorCode).toBe('store-write-failed');
      expect(r!.error).toContain('disk full: 0 of 1 report saved; nothing lost');
      expect(r!.paused).toBeUndefined();
    }
    const [ok] = await poller.pollOnce();
    expect(ok!.added).toBe(1);
    await poller.stop();
  });
});
