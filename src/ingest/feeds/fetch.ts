import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import type * as Undici from 'undici';

/** Why a fetch failed; stable codes for logs, `/sources` and tests. */
export type FetchErrorCode =
  | 'bad-url'
  | 'bad-scheme'
  | 'private-address'
  | 'dns'
  | 'network'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | `http-${number}`;

/** A fetch that was refused or failed, with a stable {@link FetchErrorCode}. */
export class FetchError extends Error {
  readonly code: FetchErrorCode;
  /** The URL being fetched when it failed (after redirects). */
  readonly url: string;

  constructor(code: FetchErrorCode, message: string, url: string) {
    super(message);
    this.name = 'FetchError';
    this.code = code;
    this.url = url;
  }
}

/** Resolves a host name to every address it has; `dns.promises.lookup` with `all: true` by default. */
export type LookupFn = (hostname: string) => Promise<{ address: string; family: number }[]>;

/** The subset of `fetch` this module uses. */
export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

/** Options for {@link safeFetch}; see {@link SAFE_FETCH_DEFAULTS} for the defaults. */
export interface SafeFetchOptions {
  fetchImpl?: FetchFn;
  lookup?: LookupFn;
  /** Whole request, redirects and body included. */
  timeoutMs?: number;
  /** Largest body accepted, in bytes; larger bodies are abandoned while streaming. */
  maxBytes?: number;
  /** Sent as `If-None-Match`. */
  etag?: string;
  /** Sent as `If-Modified-Since`. */
  lastModified?: string;
  /**
   * Permit private, loopback and link-local addresses for every host. Only for tools and tests: the poller
   * passes `privateHosts` instead.
   */
  allowPrivate?: boolean;
  /**
   * Hosts (names or IP literals, see {@link normalizeHost}) that may be reached on a non-public address:
   * an admin's `FEED_ALLOW_PRIVATE` list and a source configured on a private IP literal. Every other host is
   * checked on every hop and at every connection.
   */
  privateHosts?: ReadonlySet<string>;
  /** Most redirects followed. */
  maxRedirects?: number;
  /** `Accept` header. */
  accept?: string;
  /** Aborts the request from outside (shutdown). */
  signal?: AbortSignal;
}

/** Defaults merged into every {@link safeFetch} call. */
export const SAFE_FETCH_DEFAULTS = {
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  accept:
    'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/html;q=0.8, */*;q=0.5',
} as const;

/** User agent sent with every request, so publishers can identify the bot. */
export const USER_AGENT = 'conflict-desk-bot/0.1 (+newsroom feed reader)';

/** A successful fetch, or a 304 when the conditional headers matched. */
export type SafeFetchResult =
  | { status: 'not-modified'; url: string }
  | {
      status: 'ok';
      /** Final URL after redirects. */
      url: string;
      body: string;
      contentType?: string;
      etag?: string;
      lastModified?: string;
      bytes: number;
    };

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * True when `address` is anything but ordinary public unicast: private, loopback, link-local, unique-local,
 * carrier-grade NAT, multicast, reserved, documentation ranges, and IPv6 forms that embed IPv4 (6to4,
 * Teredo, NAT64). IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
 */
export function isNonPublicAddress(address: string): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return true;
  }
  // IPv4-compatible IPv6 (`::a.b.c.d`, deprecated): ipaddr.js calls it unicast, but it may reach the IPv4
  // address it carries (`[::127.0.0.1]`), and nothing public uses it.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).parts.slice(0, 6).every((p) => p === 0))
    return true;
  return parsed.range() !== 'unicast';
}

/**
 * A host as the private-host list holds it: lower case, no IPv6 brackets, no final dot, an IP literal in its
 * normalised form (so `[::1]` and `0:0::1` are one host).
 */
export function normalizeHost(host: string): string {
  const h = host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  return ipaddr.isValid(h) ? ipaddr.parse(h).toNormalizedString() : h;
}

