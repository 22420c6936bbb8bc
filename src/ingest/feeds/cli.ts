import type { Config } from '../../config.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { QueryEngine } from '../../search/types.js';
import type { FetchFn, LookupFn } from './fetch.js';
import { createFeedPoller, type PollerLimits, type PollResult } from './poller.js';
import { loadSources, SourcesFileError } from './sources.js';

/** What `cli poll --once` needs. */
export interface PollOnceCliDeps {
  /** Data dir (sources.json, feed-state.json) and `FEEDS` / `FEED_INTERVAL_MINUTES`. */
  config: Pick<Config, 'dataDir' | 'feeds'>;
  engine: Pick<QueryEngine, 'ingest'>;
  clock: Clock;
  logger: Logger;
  /** Receives each output line (stdout by default). */
  out?: (line: string) => void;
  fetchImpl?: FetchFn;
  lookup?: LookupFn;
  limits?: Partial<PollerLimits>;
}

/** The lines `poll --once` prints for one source. Pure. */
export function renderPollResult(r: PollResult): string[] {
  const label = r.name ? `${r.name} (${r.url})` : r.url;
  if (r.error) return [`${label}: failed: ${r.error}${r.paused ? ' (now paused)' : ''}`];
  if (r.notModified) return [`${label}: not modified since the last poll`];
  const counts = [`${r.newItems} new item${r.newItems === 1 ? '' : 's'}`, `${r.added} added`];
  if (r.duplicates) counts.push(`${r.duplicates} duplicate${r.duplicates === 1 ? '' : 's'}`);
  if (r.rejected) counts.push(`${r.rejected} rejected`);
  if (r.deferred) counts.push(`${r.deferred} left for the next poll`);
  const lines = [`${label}: ${counts.join(', ')}`];
  const marks = { added: '+', duplicate: '=', rejected: '!', deferred: '~' } as const;
  for (const item of r.items) {
    const what = item.title ?? item.url ?? item.guid;
    const why = item.reason ? ` (${item.reason})` : item.status === 'duplicate' ? ' (already indexed)' : '';
    lines.push(`  ${marks[item.status]} ${what}${why}`);
  }
  return lines;
}

/**
 * `npm run cli -- poll --once`: poll every configured source once, print what each added, and return the
 * exit code: 0 when every source was read, 1 when any failed, 2 when nothing is configured or the sources
 * file is invalid.
 */
export async function runPollOnceCli(deps: PollOnceCliDeps): Promise<number> {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { dataDir, feeds } = deps.config;
  let sources: Awaited<ReturnType<typeof loadSources>>;
  try {
    sources = await loadSources({ dataDir, envUrls: feeds.urls });
  } catch (err) {
    if (err instanceof SourcesFileError) {
      out(err.message);
      return 2;
    }
    throw err;
  }
  if (!sources.length) {
    out(`No sources configured. Set FEEDS (comma-separated URLs) or write ${dataDir}/sources.json.`);
    return 2;
  }
  const poller = createFeedPoller({
    engine: deps.engine,
    sources,
    dataDir,
    clock: deps.clock,
    logger: deps.logger,
    defaults: { intervalMinutes: feeds.intervalMinutes },
    allowPrivateHosts: feeds.allowPrivateHosts ?? [],
    ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}),
    ...(deps.lookup ? { lookup: deps.lookup } : {}),
    ...(deps.limits ? { limits: deps.limits } : {}),
  });
  const results = await poller.pollOnce();
  await poller.stop();
  for (const r of results) for (const line of renderPollResult(r)) out(line);
  const added = results.reduce((n, r) => n + r.added, 0);
  const failed = results.filter((r) => r.error).length;
  out(
    `Added ${added} report${added === 1 ? '' : 's'} from ${results.length} source${results.length === 1 ? '' : 's'}` +
      (failed ? `; ${failed} failed.` : '.'),
  );
  return failed ? 1 : 0;
}
