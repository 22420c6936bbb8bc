import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../../core/atomic-file.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { isHttpUrl } from '../../core/urls.js';

/** File in the data dir listing extra sources: `[{ "url": "...", "name": "...", "intervalMinutes": 15 }]`. */
export const SOURCES_FILE = 'sources.json';
/** File in the data dir holding each source's fetch state. */
export const FEED_STATE_FILE = 'feed-state.json';

/** One configured feed. */
export interface SourceConfig {
  /** Normalised absolute URL; also the key of the source's state. */
  url: string;
  name?: string;
  /** Overrides the default poll interval. */
  intervalMinutes?: number;
  /** Where it was configured. */
  from: 'env' | 'file';
}

/** What is remembered about one source between polls and restarts. */
export interface SourceState {
  etag?: string;
  lastModified?: string;
  /** GUIDs already handled, oldest first; bounded (see {@link seenLimit}). */
  seen: string[];
  consecutiveFailures: number;
  lastPolledAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
  pausedUntil?: string;
  nextPollAt?: string;
  /** Items whose page failed for now, with how many polls have tried them. */
  retries?: Record<string, number>;
  /** Reports this source has added, all time. */
  reportsAdded: number;
  /** The feed's own title, from its last successful fetch. */
  title?: string;
  /** When the feed last had an item not seen before (ISO). */
  lastNewItemAt?: string;
  /** New items per poll over the last 24 hours, oldest first: `[ISO time, count]`. */
  recentNew?: [string, number][];
}

/** The whole state file. */
export interface FeedStateFile {
  version: 1;
  sources: Record<string, SourceState>;
}

