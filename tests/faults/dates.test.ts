import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixedClock } from '../../src/core/clock.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import type { FetchFn, LookupFn } from '../../src/ingest/feeds/fetch.js';
import { createFeedPoller } from '../../src/ingest/feeds/poller.js';
import { ingestPaths } from '../../src/ingest/ingest-files.js';
import { formatOrigin } from '../../src/reports/types.js';
import { validateReport } from '../../src/reports/validate.js';
import { createRecordingEngine } from '../ingest/feeds/recording-engine.js';

const NOW = '2026-11-24T10:00:00Z';
const good = {
  url: 'https://example.org/a',
  title: 'Shelling near Homs',
  source: 'Test',
  body: 'Shelling was reported near Homs.',
};

describe('6. implausible dates', () => {
  it.each([
    ['9999-01-01', 'published 9999-01-01 is more than a day in the future'],
    ['2026-11-26T10:00:00Z', 'published 2026-11-26 is more than a day in the future'],
    ['1900-01-01', 'published 1900-01-01 is before 1990'],
    ['1989-12-31T23:00:00Z', 'published 1989-12-31 is before 1990'],
    ['yesterday-ish', 'published is not a date'],
  ])('a report published %s is rejected: %s', (published, reason) => {
    const v = validateReport({ ...good, published }, new Date(NOW));
    expect(v.ok).toBe(false);
    expect(v.ok ? '' : v.reason).toContain(reason);
  });

  it.each(['2026-11-25T09:00:00Z', '1990-01-01', '2024-12-08'])('%s is accepted', (published) => {
    expect(validateReport({ ...good, published }, new Date(NOW)).ok).toBe(true);
  });

  describe('in files', () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'faults-dates-'));
    });
    afterEach(() => rm(dir, { recursive: true, force: true }));

    it('are rejected by file:line', async () => {
      const file = path.join(dir, 'in.jsonl');
      await writeFile(
        file,
        [
          { ...good, url: 'https://example.org/1', published: '2026-11-20' },
          { ...good, url: 'https://example.org/2', title: 'Future', published: '9999-12-31' },
          { ...good, url: 'https://example.org/3', title: 'Past', published: '1900-01-01' },
        ]
          .map((r) => JSON.stringify(r))
          .join('\n'),
      );
      const added: string[] = [];
      const engine = createRecordingEngine(createFixedClock(NOW));
      const summary = await ingestPaths(engine, [file]);
      for (const r of engine.reports) added.push(r.url);
      expect(added).toEqual(['https://example.org/1']);
      expect(summary.rejected.map((r) => `${formatOrigin(r.origin)}: ${r.reason}`)).toEqual([
        `${file}:2: published 9999-12-31 is more than a day in the future`,
        `${file}:3: published 1900-01-01 is before 1990`,
      ]);
    });
  });

  describe('in feeds', () => {
    let dataDir: string;
    beforeEach(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'faults-dates-feed-'));
    });
    afterEach(() => rm(dataDir, { recursive: true, force: true }));

    it('are taken as the fetch time and logged', async () => {
      const dates = [
        'Fri, 31 Dec 9999 00:00:00 GMT',
        'Mon, 01 Jan 1900 00:00:00 GMT',
        'sometime soon',
        'Sun, 22 Nov 2026 08:00:00 GMT',
      ];
      const items = dates
        .map(
          (
            d,
            i,
          ) => `<item><title>Item ${i}</title><link>https://feeds.example/item/${i}</link><guid>g${i}</guid>
          <pubDate>${d}</pubDate><description>Clashes were reported near Raqqa on Sunday, item number ${i}.</description></item>`,
        )
        .join('');
      const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>${items}</channel></rss>`;
      const fetchImpl: FetchFn = async (url) =>
        url.endsWith('/feed.xml')
          ? new Response(rss, { headers: { 'content-type': 'application/rss+xml' } })
          : new Response('gone', { status: 404 });
      const lookup: LookupFn = async () => [{ address: '93.184.216.34', family: 4 }];
      const clock = createFixedClock(NOW);
      const engine = createRecordingEngine(clock);
      const logger = createMemoryLogger();
      const poller = createFeedPoller({
        engine,
        sources: [{ url: 'https://feeds.example/feed.xml', from: 'env' }],
        dataDir,
        clock,
        logger,
        fetchImpl,
        lookup,
        defaults: { intervalMinutes: 10 },
      });
      const [result] = await poller.pollOnce();
      await poller.stop();
      expect(result!.added).toBe(4);
      const byTitle = Object.fromEntries(engine.inputs.map((i) => [i.title, i.published]));
      expect(byTitle).toEqual({
        'Item 0': new Date(NOW).toISOString(),
        'Item 1': new Date(NOW).toISOString(),
        'Item 2': new Date(NOW).toISOString(),
        'Item 3': '2026-11-22T08:00:00.000Z',
      });
      const flagged = logger.lines.filter((l) => l.includes('unparseable or implausible'));
      expect(flagged).toHaveLength(3);
      expect(flagged.join('\n')).toContain('9999');
    });
  });
});
