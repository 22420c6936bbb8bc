import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { commands } from '../commands/index.js';
import {
  type AppEngine,
  type AppEngineOptions,
  explainDataDirError,
  openAppEngine as openDefaultEngine,
  SAMPLE_NOTICE,
} from './app.js';
import { type Config, ConfigError, loadConfigFromEnvironment, secretsOf } from './config.js';
import { systemClock } from './core/clock.js';
import type { CommandContext } from './core/command.js';
import { DataDirBusyError, DataDirReadOnlyError } from './core/dir-lock.js';
import { dispatch, splitCommandLine } from './core/dispatch.js';
import { createLogger, type Logger, registerSecrets } from './core/logger.js';
import { limitHeapGrowth } from './core/memory.js';
import type { Reply } from './core/reply.js';
import type { ReportDefaults } from './ingest/files.js';
import { ingestPaths, renderIngestSummary } from './ingest/ingest-files.js';
import { renderText } from './render/text.js';
import { formatOrigin } from './reports/types.js';
import type { AskResult } from './search/present.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  ingest <file-or-folder>... [--verbose] [--json] [--data-dir DIR]
                                                    add reports (.jsonl, .json, .md, .html, .txt);
                                                    --verbose / --json list each report's items
    [--published YYYY-MM-DD --url URL --source NAME [--title T]]
                                                    a pasted article (outlet line, headline, body)
                                                    without header lines takes these fields
  ask ["/events bukamal"] [--json] [--all] [--data-dir DIR]
                                                    answer one command, or one per line from stdin
  digest [--date YYYY-MM-DD] [--tz ZONE] [--json] [--data-dir DIR]
                                                    print the daily digest for a day
  poll --once [--data-dir DIR]                      poll every configured feed once
  remove <reportId>... | --url URL | --source NAME [--reason TEXT] [--dry-run] [--data-dir DIR]
                                                    remove reports (a takedown, a mistaken import):
                                                    gone from every answer, recorded in the data dir
  stats [--json] [--data-dir DIR]                   what the store holds: reports, events, sources,
                                                    dates, top places and actors
  export [place or actor] [--since 30d|YYYY-MM-DD] [--type battles|...] [--format csv|jsonl] [--data-dir DIR]
                                                    events as CSV (ACLED column names) or JSON Lines
                                                    on standard output
  register                                          register the slash commands with Discord

