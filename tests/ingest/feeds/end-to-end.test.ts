import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsCommand } from '../../../commands/events.js';
import { searchCommand } from '../../../commands/search.js';
import { dispatch } from '../../../src/core/dispatch.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { Reply } from '../../../src/core/reply.js';
import type { ChannelTarget } from '../../../src/core/services.js';
import { createFeedPoller } from '../../../src/ingest/feeds/poller.js';
import { createWatchService } from '../../../src/ingest/watches.js';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.js';
import { openTestEngine, testContext } from '../../helpers/test-engine.js';

describe('feeds end to end with the real engine', () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(() => server.close());

  it('a polled article is searchable at once, alerts its watchers, and a second poll adds nothing', async () => {
    const t = await openTestEngine();
    try {
      const posts: { target: ChannelTarget; reply: Reply }[] = [];
      const watches = createWatchService({
        engine: t.engine,
        dataDir: t.dir,
        clock: t.clock,
        logger: silentLogger,
        hourlyCap: 20,
        post: async (target, reply) => {
          posts.push({ target, reply });
        },
      });
      const channel: ChannelTarget = { platform: 'slack', channelId: 'C-DESK' };
      const watch = await watches.add(channel, 'Al-Bukamal');

      const poller = createFeedPoller({
        engine: t.engine,
        sources: [{ url: `${server.base}/feeds/rss.xml`, from: 'env' }],
        dataDir: t.dir,
        clock: t.clock,
        logger: silentLogger,
        defaults: { intervalMinutes: 10 },
        limits: { timeoutMs: 1000 },
      });
      const [first] = await poller.pollOnce();
      expect(first).toMatchObject({ newItems: 3, added: 3, duplicates: 0 });

      const articleUrl = `${server.base}/articles/bukamal-shelling.html`;
      const search = await dispatch(
        [searchCommand],
        { name: 'search', text: 'artillery shells farmland' },
        testContext(t.engine),
      );
      expect(search.tone).toBe('answer');
      expect(search.sections[0]?.lines[0]?.link?.url).toBe(articleUrl);
      expect(search.sections[0]?.lines[0]?.text).toMatch(/Artillery shells landed on farmland/);

      const events = await dispatch(
        [eventsCommand],
        { name: 'events', text: 'Bukamal' },
        testContext(t.engine),
      );
      expect(events.sections[0]?.lines.map((l) => l.link?.url)).toContain(articleUrl);

      await watches.idle();
      expect(posts.length).toBeGreaterThan(0);
      expect(
        posts.every((p) => p.target.channelId === 'C-DESK' && p.reply.title === `Watch: ${watch.label}`),
      ).toBe(true);
      expect(posts.map((p) => p.reply.sections[0]?.lines[0]?.link?.url)).toContain(articleUrl);

      const [second] = await poller.pollOnce();
      expect(second).toMatchObject({ notModified: true, added: 0 });
      expect(t.engine.stats().reports).toBe(3);
      await poller.stop();
      await watches.close();

      const reopened = await t.reopen();
      const again = await dispatch(
        [searchCommand],
        { name: 'search', text: 'artillery shells farmland' },
        testContext(reopened),
      );
      expect(again.sections[0]?.lines[0]?.link?.url).toBe(articleUrl);
      await t.cleanup(reopened);
    } catch (err) {
      await t.cleanup();
      throw err;
    }
  });
});
