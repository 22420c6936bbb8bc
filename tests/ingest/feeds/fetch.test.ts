import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FetchError,
  type FetchFn,
  isNonPublicAddress,
  isPrivateUrl,
  type LookupFn,
  type SafeFetchOptions,
  safeFetch,
} from '../../../src/ingest/feeds/fetch.js';
import { type FeedServer, PUBLIC_HOST, routeToLocal, startFeedServer } from '../../helpers/feed-server.js';

const PUBLIC_ADDRESS = '93.184.216.34';

/** DNS as the tests want it: one public-looking name, one private one, nothing else. */
const lookup: LookupFn = async (host) => {
  if (host === PUBLIC_HOST) return [{ address: PUBLIC_ADDRESS, family: 4 }];
  if (host === 'intranet.example.test') return [{ address: '10.1.2.3', family: 4 }];
  if (host === 'mixed.example.test')
    return [
      { address: PUBLIC_ADDRESS, family: 4 },
      { address: 'fd00::1', family: 6 },
    ];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

let server: FeedServer;
/** Sends requests for the public-looking host to the local server, as if DNS had answered so. */
let viaLocal: FetchFn;

beforeAll(async () => {
  server = await startFeedServer({ slowMs: 5000, hugeBytes: 1024 * 1024 });
  viaLocal = routeToLocal(server);
});
afterAll(() => server.close());

async function failure(url: string, options: SafeFetchOptions): Promise<FetchError> {
  try {
    await safeFetch(url, options);
  } catch (err) {
    if (err instanceof FetchError) return err;
    throw err;
  }
  throw new Error(`expected ${url} to fail`);
}

describe('isNonPublicAddress', () => {
  it.each([
    ['8.8.8.8', false],
    [PUBLIC_ADDRESS, false],
    ['2001:4860:4860::8888', false],
    ['10.0.0.1', true],
    ['172.16.5.4', true],
    ['192.168.1.1', true],
    ['127.0.0.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['192.0.2.10', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['2002:0a00:0001::1', true],
    ['not an address', true],
  ])('%s -> %s', (address, expected) => {
    expect(isNonPublicAddress(address)).toBe(expected);
  });
});

describe('isPrivateUrl', () => {
  it.each([
    ['http://127.0.0.1:8080/feed', true],
    ['http://[::1]/feed', true],
    [`http://${PUBLIC_HOST}/feed`, false],
    ['http://intranet.example.test/feed', true],
    ['http://mixed.example.test/feed', true],
  ])('%s -> %s', async (url, expected) => {
    expect(await isPrivateUrl(url, lookup)).toBe(expected);
  });
});

describe('safeFetch against the local feed server', () => {
  it('fetches a feed with its validators when the source is allowed on loopback', async () => {
    const r = await safeFetch(`${server.base}/feeds/rss.xml`, { allowPrivate: true });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.url).toBe(`${server.base}/feeds/rss.xml`);
    expect(r.etag).toBe('"rss-v1"');
    expect(r.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(r.body).toContain('<title>Euphrates Desk Wire</title>');
    expect(r.bytes).toBe(Buffer.byteLength(r.body));
  });

  it('sends If-None-Match and reports a 304 as not modified', async () => {
    const r = await safeFetch(`${server.base}/feeds/rss.xml`, { allowPrivate: true, etag: '"rss-v1"' });
    expect(r).toEqual({ status: 'not-modified', url: `${server.base}/feeds/rss.xml` });
    expect(server.hits('/feeds/rss.xml').at(-1)?.headers['if-none-match']).toBe('"rss-v1"');
  });

  it('sends If-Modified-Since and reports a 304 as not modified', async () => {
    const r = await safeFetch(`${server.base}/feeds/atom.xml`, {
      allowPrivate: true,
      lastModified: 'Thu, 19 Sep 2024 10:00:00 GMT',
    });
    expect(r.status).toBe('not-modified');
  });

  it('follows a relative redirect and reports the final URL', async () => {
    const r = await safeFetch(`${server.base}/redirect/to-rss`, { allowPrivate: true });
    expect(r.status === 'ok' && r.url).toBe(`${server.base}/feeds/rss.xml`);
  });

  it.each([
    ['/redirect/loop', { maxRedirects: 5 }, 'too-many-redirects', /more than 5 redirects/],
    ['/feeds/error.xml', {}, 'http-500', /server answered 500/],
    ['/articles/missing.html', {}, 'http-404', /server answered 404/],
    ['/feeds/slow.xml', { timeoutMs: 200 }, 'timeout', /within 200 ms/],
    ['/feeds/huge.xml', { maxBytes: 100_000 }, 'too-large', /100000-byte limit/],
    ['/redirect/file', {}, 'bad-scheme', /only http and https are fetched, not file:/],
  ])('%s fails with %s', async (path, options, code, message) => {
    const err = await failure(`${server.base}${path}`, { allowPrivate: true, ...options });
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  it('refuses loopback when the source is not allowed private addresses, before connecting', async () => {
    const before = server.requests.length;
    const err = await failure(`${server.base}/feeds/rss.xml`, {});
    expect(err.code).toBe('private-address');
    expect(err.message).toBe(
      'refused 127.0.0.1: it resolves to 127.0.0.1, a private, loopback or link-local address',
    );
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['/redirect/private', '10.0.0.1'],
    ['/redirect/metadata', '169.254.169.254'],
  ])('a public source redirecting to %s is refused at %s', async (path, target) => {
    const before = server.hits(path).length;
    const err = await failure(`http://${PUBLIC_HOST}${path}`, { fetchImpl: viaLocal, lookup });
    expect(err.code).toBe('private-address');
    expect(err.message).toContain(`resolves to ${target}`);
    expect(err.url.startsWith(`http://${target}/`)).toBe(true);
    expect(server.hits(path).length).toBe(before + 1);
  });

  it('a public source redirecting within its own host is followed', async () => {
    const r = await safeFetch(`http://${PUBLIC_HOST}/redirect/to-rss`, { fetchImpl: viaLocal, lookup });
    expect(r.status === 'ok' && r.url).toBe(`http://${PUBLIC_HOST}/feeds/rss.xml`);
  });

  it.each([
    ['ftp://example.org/feed', 'bad-scheme'],
    ['file:///etc/passwd', 'bad-scheme'],
    ['not a url', 'bad-url'],
    ['http://user:secret@example.org/feed', 'bad-url'],
    ['http://intranet.example.test/feed', 'private-address'],
    ['http://mixed.example.test/feed', 'private-address'],
    ['http://[::1]/feed', 'private-address'],
    ['http://[::ffff:7f00:1]/feed', 'private-address'],
    ['http://unknown.example.test/feed', 'dns'],
  ])('%s fails with %s without any request', async (url, code) => {
    let called = false;
    const spy: FetchFn = async (input, init) => {
      called = true;
      return globalThis.fetch(input, init);
    };
    const err = await failure(url, { fetchImpl: spy, lookup });
    expect(err.code).toBe(code);
    expect(called).toBe(false);
  });

  it('reports a refused connection as a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failure(`http://127.0.0.1:${port}/feed`, { allowPrivate: true });
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/could not connect to 127\.0\.0\.1/);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = failure(`${server.base}/feeds/slow.xml`, {
      allowPrivate: true,
      signal: controller.signal,
    });
    controller.abort();
    expect((await pending).message).toBe('fetch cancelled');
  });
});

describe('safeFetch decoding', () => {
  const respond =
    (bytes: Uint8Array<ArrayBuffer>, contentType?: string): FetchFn =>
    async () =>
      new Response(bytes, { status: 200, headers: contentType ? { 'content-type': contentType } : {} });
  const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

  it.each([
    ['utf-8 by default', new TextEncoder().encode('<p>دير الزور</p>'), undefined, '<p>دير الزور</p>'],
    [
      'charset from the header',
      Uint8Array.from([0xc7, 0xe1, 0xc8]),
      'text/html; charset=windows-1256',
      'الب',
    ],
    [
      'encoding from the XML prolog',
      latin1('<?xml version="1.0" encoding="ISO-8859-1"?><t>caf\u00e9</t>'),
      'application/xml',
      '<?xml version="1.0" encoding="ISO-8859-1"?><t>café</t>',
    ],
    [
      'charset from a meta tag',
      latin1('<meta charset="iso-8859-1"><p>na\u00efve</p>'),
      'text/html',
      '<meta charset="iso-8859-1"><p>naïve</p>',
    ],
    [
      'an unknown charset falls back to utf-8',
      new TextEncoder().encode('ok'),
      'text/plain; charset=x-made-up',
      'ok',
    ],
  ])('%s', async (_name, bytes, contentType, expected) => {
    const r = await safeFetch(`http://${PUBLIC_HOST}/x`, { fetchImpl: respond(bytes, contentType), lookup });
    expect(r.status === 'ok' && r.body).toBe(expected);
  });
});

describe('the connection goes where the check said (DNS rebinding)', () => {
  it('connects to the address the guard resolved, not to a second answer', async () => {
    // Real DNS knows nothing of .test names: reaching the local server proves the connection used this lookup.
    const local: LookupFn = async () => [{ address: '127.0.0.1', family: 4 }];
    const before = server.hits('/feeds/rss.xml').length;
    const r = await safeFetch(`http://feeds.desk.test:${server.port}/feeds/rss.xml`, {
      lookup: local,
      allowPrivate: true,
    });
    expect(r.status).toBe('ok');
    expect(server.hits('/feeds/rss.xml').length).toBe(before + 1);
  });

  it('refuses a name that answers public to the check and private to the connection', async () => {
    let calls = 0;
    const rebinding: LookupFn = async () =>
      calls++ === 0 ? [{ address: PUBLIC_ADDRESS, family: 4 }] : [{ address: '127.0.0.1', family: 4 }];
    const before = server.requests.length;
    const err = await failure(`http://rebind.desk.test:${server.port}/feeds/rss.xml`, { lookup: rebinding });
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(err.code).toBe('private-address');
    expect(err.message).toContain('127.0.0.1');
    expect(server.requests.length).toBe(before);
  });
});
