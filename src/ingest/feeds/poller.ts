import ipaddr from 'ipaddr.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { FeedService, SourceStatus } from '../../core/services.js';
import { StoreWriteError } from '../../reports/store.js';
import type { ReportInput } from '../../reports/types.js';
import { implausiblePublished, parsePublished } from '../../reports/validate.js';
import type { QueryEngine } from '../../search/types.js';
import { extractArticle, htmlToText } from '../html.js';
import {
  FetchError,
  type FetchFn,
  isNonPublicAddress,
  type LookupFn,
  normalizeHost,
  safeFetch,
} from './fetch.js';
import { type FeedItem, FeedParseError, type ParsedFeed, parseFeed } from './parse.js';
import {
  emptySourceState,
  type FeedStateFile,
  loadFeedState,
  rememberSeen,
  type SourceConfig,
  type SourceState,
  saveFeedState,
} from './sources.js';

/** Bounds on what one poll may cost; see {@link POLLER_DEFAULTS}. */
export interface PollerLimits {
  /** Per request (feed or article page), redirects and body included. */
  timeoutMs: number;
  feedMaxBytes: number;
  pageMaxBytes: number;
  /** Sources polled at the same time. */
  sourceConcurrency: number;
  /** Article pages fetched at the same time within one source. */
  articleConcurrency: number;
  /** New items handled per poll; the rest wait for the next poll. */
  maxItemsPerPoll: number;
  /** Consecutive failures after which a source is paused and reported. */
  pauseAfterFailures: number;
  pauseMinutes: number;
  /** Upper bound of the exponential backoff between failing polls. */
  maxBackoffMinutes: number;
  /**
   * Pages a poll may read when every item of the feed is new (older pages: RFC 5005 `next` links, WordPress
   * `?paged=N`), the first page included; reading stops at the first page holding a known item.
   */
  catchUpPages: number;
}

/** Defaults for {@link PollerLimits}. */
export const POLLER_DEFAULTS: PollerLimits = {
  timeoutMs: 15_000,
  feedMaxBytes: 5 * 1024 * 1024,
  pageMaxBytes: 3 * 1024 * 1024,
  sourceConcurrency: 4,
  articleConcurrency: 3,
  maxItemsPerPoll: 50,
  pauseAfterFailures: 5,
  pauseMinutes: 360,
  maxBackoffMinutes: 360,
  catchUpPages: 5,
};