/** A sources file that cannot be used; `problems` names each bad entry. */
export class SourcesFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      `${file} has ${problems.length === 1 ? 'a problem' : 'problems'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'SourcesFileError';
  }
}

const httpUrl = z
  .string({ error: 'url must be a string' })
  .trim()
  .refine(isHttpUrl, 'url must be an http(s) URL');

const entrySchema = z.strictObject({
  url: httpUrl,
  name: z.string().trim().min(1, 'name is empty').max(100, 'name is longer than 100 characters').optional(),
  intervalMinutes: z
    .number({ error: 'intervalMinutes must be a number' })
    .int('intervalMinutes must be a whole number')
    .min(1, 'intervalMinutes must be at least 1')
    .max(1440, 'intervalMinutes must be at most 1440')
    .optional(),
});

/** One entry of the sources file as written. */
export type SourceEntry = z.infer<typeof entrySchema>;

/** The URL as used for keys: parsed and re-serialised, so spelling variants of the same URL match. */
export function normalizeSourceUrl(url: string): string {
  return new URL(url.trim()).href;
}

/**
 * Parse the text of a sources file. Pure. Throws {@link SourcesFileError} naming every bad entry
 * (`entry 2: url must be an http(s) URL`).
 */
export function parseSourcesFile(text: string, file = SOURCES_FILE): SourceEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new SourcesFileError(file, [`not valid JSON (${(err as Error).message})`]);
  }
  if (!Array.isArray(data)) {
    throw new SourcesFileError(file, [
      'must be a JSON array such as [{"url": "https://example.org/feed.xml"}]',
    ]);
  }
  const problems: string[] = [];
  const entries: SourceEntry[] = [];
  data.forEach((raw, i) => {
    const parsed = entrySchema.safeParse(typeof raw === 'string' ? { url: raw } : raw);
    if (parsed.success) entries.push(parsed.data);
    else
      problems.push(`entry ${i + 1}: ${[...new Set(parsed.error.issues.map((x) => x.message))].join('; ')}`);
  });
  if (problems.length) throw new SourcesFileError(file, problems);
  return entries;
}

/**
 * Combine the `FEEDS` URLs and the sources file: environment sources first, in order, then the file's; a URL
 * listed in both appears once, with the file's name and interval. Pure.
 */
export function mergeSources(
  envUrls: readonly string[],
  fileEntries: readonly SourceEntry[],
): SourceConfig[] {
  const byUrl = new Map<string, SourceConfig>();
  for (const raw of envUrls) {
    const url = normalizeSourceUrl(raw);
    if (!byUrl.has(url)) byUrl.set(url, { url, from: 'env' });
  }
  for (const entry of fileEntries) {
    const url = normalizeSourceUrl(entry.url);
    const existing = byUrl.get(url);
    byUrl.set(url, {
      url,
      from: existing?.from ?? 'file',
      ...(entry.name ? { name: entry.name } : {}),
      ...(entry.intervalMinutes ? { intervalMinutes: entry.intervalMinutes } : {}),
    });
  }
  return [...byUrl.values()];
}

/** Read `<dataDir>/sources.json` (absent is fine) and merge it with the `FEEDS` URLs. */
export async function loadSources(options: {
  dataDir: string;
  envUrls: readonly string[];
}): Promise<SourceConfig[]> {
  const file = path.join(options.dataDir, SOURCES_FILE);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return mergeSources(options.envUrls, text === undefined ? [] : parseSourcesFile(text, file));
}

/** A fresh state for a source never polled. */
export function emptySourceState(): SourceState {
  return { seen: [], consecutiveFailures: 0, reportsAdded: 0 };
}

/** How many GUIDs to remember for a feed currently listing `itemCount` items. */
export function seenLimit(itemCount: number): number {
  return Math.max(1000, itemCount * 3);
}

/** Add `guids` to `seen`, dropping the oldest beyond {@link seenLimit}. Pure. */
export function rememberSeen(seen: readonly string[], guids: readonly string[], itemCount: number): string[] {
  const known = new Set(seen);
  const all = [...seen];
  for (const g of guids) {
    if (known.has(g)) continue;
    known.add(g);
    all.push(g);
  }
  const limit = seenLimit(itemCount);
  return all.length > limit ? all.slice(all.length - limit) : all;
}

function cleanState(raw: unknown): SourceState {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof SourceState, unknown>>;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const out: SourceState = {
    seen: Array.isArray(s.seen) ? s.seen.filter((g): g is string => typeof g === 'string') : [],
    consecutiveFailures: typeof s.consecutiveFailures === 'number' ? s.consecutiveFailures : 0,
    reportsAdded: typeof s.reportsAdded === 'number' ? s.reportsAdded : 0,
  };
  if (Array.isArray(s.recentNew)) {
    const recent = s.recentNew.filter(
      (e): e is [string, number] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number',
    );
    if (recent.length) out.recentNew = recent;
  }
  if (s.retries && typeof s.retries === 'object') {
    const retries = Object.entries(s.retries).filter((e): e is [string, number] => typeof e[1] === 'number');
    if (retries.length) out.retries = Object.fromEntries(retries);
  }
  for (const key of [
    'etag',
    'lastModified',
    'lastPolledAt',
    'lastSuccessAt',
    'lastError',
    'pausedUntil',
    'nextPollAt',
    'title',
    'lastNewItemAt',
  ] as const) {
    const v = str(s[key]);
    if (v) out[key] = v;
  }
  return out;
}

/**
 * Read `<dataDir>/feed-state.json`. Missing means a first run; a damaged file is moved aside (and logged) and
 * polling starts afresh, which costs refetches but never loses reports, since ingestion deduplicates.
 */
export async function loadFeedState(dataDir: string, clock: Clock, logger: Logger): Promise<FeedStateFile> {
  const file = path.join(dataDir, FEED_STATE_FILE);
  const read = await readJsonFile<{ sources?: Record<string, unknown> }>(file, clock.now());
  if (read.status === 'missing') return { version: 1, sources: {} };
  if (read.status === 'corrupt') {
    logger.warn('feed state was damaged; starting afresh', { file, error: read.error, backup: read.backup });
    return { version: 1, sources: {} };
  }
  const sources: Record<string, SourceState> = {};
  for (const [url, raw] of Object.entries(read.value?.sources ?? {})) sources[url] = cleanState(raw);
  return { version: 1, sources };
}

/** Write the state file atomically (temporary file, fsync, rename). */
export async function saveFeedState(dataDir: string, state: FeedStateFile): Promise<void> {
  await writeFileAtomic(path.join(dataDir, FEED_STATE_FILE), `${JSON.stringify(state, null, 1)}\n`);
}