const defaultLookup: LookupFn = async (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Error code of a connection refused at connect time because the host resolved to a non-public address. */
const PRIVATE_AT_CONNECT = 'ERR_CONFLICT_DESK_PRIVATE_ADDRESS';

type ConnectLookup = (
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/**
 * The lookup the HTTP client connects with: it resolves through `lookup`, refuses a non-public address unless
 * `allowPrivate`, and hands the client exactly the addresses it checked. Checking a name and then letting the
 * client resolve it again would leave a gap a DNS server could use to answer "public" to the check and
 * "private" to the connection (DNS rebinding); this closes it.
 */
export function guardedLookup(
  lookup: LookupFn,
  allowPrivate: boolean | ((hostname: string) => boolean),
): ConnectLookup {
  return (hostname, options, callback) => {
    const exempt = typeof allowPrivate === 'function' ? allowPrivate(hostname) : allowPrivate;
    lookup(hostname).then(
      (found) => {
        const usable = options.family ? found.filter((a) => a.family === options.family) : found;
        const bad = exempt ? undefined : usable.find((a) => isNonPublicAddress(a.address));
        if (bad || !usable.length) {
          const err: NodeJS.ErrnoException = new Error(
            bad
              ? `refused ${hostname}: it resolves to ${bad.address}, a private, loopback or link-local address`
              : `${hostname} has no usable addresses`,
          );
          err.code = bad ? PRIVATE_AT_CONNECT : 'ENOTFOUND';
          callback(err, '');
          return;
        }
        if (options.all)
          callback(
            null,
            usable.map((a) => ({ address: a.address, family: a.family })),
          );
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}

/** The host of a URL without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Every address `url`'s host resolves to (the host itself when it is an IP literal). */
export async function resolveHost(url: URL, lookup: LookupFn = defaultLookup): Promise<string[]> {
  const host = bareHost(url);
  if (ipaddr.isValid(host)) return [host];
  let results: { address: string }[];
  try {
    results = await lookup(host);
  } catch (err) {
    throw new FetchError('dns', `could not resolve ${host} (${(err as Error).message})`, url.href);
  }
  if (!results.length) throw new FetchError('dns', `${host} has no addresses`, url.href);
  return results.map((r) => r.address);
}

/**
 * True when the URL's host is, or resolves to, a non-public address. Descriptive only: what a name resolves
 * to never exempts it from the address checks (see `privateHosts`).
 */
export async function isPrivateUrl(url: string, lookup?: LookupFn): Promise<boolean> {
  const addresses = await resolveHost(new URL(url), lookup);
  return addresses.some(isNonPublicAddress);
}

function parseHttpUrl(raw: string, base?: string): URL {
  let url: URL;
  try {
    url = base === undefined ? new URL(raw) : new URL(raw, base);
  } catch {
    throw new FetchError('bad-url', `"${raw}" is not a valid URL`, raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError(
      'bad-scheme',
      `only http and https are fetched, not ${url.protocol.replace(/:$/, '')}:`,
      url.href,
    );
  }
  if (url.username || url.password) {
    throw new FetchError(
      'bad-url',
      'URLs with a user name or password are not fetched',
      `${url.protocol}//${url.host}`,
    );
  }
  return url;
}

async function checkAddress(
  url: URL,
  lookup: LookupFn,
  allowPrivate: (host: string) => boolean,
): Promise<void> {
  if (allowPrivate(url.hostname)) return;
  const addresses = await resolveHost(url, lookup);
  const bad = addresses.find(isNonPublicAddress);
  if (bad) {
    const host = bareHost(url);
    throw new FetchError(
      'private-address',
      `refused ${host}: it resolves to ${bad}, a private, loopback or link-local address`,
      url.href,
    );
  }
}

/** Charset from a Content-Type header or, failing that, from the document's own declaration. */
function charsetOf(contentType: string | undefined, head: Uint8Array): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (fromHeader) return fromHeader;
  const ascii = new TextDecoder('latin1').decode(head.subarray(0, 1024));
  return (
    /<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)/i.exec(ascii)?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(ascii)?.[1] ??
    'utf-8'
  );
}

function decode(bytes: Uint8Array, contentType: string | undefined): string {
  const charset = charsetOf(contentType, bytes);
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

async function readCapped(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new FetchError('too-large', `response is ${declared} bytes, over the ${maxBytes}-byte limit`, url);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new FetchError('too-large', `response passed the ${maxBytes}-byte limit`, url);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * GET an http(s) URL defensively: redirects are followed by hand (at most `maxRedirects`) and every hop's
 * host is resolved and refused when it is not a public address (unless `allowPrivate`); the whole exchange
 * is bounded by `timeoutMs`; the body is abandoned once it passes `maxBytes`; `etag` / `lastModified` make
 * the request conditional and a 304 comes back as `not-modified`. Failures throw {@link FetchError}.
 */
export async function safeFetch(rawUrl: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const lookup = options.lookup ?? defaultLookup;
  const privateHosts = options.privateHosts;
  /** Whether this host may be reached on a non-public address: decided per hop and per connection. */
  const allowPrivate = (host: string): boolean =>
    options.allowPrivate === true || (privateHosts !== undefined && privateHosts.has(normalizeHost(host)));
  // The client connects only to addresses the guard has checked (see guardedLookup). One agent per call: a
  // poll fetches a feed and a few of its pages, so there is little to reuse, and nothing outlives the call.
  // undici is imported on the first real fetch: a start with no feeds never loads it.
  const undici: typeof Undici | undefined = options.fetchImpl ? undefined : await import('undici');
  const agent = undici
    ? new undici.Agent({ connect: { lookup: guardedLookup(lookup, allowPrivate) } })
    : undefined;
  const fetchImpl: FetchFn =
    options.fetchImpl ??
    ((input, init) =>
      undici!.fetch(input, {
        ...(init as Parameters<typeof Undici.fetch>[1]),
        dispatcher: agent,
      }) as unknown as Promise<Response>);
  const timeoutMs = options.timeoutMs ?? SAFE_FETCH_DEFAULTS.timeoutMs;
  const maxBytes = options.maxBytes ?? SAFE_FETCH_DEFAULTS.maxBytes;
  const maxRedirects = options.maxRedirects ?? SAFE_FETCH_DEFAULTS.maxRedirects;

  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let url = parseHttpUrl(rawUrl);

  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    accept: options.accept ?? SAFE_FETCH_DEFAULTS.accept,
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;

  const run = async (): Promise<SafeFetchResult> => {
    for (let hop = 0; ; hop++) {
      await checkAddress(url, lookup, allowPrivate);
      let response: Response;
      try {
        response = await fetchImpl(url.href, { method: 'GET', headers, redirect: 'manual', signal });
      } catch (err) {
        if (signal.aborted) throw err;
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        if (cause?.code === PRIVATE_AT_CONNECT)
          throw new FetchError('private-address', cause.message ?? 'refused a private address', url.href);
        throw new FetchError(
          'network',
          `could not connect to ${url.host}${cause?.code ? ` (${cause.code})` : cause?.message ? ` (${cause.message})` : ''}`,
          url.href,
        );
      }
      if (REDIRECT_STATUSES.has(response.status)) {
        await response.body?.cancel().catch(() => {});
        const location = response.headers.get('location');
        if (!location)
          throw new FetchError(
            `http-${response.status}`,
            `redirect ${response.status} without a Location`,
            url.href,
          );
        if (hop >= maxRedirects) {
          throw new FetchError('too-many-redirects', `more than ${maxRedirects} redirects`, url.href);
        }
        url = parseHttpUrl(location, url.href);
        continue;
      }
      if (response.status === 304) {
        await response.body?.cancel().catch(() => {});
        return { status: 'not-modified', url: url.href };
      }
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel().catch(() => {});
        throw new FetchError(`http-${response.status}`, `server answered ${response.status}`, url.href);
      }
      const contentType = response.headers.get('content-type') ?? undefined;
      const bytes = await readCapped(response, maxBytes, url.href);
      const etag = response.headers.get('etag') ?? undefined;
      const lastModified = response.headers.get('last-modified') ?? undefined;
      return {
        status: 'ok',
        url: url.href,
        body: decode(bytes, contentType),
        bytes: bytes.byteLength,
        ...(contentType ? { contentType } : {}),
        ...(etag ? { etag } : {}),
        ...(lastModified ? { lastModified } : {}),
      };
    }
  };

  // DNS lookups do not take a signal, so the deadline is raced rather than only passed to fetch.
  const deadline = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  try {
    return await Promise.race([run(), deadline]);
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (timeout.aborted)
      throw new FetchError('timeout', `no complete answer within ${timeoutMs} ms`, url.href);
    if (options.signal?.aborted) throw new FetchError('network', 'fetch cancelled', url.href);
    throw new FetchError('network', `fetch failed (${(err as Error).message})`, url.href);
  } finally {
    agent?.destroy().catch(() => {});
  }
}
