import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FetchFn } from '../../src/ingest/feeds/fetch.js';
import type { Scheduler } from '../../src/ingest/feeds/poller.js';

/** Folder of the fixture feeds and article pages (written for these tests). */
export const FEED_FIXTURES = fileURLToPath(new URL('../fixtures/feeds/', import.meta.url));

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

/** A running fixture server. */
export interface FeedServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  port: number;
  requests: RecordedRequest[];
  /** Requests whose path (without query) equals `p`. */
  hits(p: string): RecordedRequest[];
  /** Make `/feeds/toggle.xml` answer 500 (true) or serve the RSS fixture (false). */
  setBroken(broken: boolean): void;
  /**
   * The paged burst feeds list articles 1..`total`, newest first, 10 a page: `/burst/wp.xml` (WordPress:
   * `?paged=N`, no next links) and `/burst/atom.xml` (RFC 5005 `<link rel="next">`).
   */
  setBurst(total: number): void;
  close(): Promise<void>;
}

/** Options for {@link startFeedServer}. */
export interface FeedServerOptions {
  /** How long the slow endpoints wait before answering; keep it above the poller's timeout in tests. */
  slowMs?: number;
  /** Size of the huge endpoints, in bytes. */
  hugeBytes?: number;
}

const TYPES: Record<string, string> = {
  '.xml': 'application/rss+xml; charset=utf-8',
  '.json': 'application/feed+json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** Fixed validators, so conditional requests are deterministic. */
const ETAGS: Record<string, string> = { '/feeds/rss.xml': '"rss-v1"', '/feeds/toggle.xml': '"toggle-v1"' };
const LAST_MODIFIED: Record<string, string> = { '/feeds/atom.xml': 'Thu, 19 Sep 2024 10:00:00 GMT' };

/**
 * A local HTTP server on 127.0.0.1 serving the fixture feeds and pages, with `{{base}}` in them replaced by
 * the server's own address, plus misbehaving endpoints: 304s for matching validators, a 500, slow and huge
 * responses, redirects (to itself, to private addresses, to another scheme) and a page that fails once.
 */
export async function startFeedServer(options: FeedServerOptions = {}): Promise<FeedServer> {
  const slowMs = options.slowMs ?? 3000;
  const hugeBytes = options.hugeBytes ?? 2 * 1024 * 1024;
  const requests: RecordedRequest[] = [];
  const pending = new Set<NodeJS.Timeout>();
  let broken = false;
  const flakyFailures = new Map<string, number>();
  let base = '';

  async function serveFile(
    res: ServerResponse,
    file: string,
    urlPath: string,
    req: IncomingMessage,
  ): Promise<void> {
    let text: string;
    try {
      text = await readFile(path.join(FEED_FIXTURES, file), 'utf8');
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const etag = ETAGS[urlPath];
    const lastModified = LAST_MODIFIED[urlPath];
    if (
      (etag && req.headers['if-none-match'] === etag) ||
      (lastModified && req.headers['if-modified-since'] === lastModified)
    ) {
      res
        .writeHead(304, {
          ...(etag ? { etag } : {}),
          ...(lastModified ? { 'last-modified': lastModified } : {}),
        })
        .end();
      return;
    }
    const body = text.replaceAll('{{base}}', base);
    res
      .writeHead(200, {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        ...(etag ? { etag } : {}),
        ...(lastModified ? { 'last-modified': lastModified } : {}),
      })
      .end(body);
  }

  function later(res: ServerResponse, fn: () => void): void {
    const t = setTimeout(() => {
      pending.delete(t);
      if (!res.destroyed) fn();
    }, slowMs);
    pending.add(t);
  }

  function streamHuge(res: ServerResponse, contentType: string): void {
    res.writeHead(200, { 'content-type': contentType });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < hugeBytes && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    pump();
  }

  let burstTotal = 0;
  const BURST_PAGE = 10;
  function burstItems(page: number): number[] {
    const out: number[] = [];
    for (let n = burstTotal - (page - 1) * BURST_PAGE; n > 0 && out.length < BURST_PAGE; n--) out.push(n);
    return out;
  }
  const burstText = (n: number) =>
    `On September 21, shelling was reported near Hajin in Deir ez-Zor (burst article ${n}).`;
  function serveBurst(res: ServerResponse, kind: 'wp' | 'atom', page: number): void {
    const items = burstItems(page);
    if (kind === 'wp' && page > 1 && !items.length) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const date = (n: number) => new Date(Date.UTC(2024, 8, 21, 0, n)).toISOString();
    if (kind === 'wp') {
      const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>Burst Desk</title><link>${base}/</link><generator>https://wordpress.org/?v=6.7</generator>${items
        .map(
          (n) =>
            `<item><title>Burst article ${n}</title><link>${base}/burst/a/${n}</link><guid>burst-${n}</guid><pubDate>${new Date(date(n)).toUTCString()}</pubDate><description>${burstText(n)}</description></item>`,
        )
        .join('')}</channel></rss>`;
      res.writeHead(200, { 'content-type': TYPES['.xml']! }).end(body);
      return;
    }
    const more = burstItems(page + 1).length > 0;
    const body = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Burst Atom</title><id>${base}/burst/atom.xml</id><updated>${date(burstTotal)}</updated>${
      more ? `<link rel="next" href="${base}/burst/atom.xml?page=${page + 1}"/>` : ''
    }${items
      .map(
        (n) =>
          `<entry><id>burst-atom-${n}</id><title>Burst entry ${n}</title><link href="${base}/burst/a/${n}"/><updated>${date(n)}</updated><summary>${burstText(n)}</summary></entry>`,
      )
      .join('')}</feed>`;
    res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(body);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = url.pathname;
    requests.push({ method: req.method ?? 'GET', path: p, headers: req.headers });
    res.on('error', () => {});
    switch (p) {
      case '/burst/wp.xml':
        serveBurst(res, 'wp', Number(url.searchParams.get('paged') ?? 1));
        return;
      case '/burst/atom.xml':
        serveBurst(res, 'atom', Number(url.searchParams.get('page') ?? 1));
        return;
      case '/feeds/error.xml':
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        return;
      case '/feeds/toggle.xml':
        if (broken) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        else void serveFile(res, 'rss.xml', p, req);
        return;
      case '/feeds/slow.xml':
        later(res, () => void serveFile(res, 'rss.xml', p, req));
        return;
      case '/articles/slow.html':
        later(res, () => void serveFile(res, 'articles/palmyra-exercise.html', p, req));
        return;
      case '/feeds/huge.xml':
        streamHuge(res, 'application/rss+xml');
        return;
      case '/articles/huge.html':
        streamHuge(res, 'text/html');
        return;
      case '/articles/flaky.html': {
        const n = flakyFailures.get(p) ?? 0;
        flakyFailures.set(p, n + 1);
        if (n === 0) res.writeHead(503, { 'content-type': 'text/plain' }).end('try later');
        else void serveFile(res, 'articles/palmyra-exercise.html', p, req);
        return;
      }
      case '/redirect/to-rss':
        res.writeHead(301, { location: '/feeds/rss.xml' }).end();
        return;
      case '/redirect/loop':
        res.writeHead(302, { location: '/redirect/loop' }).end();
        return;
      case '/redirect/private':
        res.writeHead(302, { location: 'http://10.0.0.1/feeds/rss.xml' }).end();
        return;
      case '/redirect/metadata':
        res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        return;
      case '/redirect/file':
        res.writeHead(302, { location: 'file:///etc/passwd' }).end();
        return;
    }
    if (p.startsWith('/feeds/')) return void serveFile(res, p.slice('/feeds/'.length), p, req);
    if (p.startsWith('/articles/'))
      return void serveFile(res, `articles/${p.slice('/articles/'.length)}`, p, req);
    if (p.startsWith('/mirror/'))
      return void serveFile(res, `articles/${p.slice('/mirror/'.length)}`, p, req);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    base,
    port,
    requests,
    hits: (p) => requests.filter((r) => r.path === p),
    setBroken(value) {
      broken = value;
    },
    setBurst(total) {
      burstTotal = total;
    },
    async close() {
      for (const t of pending) clearTimeout(t);
      pending.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A public-looking feed host that tests route to the local server (as if DNS had answered so). */
export const PUBLIC_HOST = 'feeds.example.test';

/** A fetch that sends requests for {@link PUBLIC_HOST} to the local server and everything else as asked. */
export function routeToLocal(server: Pick<FeedServer, 'port'>): FetchFn {
  return (input, init) => {
    const u = new URL(input);
    if (u.hostname === PUBLIC_HOST) {
      u.hostname = '127.0.0.1';
      u.port = String(server.port);
    }
    return globalThis.fetch(u.href, init);
  };
}

/** Timers that run only when the test says so. */
export function manualScheduler(): Scheduler & {
  due: { fn: () => void; ms: number; id: number }[];
  runNext(): number;
} {
  const due: { fn: () => void; ms: number; id: number }[] = [];
  let id = 0;
  return {
    due,
    setTimeout(fn, ms) {
      due.push({ fn, ms, id: ++id });
      return id;
    },
    clearTimeout(handle) {
      const i = due.findIndex((t) => t.id === handle);
      if (i >= 0) due.splice(i, 1);
    },
    runNext() {
      const t = due.shift();
      if (!t) throw new Error('no timer is due');
      t.fn();
      return t.ms;
    },
  };
}
