import { existsSync } from 'node:fs';
import path from 'node:path';
import { commands } from '../commands/index.js';
import { createConsoleAdapter } from './adapters/console/console-adapter.js';
import { type AppEngine, explainDataDirError, openAppEngine, SAMPLE_NOTICE } from './app.js';
import { type BackgroundServices, createBackgroundServices } from './background.js';
import { ConfigError, loadConfigFromEnvironment, secretsOf } from './config.js';
import type { ChatAdapter } from './core/adapter.js';
import { systemClock } from './core/clock.js';
import type { Services } from './core/command.js';
import { StartupError } from './core/errors.js';
import { createLogger, registerSecrets } from './core/logger.js';
import { limitHeapGrowth } from './core/memory.js';
import { SourcesFileError } from './ingest/feeds/sources.js';
import { createPictureRenderer } from './pictures/index.js';

/**
 * Composition root: config -> store and index -> adapters -> scheduler and pollers; clean shutdown.
 * With no Slack or Discord settings it runs the console chat over the local data (seeded with the sample).
 */
async function main(): Promise<number> {
  let config: Awaited<ReturnType<typeof loadConfigFromEnvironment>>;
  try {
    config = await loadConfigFromEnvironment();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every setting.\n`);
      return 2;
    }
    throw err;
  }
  registerSecrets(secretsOf(config));
  limitHeapGrowth(config.heapGrowthPercent);
  const chat = Boolean(config.slack || config.discord);
  const logger = createLogger({
    level: chat ? config.logLevel : config.logLevel === 'info' ? 'warn' : config.logLevel,
  });
  // A failure inside one platform's client must not end the process and take the other platform with it:
  // a rejection nothing awaited is logged, not fatal (the adapters contain the known cases themselves).
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection (contained; the bot keeps running)', { err: reason });
  });
  const clock = systemClock;
  let engine: AppEngine;
  // The sample is a console demo: never in a chat workspace, and not once feeds bring the desk's own reports.
  const feedsConfigured =
    config.feeds.urls.length > 0 || existsSync(path.join(config.dataDir, 'sources.json'));
  try {
    engine = await openAppEngine({
      dataDir: config.dataDir,
      clock,
      logger,
      seedSample: !chat && !feedsConfigured,
      apartFromSample: config.dataDirIsDefault,
      purpose: chat ? 'the bot' : 'the console',
    });
  } catch (err) {
    const explained = explainDataDirError(err);
    if (explained) {
      process.stderr.write(`${explained}\n`);
      return 2;
    }
    throw err;
  }
  const services: Services = { engine, pictures: createPictureRenderer() };
  const deps = { commands, services, clock, logger };

  const adapters: ChatAdapter[] = [];
  if (config.slack) {
    const { createSlackAdapter } = await import('./adapters/slack/slack-adapter.js');
    adapters.push(createSlackAdapter(config.slack, deps));
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('./adapters/discord/discord-adapter.js');
    adapters.push(createDiscordAdapter(config.discord, deps));
  }
  let background: BackgroundServices;
  try {
    background = await createBackgroundServices({ config, engine, services, adapters, clock, logger });
  } catch (err) {
    if (err instanceof SourcesFileError) {
      process.stderr.write(`${err.message}\n`);
      await engine.close();
      return 2;
    }
    throw err;
  }

  if (!chat) {
    const stdin = process.stdin as NodeJS.ReadStream;
    const interactive = Boolean(stdin.isTTY && process.stdout.isTTY);
    // Piped commands arrive at once; let /search find a loaded index rather than answer "still loading".
    if (!interactive) await engine.searchReady.catch(() => {});
    await background.start();
    await createConsoleAdapter(deps, {
      input: stdin,
      output: process.stdout,
      interactive,
      color: Boolean(process.stdout.isTTY),
      ...(engine.sample ? { notice: SAMPLE_NOTICE } : {}),
      exportDir: path.join(config.dataDir, 'exports'),
      historyFile: path.join(config.dataDir, 'console-history'),
      width: () => (process.stdout.isTTY ? process.stdout.columns : undefined),
      hyperlinks: interactive && config.console.hyperlinks,
      imagesDir: path.join(config.dataDir, 'images'),
    }).run();
    await background.stop();
    await engine.close();
    return 0;
  }

  for (const a of adapters) {
    try {
      await a.start();
    } catch (err) {
      if (!(err instanceof StartupError)) throw err;
      // A refused token: the message says which setting to fix; a stack trace would only bury it.
      process.stderr.write(`${err.message}\n`);
      for (const other of adapters) await other.stop().catch(() => {});
      await engine.close();
      return 2;
    }
    logger.info('chat adapter started', { platform: a.platform });
  }
  await background.start();

  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info('shutting down', { signal });
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await background.stop().catch((err) => logger.warn('background stop failed', { err }));
  for (const a of adapters) await a.stop().catch((err) => logger.warn('adapter stop failed', { err }));
  await engine.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof StartupError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`fatal: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