DATA_DIR in the environment does what --data-dir does.`;

/** Streams and environment for the CLI; tests pass their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Overrides the environment-derived config (tests). */
  config?: Config;
  /** Opens the engine (tests wrap {@link openAppEngine} to inject failures). */
  openEngine?: (options: AppEngineOptions) => Promise<AppEngine>;
}

/** Turn any reply into the `--json` contract shape. */
export function replyToJson(command: string, query: string, reply: Reply): AskResult {
  if (reply.data && typeof reply.data === 'object' && 'items' in (reply.data as object))
    return reply.data as AskResult;
  return {
    command,
    query,
    resolved: null,
    total: 0,
    summary: [reply.title, reply.summary].filter(Boolean).join('\n'),
    items: [],
    suggestions: (reply.choices ?? []).map((c) => c.command),
  };
}

/** Run the CLI; resolves to the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const out = (s: string) => io.stdout.write(`${s}\n`);
  /**
   * Write a line and wait while the reader is behind: `ask` over 100k piped commands must hold one answer
   * at a time, not every answer it has made (that peaked near 1 GB).
   */
  const outStreaming = async (s: string): Promise<void> => {
    if (!io.stdout.write(`${s}\n`)) await once(io.stdout, 'drain');
  };
  const err = (s: string) => io.stderr.write(`${s}\n`);
  if (!sub || sub === 'help' || sub === '--help' || sub === '-h') {
    out(USAGE);
    return sub ? 0 : 2;
  }
  let config: Config;
  try {
    config = io.config ?? (await loadConfigFromEnvironment());
  } catch (e) {
    if (e instanceof ConfigError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  registerSecrets(secretsOf(config));
  limitHeapGrowth(config.heapGrowthPercent);
  const logger: Logger = createLogger({
    level: config.logLevel === 'info' ? 'warn' : config.logLevel,
    sink: (l) => io.stderr.write(`${l}\n`),
  });
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        json: { type: 'boolean' },
        all: { type: 'boolean' },
        date: { type: 'string' },
        tz: { type: 'string' },
        once: { type: 'boolean' },
        published: { type: 'string' },
        url: { type: 'string' },
        source: { type: 'string' },
        title: { type: 'string' },
        verbose: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        reason: { type: 'string' },
        format: { type: 'string' },
        since: { type: 'string' },
        type: { type: 'string' },
      },
    });
  } catch (e) {
    err(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const openAppEngine = io.openEngine ?? openDefaultEngine;
  /**
   * Open for a command that only reads: when another process owns the data dir, or it cannot be written,
   * read it without writing.
   */
  const openForReading = async (options: AppEngineOptions) => {
    try {
      return await openAppEngine(options);
    } catch (e) {
      if (e instanceof DataDirBusyError)
        err(`Note: ${e.holder.purpose} has this data dir open; answering read-only from what it has stored.`);
      else if (e instanceof DataDirReadOnlyError)
        err(`Note: the data dir ${e.dir} is read-only; answering from what it has stored.`);
      else throw e;
      return openAppEngine({ ...options, readOnly: true });
    }
  };
  const dataDir = typeof values['data-dir'] === 'string' ? values['data-dir'] : config.dataDir;
  const defaultDataDir = !values['data-dir'] && config.dataDirIsDefault;
  /** How every subcommand opens the data dir (ask and digest also seed the default one). */
  const engineOptions: AppEngineOptions = {
    dataDir,
    clock: systemClock,
    logger,
    waitForSearch: true,
    purpose: `cli ${sub}`,
    apartFromSample: defaultDataDir,
  };
  /** Open for reading, over the sample when the default data dir has nothing of the desk's own (saying so). */
  const openForAnswers = async (): Promise<AppEngine> => {
    const engine = await openForReading({ ...engineOptions, seedSample: defaultDataDir });
    if (engine.sample) err(`Note: ${SAMPLE_NOTICE}`);
    return engine;
  };

  try {
    switch (sub) {
      case 'ingest': {
        if (!parsed.positionals.length) {
          err('ingest needs at least one file or folder, e.g. npm run cli -- ingest reports/ more.jsonl');
          return 2;
        }
        const engine = await openAppEngine(engineOptions);
        let bar: { update(n: number): void; stop(): void; start(total: number, v: number): void } | undefined;
        if ((io.stderr as NodeJS.WriteStream).isTTY) {
          const { SingleBar, Presets } = await import('cli-progress');
          bar = new SingleBar(
            {
              stream: io.stderr as NodeJS.WriteStream,
              format: 'ingesting [{bar}] {percentage}% {value}/{total} bytes',
            },
            Presets.shades_classic,
          );
        }
        let started = false;
        const defaults: ReportDefaults = {};
        for (const key of ['published', 'url', 'source', 'title'] as const)
          if (typeof values[key] === 'string') defaults[key] = values[key] as string;
        const summary = await ingestPaths(engine, parsed.positionals, {
          defaults,
          details: Boolean(values.verbose || values.json),
          onProgress: (done, total) => {
            if (!bar) return;
            if (!started) {
              bar.start(total, 0);
              started = true;
            }
            bar.update(done);
          },
        });
        bar?.stop();
        await engine.close();
        if (values.json) {
          // One line per added report with its items, then the totals.
          for (const d of summary.details ?? [])
            out(
              JSON.stringify({
                reportId: d.id,
                title: d.title,
                origin: formatOrigin(d.origin),
                items: d.items,
              }),
            );
          const { details: _details, ...totals } = summary;
          out(
            JSON.stringify({
              ...totals,
              rejected: totals.rejected.map((r) => ({ origin: formatOrigin(r.origin), reason: r.reason })),
            }),
          );
        } else out(renderIngestSummary(summary));
        if (summary.failed) return 1;
        return summary.added === 0 && summary.rejected.length > 0 && summary.duplicates === 0 ? 1 : 0;
      }
      case 'ask': {
        const engine = await openForAnswers();
        const ctx: CommandContext = {
          services: { engine },
          clock: systemClock,
          logger,
          platform: 'cli',
          user: { id: 'cli', isAdmin: true },
          channel: { id: 'cli' },
          page: { offset: 0, limit: values.all ? null : 10 },
        };
        const answerLine = async (line: string): Promise<Reply | undefined> => {
          const trimmed = line.trim();
          if (!trimmed || trimmed.startsWith('#')) return undefined;
          const split = splitCommandLine(trimmed.startsWith('/') ? trimmed : `/${trimmed}`);
          if (!split) {
            const reply: Reply = {
              tone: 'user-error',
              title: `Not a command: ${trimmed.slice(0, 60)}`,
              sections: [],
            };
            await outStreaming(
              values.json ? JSON.stringify(replyToJson('', trimmed, reply)) : renderText(reply),
            );
            return reply;
          }
          const reply = await dispatch(commands, split, ctx);
          if (values.json) await outStreaming(JSON.stringify(replyToJson(split.name, split.text, reply)));
          else await outStreaming(`${renderText(reply)}\n`);
          return reply;
        };
        let code = 0;
        try {
          if (parsed.positionals.length) {
            const reply = await answerLine(parsed.positionals.join(' '));
            if (reply?.tone === 'user-error') code = 1;
            if (reply?.tone === 'internal-error') code = 1;
          } else {
            const { createInterface } = await import('node:readline');
            const rl = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
            for await (const line of rl) {
              const reply = await answerLine(line);
              if (reply?.tone === 'internal-error') code = 1;
            }
          }
        } finally {
          await engine.close();
        }
        return code;
      }
      case 'digest': {
        const engine = await openForAnswers();
        try {
          const { runDigestCli } = await import('./digest/cli.js');
          const { createPictureRenderer } = await import('./pictures/index.js');
          const digestArgs = [
            ...(typeof values.date === 'string' ? ['--date', values.date] : []),
            ...(typeof values.tz === 'string' ? ['--tz', values.tz] : []),
            ...(values.json ? ['--json'] : []),
          ];
          return await runDigestCli(digestArgs, {
            engine,
            out,
            err,
            clock: systemClock,
            defaults: { tz: config.digest.tz, time: config.digest.time },
            pictures: createPictureRenderer(),
            imagesDir: path.join(dataDir, 'images'),
          });
        } finally {
          await engine.close();
        }
      }
      case 'poll': {
        if (!values.once) {
          err('poll runs once and exits: npm run cli -- poll --once (npm start polls continuously).');
          return 2;
        }
        const engine = await openAppEngine(engineOptions);
        try {
          const { runPollOnceCli } = await import('./ingest/feeds/cli.js');
          return await runPollOnceCli({
            engine,
            config: { ...config, dataDir },
            out,
            logger,
            clock: systemClock,
          });
        } finally {
          await engine.close();
        }
      }
      case 'remove': {
        const ids = parsed.positionals;
        const url = typeof values.url === 'string' ? values.url : undefined;
        const source = typeof values.source === 'string' ? values.source : undefined;
        if (!ids.length && !url && !source) {
          err(
            'remove needs report ids, --url URL or --source NAME, e.g. npm run cli -- remove --url https://...',
          );
          return 2;
        }
        const dryRun = Boolean(values['dry-run']);
        const engine = dryRun ? await openForReading(engineOptions) : await openAppEngine(engineOptions);
        try {
          const found = engine.findReports({ ids, ...(url ? { url } : {}), ...(source ? { source } : {}) });
          const missing = ids.filter((id) => !found.some((r) => r.id === id));
          for (const id of missing) err(`No stored report has the id ${id}.`);
          if (url && !engine.findReports({ url }).length) err(`No stored report has the URL ${url}.`);
          if (source && !engine.findReports({ source }).length)
            err(`No stored report comes from the source "${source}".`);
          for (const r of found)
            out(
              `${r.id}  ${r.published.slice(0, 10)}  ${r.source}: ${r.title} (${r.items} items) <${r.url}>`,
            );
          if (!found.length) return 1;
          if (dryRun) {
            out(
              `Would remove ${found.length} report${found.length === 1 ? '' : 's'} (dry run: nothing changed).`,
            );
            return 0;
          }
          const reason =
            typeof values.reason === 'string' && values.reason.trim()
              ? values.reason.trim()
              : 'removed with cli remove';
          const removed = await engine.removeReports(
            found.map((r) => r.id),
            reason,
          );
          out(
            `Removed ${removed.length} report${removed.length === 1 ? '' : 's'}: gone from every answer, recorded in removed-reports.json, and not added again by a later ingest or poll.`,
          );
          return missing.length ? 1 : 0;
        } finally {
          await engine.close();
        }
      }
      case 'stats': {
        const engine = await openForReading(engineOptions);
        try {
          const { computeStoreStats, renderStoreStats } = await import('./search/store-stats.js');
          const { loadRemovals } = await import('./reports/removals.js');
          const stats = computeStoreStats(engine, (await loadRemovals(dataDir)).length);
          out(values.json ? JSON.stringify(stats) : renderStoreStats(stats, dataDir));
          return 0;
        } finally {
          await engine.close();
        }
      }
      case 'export': {
        const format = typeof values.format === 'string' ? values.format : 'csv';
        if (format !== 'csv' && format !== 'jsonl') {
          err(`--format must be csv or jsonl, not "${format}".`);
          return 2;
        }
        const engine = await openForAnswers();
        try {
          const { exportEvents } = await import('./cli-export.js');
          return exportEvents(engine, {
            name: parsed.positionals.join(' '),
            ...(typeof values.since === 'string' ? { since: values.since } : {}),
            ...(typeof values.type === 'string' ? { type: values.type } : {}),
            format,
            now: systemClock.now(),
            out: (s) => io.stdout.write(s),
            err,
          });
        } finally {
          await engine.close();
        }
      }
      case 'register': {
        if (!config.discord) {
          err(
            'register needs DISCORD_TOKEN and DISCORD_APPLICATION_ID (and optionally DISCORD_GUILD_ID) in the environment or .env.',
          );
          return 2;
        }
        const { registerCommands } = await import('./adapters/discord/register.js');
        const result = await registerCommands(config.discord, commands, logger);
        out(
          `Registered ${result.count} commands ${result.scope === 'guild' ? `in guild ${config.discord.guildId} (available at once)` : 'globally (may take up to an hour to appear)'}.`,
        );
        return 0;
      }
      default:
        err(`Unknown command "${sub}".\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    const explained = explainDataDirError(e);
    if (explained) {
      err(explained);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCli(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`cli failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