/** The URL of page `n` (2, 3, ...) of a feed: its own `next` link, else WordPress's `?paged=n`. */
export function olderPageUrl(
  page: ParsedFeed,
  pageUrl: string,
  feedUrl: string,
  n: number,
): string | undefined {
  try {
    if (page.next) return new URL(page.next, pageUrl).href;
    if (page.generator && /wordpress/i.test(page.generator)) {
      const u = new URL(feedUrl);
      u.searchParams.set('paged', String(n));
      return u.href;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Timer functions, injectable so scheduling can be tested without waiting. */
export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realScheduler: Scheduler = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.min(ms, 2 ** 31 - 1));
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Everything the poller needs; all passed in. */
export interface FeedPollerOptions {
  engine: Pick<QueryEngine, 'ingest'>;
  sources: readonly SourceConfig[];
  dataDir: string;
  clock: Clock;
  logger: Logger;
  fetchImpl?: FetchFn;
  lookup?: LookupFn;
  /**
   * Host names an admin allows on private addresses (`FEED_ALLOW_PRIVATE`). Besides these, only a source
   * configured with a literal private or loopback IP may reach that address; nothing is trusted because of
   * what a name resolves to.
   */
  allowPrivateHosts?: readonly string[];
  /** Sends a line to the admin channel, when one is configured. */
  notify?: (text: string) => Promise<void>;
  defaults: { intervalMinutes: number };
  limits?: Partial<PollerLimits>;
  scheduler?: Scheduler;
}

/** What happened to one new feed item. */
export interface PollItem {
  guid: string;
  url?: string;
  title?: string;
  status: 'added' | 'duplicate' | 'rejected' | 'deferred';
  /** Why it was rejected or deferred. */
  reason?: string;
  /** Where the indexed text came from. */
  bodyFrom?: 'article' | 'feed';
}

/** Outcome of polling one source. */
export interface PollResult {
  url: string;
  name?: string;
  /** True when the feed answered with a body (false for 304 and failures). */
  fetched: boolean;
  notModified: boolean;
  /** Items not seen before. */
  newItems: number;
  added: number;
  duplicates: number;
  rejected: number;
  /** New items left for the next poll (over the per-poll limit, or their page failed for now). */
  deferred: number;
  /** Older pages read to catch up after a burst (0 when the first page held a known item). */
  olderPages?: number;
  items: PollItem[];
  /** `code: message` when the poll failed. */
  error?: string;
  errorCode?: string;
  /** True when this failure paused the source. */
  paused?: boolean;
}

/** Live ingestion of every configured source. */
export interface FeedPoller extends FeedService {
  /** Resolves once the saved state is loaded. */
  ready(): Promise<void>;
  /** Poll every source once (paused ones included), concurrently within the limit. */
  pollOnce(): Promise<PollResult[]>;
  /** Poll each source on its interval, with backoff and pausing, until {@link FeedPoller.stop}. */
  start(): void;
  /** Cancel timers and in-flight requests, and wait for running polls to settle. */
  stop(): Promise<void>;
}

/** Article failures worth another try on the next poll, when the feed has no text of its own. */
const TRANSIENT = /^(timeout|network|dns|http-5\d\d|http-429)$/;
/** Polls an item may be retried for before it is given up. */
const MAX_ITEM_TRIES = 3;

function errorCode(err: unknown): string {
  if (err instanceof FetchError || err instanceof FeedParseError) return err.code;
  if (err instanceof StoreWriteError) return err.code;
  return 'internal';
}

function describe(err: unknown): string {
  return `${errorCode(err)}: ${err instanceof Error ? err.message : String(err)}`;
}

/** Run `fn` over `items` with at most `limit` running at once; results in input order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}

/** A counting semaphore shared by timers and `pollOnce`, so the concurrency limit holds across both. */
function createSemaphore(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

function httpUrl(raw: string | undefined, base: string): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** The date when it parses and is plausible (not over a day ahead of `now`, not before 1990). */
function plausibleDate(value: string | undefined, now: Date): string | undefined {
  if (!value) return undefined;
  const parsed = parsePublished(value);
  return parsed && !implausiblePublished(parsed, now) ? value : undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** A prepared item: either ready for the engine, or a decision already made. */
type Prepared =
  | { kind: 'input'; item: FeedItem; input: ReportInput; bodyFrom: 'article' | 'feed' }
  | { kind: 'done'; item: PollItem; remember: boolean };

/**
 * Create the feed poller. State is loaded from `<dataDir>/feed-state.json` in the background (await
 * {@link FeedPoller.ready} or any poll) and written back atomically after every poll.
 */
export function createFeedPoller(options: FeedPollerOptions): FeedPoller {
  const { engine, sources, dataDir, clock, logger } = options;
  const limits: PollerLimits = { ...POLLER_DEFAULTS, ...options.limits };
  const scheduler = options.scheduler ?? realScheduler;
  const log = logger.child({ component: 'feeds' });
  let state: FeedStateFile = { version: 1, sources: {} };
  const loaded = loadFeedState(dataDir, clock, log).then((s) => {
    state = s;
  });
  // Callers of ready()/pollOnce() see a load failure; this only keeps it from being reported as unhandled.
  loaded.catch(() => {});
  const limit = createSemaphore(limits.sourceConcurrency);
  const inFlight = new Map<string, Promise<PollResult>>();
  const privateSource = new Map<string, ReadonlySet<string>>();
  const adminPrivateHosts = (options.allowPrivateHosts ?? []).map(normalizeHost);
  const timers = new Map<string, unknown>();
  let running = false;
  let abort = new AbortController();
  let saving: Promise<void> = Promise.resolve();

  const stateOf = (url: string): SourceState => {
    let s = state.sources[url];
    if (!s) {
      s = emptySourceState();
      state.sources[url] = s;
    }
    return s;
  };
  const intervalOf = (source: SourceConfig) => source.intervalMinutes ?? options.defaults.intervalMinutes;
  const labelOf = (source: SourceConfig) =>
    source.name ?? state.sources[source.url]?.title ?? hostOf(source.url);

  function save(): Promise<void> {
    const snapshot = JSON.parse(JSON.stringify(state)) as FeedStateFile;
    saving = saving
      .then(() => saveFeedState(dataDir, snapshot))
      .catch((err) => log.error('could not save feed state', { err }));
    return saving;
  }

  async function notify(text: string): Promise<void> {
    if (!options.notify) return;
    try {
      await options.notify(text);
    } catch (err) {
      log.warn('could not send a feed notice to the admin channel', { err });
    }
  }

  /**
   * The hosts a source's fetches may reach on a non-public address: the admin's list, plus the source's own
   * host when its configured URL names a private IP literal. Redirects and item pages on any other host are
   * checked at every hop and connection.
   */
  function privateHostsFor(source: SourceConfig): ReadonlySet<string> {
    const known = privateSource.get(source.url);
    if (known) return known;
    const hosts = new Set(adminPrivateHosts);
    try {
      const host = normalizeHost(new URL(source.url).hostname);
      if (ipaddr.isValid(host) && isNonPublicAddress(host)) hosts.add(host);
    } catch {
      // Not a URL: the fetch reports it.
    }
    privateSource.set(source.url, hosts);
    return hosts;
  }

  async function prepare(
    item: FeedItem,
    feedUrl: string,
    feedTitle: string | undefined,
    source: SourceConfig,
    privateHosts: ReadonlySet<string>,
  ): Promise<Prepared> {
    const url = httpUrl(item.url, feedUrl);
    if (!url) {
      return {
        kind: 'done',
        remember: true,
        item: {
          guid: item.guid,
          ...(item.title ? { title: item.title } : {}),
          status: 'rejected',
          reason: 'the item has no http(s) link',
        },
      };
    }
    let article: ReturnType<typeof extractArticle> | undefined;
    let articleError: unknown;
    try {
      const page = await safeFetch(url, {
        ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
        ...(options.lookup ? { lookup: options.lookup } : {}),
        timeoutMs: limits.timeoutMs,
        maxBytes: limits.pageMaxBytes,
        privateHosts,
        accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
        signal: abort.signal,
      });
      if (page.status === 'ok') {
        if (!page.contentType || /html/i.test(page.contentType))
          article = extractArticle(page.body, page.url);
        else articleError = new Error(`article is ${page.contentType}, not HTML`);
      }
    } catch (err) {
      // Shutting down: abandon the poll rather than ingest feed text in place of the page.
      if (abort.signal.aborted) throw err;
      articleError = err;
      log.info('article page not fetched; using the feed content', { url, error: describe(err) });
    }
    const feedText = item.contentHtml ? htmlToText(item.contentHtml) : (item.contentText?.trim() ?? '');
    const articleText = article?.text ?? '';
    // A page much shorter than the feed's own text usually means a paywall or a script-built page.
    const useArticle = articleText.length > 0 && articleText.length * 2 >= feedText.length;
    const body = useArticle ? articleText : feedText;
    if (!body) {
      const transient = articleError !== undefined && TRANSIENT.test(errorCode(articleError));
      return {
        kind: 'done',
        remember: !transient,
        item: {
          guid: item.guid,
          url,
          ...(item.title ? { title: item.title } : {}),
          status: transient ? 'deferred' : 'rejected',
          reason: articleError
            ? `no text: the page failed (${describe(articleError)}) and the feed has none`
            : 'no text in the page or the feed',
        },
      };
    }
    const canonical = httpUrl(article?.canonicalUrl, url);
    const title = (item.title ?? article?.title ?? url).slice(0, 500);
    const now = clock.now();
    let published = plausibleDate(item.published, now) ?? plausibleDate(article?.published, now);
    if (!published) {
      // No usable date: the fetch time stands in, and a date that was given but cannot be right is flagged.
      published = now.toISOString();
      const given = item.published ?? article?.published;
      if (given)
        log.warn('feed item date is unparseable or implausible; using the fetch time', {
          url,
          date: given.slice(0, 80),
          source: source.url,
        });
    }
    const sourceName = (source.name ?? feedTitle ?? hostOf(source.url)).slice(0, 200);
    return {
      kind: 'input',
      item,
      bodyFrom: useArticle ? 'article' : 'feed',
      input: { url: canonical ?? url, title, published, source: sourceName, body },
    };
  }

  /**
   * Read a feed's older pages after a burst, from page 2 up to {@link PollerLimits.catchUpPages}, stopping at
   * the first page that holds an item in `seen` (which it extends). A page that fails ends the catch-up
   * quietly: what was read is kept, and the poll itself still counts as a success.
   */
  async function readOlderPages(
    source: SourceConfig,
    first: ParsedFeed,
    firstUrl: string,
    seen: Set<string>,
    privateHosts: ReadonlySet<string>,
  ): Promise<{ items: FeedItem[]; pages: number; listed: number }> {
    const items: FeedItem[] = [];
    let pages = 0;
    let listed = 0;
    let page = first;
    let pageUrl = firstUrl;
    for (let n = 2; n <= limits.catchUpPages; n++) {
      const next = olderPageUrl(page, pageUrl, source.url, n);
      if (!next || next === pageUrl) break;
      try {
        const older = await safeFetch(next, {
          ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
          ...(options.lookup ? { lookup: options.lookup } : {}),
          timeoutMs: limits.timeoutMs,
          maxBytes: limits.feedMaxBytes,
          privateHosts,
          signal: abort.signal,
        });
        if (older.status === 'not-modified') break;
        page = parseFeed(older.body, older.contentType);
        pageUrl = older.url;
      } catch (err) {
        log.warn('feed: could not read an older page', { url: next, error: describe(err) });
        break;
      }
      pages = n - 1;
      listed += page.items.length;
      let known = false;
      for (const item of page.items) {
        if (seen.has(item.guid)) {
          known = true;
          continue;
        }
        seen.add(item.guid);
        items.push(item);
      }
      if (known || !page.items.length) break;
    }
    return { items, pages, listed };
  }

  async function pollSource(source: SourceConfig): Promise<PollResult> {
    await loaded;
    const s = stateOf(source.url);
    const now = clock.now();
    s.lastPolledAt = now.toISOString();
    const result: PollResult = {
      url: source.url,
      ...(source.name ? { name: source.name } : {}),
      fetched: false,
      notModified: false,
      newItems: 0,
      added: 0,
      duplicates: 0,
      rejected: 0,
      deferred: 0,
      items: [],
    };
    try {
      const privateHosts = privateHostsFor(source);
      const feed = await safeFetch(source.url, {
        ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
        ...(options.lookup ? { lookup: options.lookup } : {}),
        timeoutMs: limits.timeoutMs,
        maxBytes: limits.feedMaxBytes,
        privateHosts,
        ...(s.etag ? { etag: s.etag } : {}),
        ...(s.lastModified ? { lastModified: s.lastModified } : {}),
        signal: abort.signal,
      });
      if (feed.status === 'not-modified') {
        result.notModified = true;
      } else {
        result.fetched = true;
        const parsed = parseFeed(feed.body, feed.contentType);
        if (parsed.title) s.title = parsed.title;
        const seen = new Set(s.seen);
        const fresh: FeedItem[] = [];
        for (const item of parsed.items) {
          if (seen.has(item.guid)) continue;
          seen.add(item.guid);
          fresh.push(item);
        }
        // Every item new (a burst since the last poll): read older pages until a known item shows up, so
        // nothing published between polls is lost. Not on a first poll, which would read the archive.
        let listed = parsed.items.length;
        if (s.seen.length && parsed.items.length && fresh.length === parsed.items.length) {
          const older = await readOlderPages(source, parsed, feed.url, seen, privateHosts);
          fresh.push(...older.items);
          listed += older.listed;
          if (older.pages) result.olderPages = older.pages;
        }
        result.newItems = fresh.length;
        if (fresh.length) {
          s.lastNewItemAt = now.toISOString();
          s.recentNew = [...(s.recentNew ?? []), [now.toISOString(), fresh.length]];
        }
        if (s.recentNew) {
          const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
          s.recentNew = s.recentNew.filter(([at]) => at > dayAgo);
          if (!s.recentNew.length) delete s.recentNew;
        }
        // After catching up, the oldest go first: the newer ones left over stay on the first page for next time.
        const over = fresh.length - limits.maxItemsPerPoll;
        const catchingUp = (result.olderPages ?? 0) > 0 && over > 0;
        const batch = catchingUp ? fresh.slice(over) : fresh.slice(0, limits.maxItemsPerPoll);
        const later = catchingUp ? fresh.slice(0, over) : fresh.slice(limits.maxItemsPerPoll);
        const prepared = await mapLimit(batch, limits.articleConcurrency, (item) =>
          prepare(item, feed.url, parsed.title, source, privateHosts),
        );
        const handled: string[] = [];
        // Oldest first, so watch alerts and `/latest` see reports in the order they were published.
        const order = prepared
          .map((p, i) => ({ p, i, t: p.kind === 'input' ? Date.parse(p.input.published) : 0 }))
          .sort((a, b) => a.t - b.t || b.i - a.i);
        for (const { p } of order) {
          if (p.kind === 'done') {
            const tries = (s.retries?.[p.item.guid] ?? 0) + 1;
            if (!p.remember && tries >= MAX_ITEM_TRIES) {
              result.items.push({
                ...p.item,
                status: 'rejected',
                reason: `${p.item.reason}; gave up after ${tries} polls`,
              });
              handled.push(p.item.guid);
            } else {
              result.items.push(p.item);
              if (p.remember) handled.push(p.item.guid);
              else s.retries = { ...s.retries, [p.item.guid]: tries };
            }
            continue;
          }
          const summary = await engine.ingest([{ input: p.input, origin: { file: p.input.url } }]);
          const base = { guid: p.item.guid, url: p.input.url, title: p.input.title, bodyFrom: p.bodyFrom };
          if (summary.added) result.items.push({ ...base, status: 'added' });
          else if (summary.duplicates) result.items.push({ ...base, status: 'duplicate' });
          else
            result.items.push({
              ...base,
              status: 'rejected',
              reason: summary.rejected[0]?.reason ?? 'rejected',
            });
          handled.push(p.item.guid);
        }
        for (const item of later)
          result.items.push({
            guid: item.guid,
            ...(item.url ? { url: item.url } : {}),
            ...(item.title ? { title: item.title } : {}),
            status: 'deferred',
            reason: 'over the per-poll limit',
          });
        for (const item of result.items) {
          if (item.status === 'added') result.added++;
          else if (item.status === 'duplicate') result.duplicates++;
          else if (item.status === 'rejected') result.rejected++;
          else result.deferred++;
        }
        s.seen = rememberSeen(s.seen, handled, listed);
        if (s.retries) {
          for (const guid of handled) delete s.retries[guid];
          if (!Object.keys(s.retries).length) delete s.retries;
        }
        s.reportsAdded += result.added;
        // Items left for later must come back in full next time, so the next request is not conditional.
        const refetchInFull = result.deferred > 0;
        if (feed.etag && !refetchInFull) s.etag = feed.etag;
        else delete s.etag;
        if (feed.lastModified && !refetchInFull) s.lastModified = feed.lastModified;
        else delete s.lastModified;
      }
      const wasPaused = s.consecutiveFailures >= limits.pauseAfterFailures;
      const failures = s.consecutiveFailures;
      s.consecutiveFailures = 0;
      s.lastSuccessAt = now.toISOString();
      delete s.lastError;
      delete s.pausedUntil;
      s.nextPollAt = new Date(now.getTime() + intervalOf(source) * 60_000).toISOString();
      if (wasPaused) {
        log.info('feed recovered', { url: source.url, failures });
        await notify(
          `Feed ${labelOf(source)} (${source.url}) is working again after ${failures} failed polls.`,
        );
      }
      if (result.added || result.rejected) {
        log.info('feed polled', {
          url: source.url,
          added: result.added,
          duplicates: result.duplicates,
          rejected: result.rejected,
          deferred: result.deferred,
        });
      }
    } catch (err) {
      if (abort.signal.aborted) {
        result.error = 'cancelled: the poller is stopping';
        result.errorCode = 'cancelled';
        return result;
      }
      result.error = describe(err);
      result.errorCode = errorCode(err);
      if (err instanceof StoreWriteError) {
        // The disk, not the source: nothing unsaved was marked seen, so the items come back next poll. The
        // source is not counted as failing (nor paused), and the engine has told the log and the admin.
        s.lastError = result.error;
        s.nextPollAt = new Date(now.getTime() + intervalOf(source) * 60_000).toISOString();
        log.warn('feed items not saved: the report store cannot be written', {
          url: source.url,
          error: err.message,
        });
        await save();
        return result;
      }
      s.consecutiveFailures++;
      s.lastError = result.error;
      if (result.errorCode === 'internal') log.error('feed poll failed', { url: source.url, err });
      else
        log.warn('feed poll failed', {
          url: source.url,
          error: result.error,
          failures: s.consecutiveFailures,
        });
      if (s.consecutiveFailures >= limits.pauseAfterFailures) {
        const until = new Date(now.getTime() + limits.pauseMinutes * 60_000).toISOString();
        s.pausedUntil = until;
        s.nextPollAt = until;
        result.paused = true;
        log.warn('feed paused after repeated failures', {
          url: source.url,
          failures: s.consecutiveFailures,
          until,
        });
        await notify(
          `Feed ${labelOf(source)} (${source.url}) is paused until ${until} after ${s.consecutiveFailures} failed polls in a row. Last error: ${result.error}`,
        );
      } else {
        const backoff = Math.min(intervalOf(source) * 2 ** s.consecutiveFailures, limits.maxBackoffMinutes);
        s.nextPollAt = new Date(now.getTime() + backoff * 60_000).toISOString();
      }
    }
    await save();
    return result;
  }

  /** One poll of a source at a time: a second request while one runs shares its result. */
  function pollShared(source: SourceConfig): Promise<PollResult> {
    const running = inFlight.get(source.url);
    if (running) return running;
    const p = limit(() => pollSource(source)).finally(() => inFlight.delete(source.url));
    inFlight.set(source.url, p);
    return p;
  }

  function schedule(source: SourceConfig): void {
    if (!running) return;
    const s = state.sources[source.url];
    const due = s?.pausedUntil ?? s?.nextPollAt;
    const delay = due ? Math.max(0, Date.parse(due) - clock.now().getTime()) : 0;
    const handle = scheduler.setTimeout(() => {
      timers.delete(source.url);
      void pollShared(source).then(
        () => schedule(source),
        (err) => {
          log.error('scheduled feed poll failed', { url: source.url, err });
          schedule(source);
        },
      );
    }, delay);
    timers.set(source.url, handle);
  }

  return {
    ready: () => loaded,
    async pollOnce() {
      await loaded;
      if (abort.signal.aborted && !running) abort = new AbortController();
      return Promise.all(sources.map((source) => pollShared(source)));
    },
    start() {
      if (running) return;
      running = true;
      if (abort.signal.aborted) abort = new AbortController();
      loaded.then(
        () => {
          for (const source of sources) if (!timers.has(source.url)) schedule(source);
        },
        (err) => log.error('feed state could not be loaded; feeds are not polled', { err }),
      );
    },
    async stop() {
      running = false;
      for (const handle of timers.values()) scheduler.clearTimeout(handle);
      timers.clear();
      abort.abort();
      await Promise.allSettled([...inFlight.values()]);
      await saving;
    },
    list(): SourceStatus[] {
      return sources.map((source) => {
        const s = state.sources[source.url] ?? emptySourceState();
        const name = source.name ?? s.title;
        return {
          url: source.url,
          ...(name ? { name } : {}),
          intervalMinutes: intervalOf(source),
          ...(s.lastPolledAt ? { lastPolledAt: s.lastPolledAt } : {}),
          ...(s.lastSuccessAt ? { lastSuccessAt: s.lastSuccessAt } : {}),
          ...(s.lastError ? { lastError: s.lastError } : {}),
          consecutiveFailures: s.consecutiveFailures,
          ...(s.pausedUntil ? { pausedUntil: s.pausedUntil } : {}),
          reportsAdded: s.reportsAdded,
          ...(s.title ? { title: s.title } : {}),
          ...(running && s.nextPollAt ? { nextPollAt: s.nextPollAt } : {}),
          ...(s.lastSuccessAt
            ? {
                itemsLast24h: (s.recentNew ?? [])
                  .filter(([at]) => Date.parse(at) > clock.now().getTime() - 86_400_000)
                  .reduce((n, [, c]) => n + c, 0),
              }
            : {}),
          ...(s.lastNewItemAt ? { lastNewItemAt: s.lastNewItemAt } : {}),
        };
      });
    },
  };
}
