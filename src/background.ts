import type { Config } from './config.js';
import type { ChatAdapter } from './core/adapter.js';
import type { Clock } from './core/clock.js';
import type { Services } from './core/command.js';
import type { Logger } from './core/logger.js';
import { createDigestService } from './digest/digest-service.js';
import { createDigestScheduler, DEFAULT_RETRY, type DigestScheduler } from './digest/scheduler.js';
import { createFeedPoller, type FeedPoller } from './ingest/feeds/poller.js';
import { loadSources } from './ingest/feeds/sources.js';
import { createWatchService, type WatchAlerts } from './ingest/watches.js';
import type { Engine } from './search/engine.js';

/** The long-running features beside the chat adapters: digest, feeds, watches. */
export interface BackgroundServices {
  /** Start schedules and pollers (after the adapters are connected). */
  start(): Promise<void>;
  /** Stop them, waiting for work under way (before the adapters disconnect). */
  stop(): Promise<void>;
}

/**
 * Create the digest, feed and watch services and put them into `services`, so commands can use them.
 * Nothing runs until `start()`. With no adapters (the console), the digest and `/sources` still answer,
 * feeds still poll, and nothing is posted anywhere.
 */
export async function createBackgroundServices(deps: {
  config: Config;
  engine: Engine;
  services: Services;
  adapters: readonly ChatAdapter[];
  clock: Clock;
  logger: Logger;
}): Promise<BackgroundServices> {
  const { config, engine, services, adapters, clock, logger } = deps;
  const adapterFor = (platform: 'slack' | 'discord') => {
    const a = adapters.find((x) => x.platform === platform);
    if (!a) throw new Error(`${platform} is not configured, so nothing can be posted there`);
    return a;
  };

  const digest = await createDigestService({
    engine,
    dataDir: config.dataDir,
    clock,
    logger,
    defaults: { time: config.digest.time, tz: config.digest.tz },
    configChannels: {
      slackChannels: config.digest.slackChannels,
      discordChannels: config.digest.discordChannels,
    },
  });
  services.digest = digest;

  const sources = await loadSources({ dataDir: config.dataDir, envUrls: config.feeds.urls });
  const admin = config.adminChannel;
  const adminNotify =
    admin && adapters.some((a) => a.platform === admin.platform)
      ? (text: string) =>
          adapterFor(admin.platform).post(admin.channelId, { tone: 'info', title: text, sections: [] })
      : undefined;
  // A report log that cannot be written is the admin's to fix; the engine already logged it.
  const stopStoreHealth = engine.onStoreHealth((notice) => {
    adminNotify?.(notice.message).catch((err) =>
      logger.warn('could not tell the admin channel about the report store', { err }),
    );
  });
  const poller: FeedPoller = createFeedPoller({
    engine,
    sources,
    dataDir: config.dataDir,
    clock,
    logger,
    defaults: { intervalMinutes: config.feeds.intervalMinutes },
    allowPrivateHosts: config.feeds.allowPrivateHosts ?? [],
    ...(adminNotify ? { notify: adminNotify } : {}),
  });
  services.feeds = poller;

  let watches: WatchAlerts | undefined;
  if (adapters.length) {
    watches = createWatchService({
      engine,
      dataDir: config.dataDir,
      clock,
      logger,
      hourlyCap: config.watchHourlyCap,
      post: (target, reply) => adapterFor(target.platform).post(target.channelId, reply),
    });
    services.watches = watches;
  }

  let scheduler: DigestScheduler | undefined;
  const slack = adapters.find((a) => a.platform === 'slack');
  const discord = adapters.find((a) => a.platform === 'discord');
  return {
    async start() {
      if (adapters.length) {
        scheduler = createDigestScheduler({
          service: digest,
          engine,
          posters: { ...(slack ? { slack } : {}), ...(discord ? { discord } : {}) },
          clock,
          logger,
          dataDir: config.dataDir,
          retry: DEFAULT_RETRY,
        });
        await scheduler.start();
      }
      if (sources.length) {
        poller.start();
        logger.info('polling feeds', { sources: sources.length });
      }
    },
    async stop() {
      stopStoreHealth();
      await Promise.resolve(poller.stop());
      await scheduler?.stop();
      await watches?.close();
    },
  };
}
