import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createFixedClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { FetchError, isNonPublicAddress, type LookupFn, safeFetch } from '../../src/ingest/feeds/fetch.js';
import { createFeedPoller } from '../../src/ingest/feeds/poller.js';
import type { SourceConfig } from '../../src/ingest/feeds/sources.js';
import { createRecordingEngine } from '../ingest/feeds/recording-engine.js';

/** A local server for every host name below; `lookup` decides what each name "resolves" to. */
let server: Server;
let port: number;
const hits: string[] = [];
let itemLinks: string[] = [];

function rss(): string {
  const items = itemLinks
    .map(
      (link, i) => `<item><title>Clashes near Raqqa ${i}</title><link>${link}</link><guid>g${i}</guid>
      <pubDate>Sun, 22 Sep 2024 08:00:00 GMT</pubDate>
      <description>Clashes were reported near Raqqa on Sunday morning, item ${i}, with several wounded.</description></item>`,
    )
    .join('');
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title><link>http://x/</link>${items}</channel></rss>`;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.headers.host?.replace(/:\d+$/, '')}${req.url}`);
    if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss());
    } else if (req.url === '/hop') {
      res.writeHead(302, { location: `http://inside.test:${port}/feed.xml` });
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<html><body><article><h1>Page</h1><p>${'Clashes were reported near Raqqa on Sunday. '.repeat(20)}</p></article></body></html>`,
      );
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((r) => server.close(r)));

/** `mixed.test` has a public and a loopback address; `inside.test` and `pages.test` only loopback. */
const lookup: LookupFn = async (host) => {
  if (host === 'mixed.test')
    return [
      { address: '127.0.0.1', family: 4 },
      { address: '93.184.216.34', family: 4 },
    ];
  if (host === 'inside.test' || host === 'pages.test') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'faults-ssrf-'));
  hits.length = 0;
  itemLinks = [];
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

async function pollOnce(url: string, allowPrivateHosts: string[] = []) {
  const clock = createFixedClock('2024-09-22T12:00:00Z');
  const engine = createRecordingEngine(clock);
  const source: SourceConfig = { url, from: 'env' };
  const poller = createFeedPoller({
    engine,
    sources: [source],
    dataDir,
    clock,
    logger: silentLogger,
    lookup,
    allowPrivateHosts,
    defaults: { intervalMinutes: 10 },
    limits: { timeoutMs: 2000 },
  });
  const [result] = await poller.pollOnce();
  await poller.stop();
  return { result: result!, engine };
}

describe('5. private addresses are allowed by configuration only', () => {
  it('a name that merely resolves to a private address (among others) is not trusted', async () => {
    itemLinks = [`http://mixed.test:${port}/page`];
    const { result } = await pollOnce(`http://mixed.test:${port}/feed.xml`);
    expect(result.errorCode).toBe('private-address');
    expect(hits).toEqual([]);
  });

  it('a name listed in FEED_ALLOW_PRIVATE is fetched, but its item pages on other hosts are checked', async () => {
    itemLinks = [`http://pages.test:${port}/page`, `http://inside.test:${port}/same-host-page`];
    const { result } = await pollOnce(`http://inside.test:${port}/feed.xml`, ['Inside.Test']);
    expect(result.error).toBeUndefined();
    expect(result.added).toBe(2);
    expect(hits).toContain('inside.test/feed.xml');
    expect(hits).toContain('inside.test/same-host-page');
    expect(hits.some((h) => h.startsWith('pages.test'))).toBe(false);
    expect(result.items.map((i) => i.bodyFrom).sort()).toEqual(['article', 'feed']);
  });

  it('a source on a literal loopback address reaches that address, and nothing else private', async () => {
    itemLinks = [`http://pages.test:${port}/page`, `http://127.0.0.1:${port}/own-page`];
    const { result } = await pollOnce(`http://127.0.0.1:${port}/feed.xml`);
    expect(result.added).toBe(2);
    expect(hits.filter((h) => h.startsWith('127.0.0.1'))).toEqual([
      '127.0.0.1/feed.xml',
      '127.0.0.1/own-page',
    ]);
    expect(hits.some((h) => h.startsWith('pages.test'))).toBe(false);
  });

  it('a redirect from a trusted literal address to another private host is refused', async () => {
    const { result } = await pollOnce(`http://127.0.0.1:${port}/hop`);
    expect(result.errorCode).toBe('private-address');
    expect(hits).toEqual(['127.0.0.1/hop']);
  });

  it.each(['::127.0.0.1', '::7f00:1', '::10.0.0.1', '::a9fe:a9fe'])(
    'refuses the IPv4-compatible IPv6 address %s',
    async (address) => {
      expect(isNonPublicAddress(address)).toBe(true);
      const err = await safeFetch(`http://[${address}]:${port}/feed.xml`, { lookup }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(FetchError);
      expect((err as FetchError).code).toBe('private-address');
    },
  );

  it('FEED_ALLOW_PRIVATE is validated and normalised', () => {
    expect(
      loadConfig({ FEED_ALLOW_PRIVATE: 'Intranet.Example, [::1],10.0.0.5' }).feeds.allowPrivateHosts,
    ).toEqual(['intranet.example', '::1', '10.0.0.5']);
    expect(loadConfig({}).feeds.allowPrivateHosts).toEqual([]);
    let error: unknown;
    try {
      loadConfig({ FEED_ALLOW_PRIVATE: 'http://intranet.example:8080/' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(
      'FEED_ALLOW_PRIVATE: "http://intranet.example:8080/" is not a host name',
    );
  });
});
