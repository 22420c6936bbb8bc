import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { renderPollResult, runPollOnceCli } from '../../../src/ingest/feeds/cli.js';
import type { PollResult } from '../../../src/ingest/feeds/poller.js';
import { SOURCES_FILE } from '../../../src/ingest/feeds/sources.js';
import { type FeedServer, startFeedServer } from '../../helpers/feed-server.js';
import { createRecordingEngine } from './recording-engine.js';

const base: PollResult = {
  url: 'https://a.example/feed',
  fetched: true,
  notModified: false,
  newItems: 0,
  added: 0,
  duplicates: 0,
  rejected: 0,
  deferred: 0,
  items: [],
};

describe('renderPollResult', () => {
  it.each([
    ['nothing new', base, ['https://a.example/feed: 0 new items, 0 added']],
    [
      'named source, not modified',
      { ...base, name: 'A', fetched: false, notModified: true },
      ['A (https://a.example/feed): not modified since the last poll'],
    ],
    [
      'failure',
      { ...base, fetched: false, error: 'http-500: server answered 500' },
      ['https://a.example/feed: failed: http-500: server answered 500'],
    ],
    [
      'failure that paused it',
      { ...base, fetched: false, error: 'timeout: slow', paused: true },
      ['https://a.example/feed: failed: timeout: slow (now paused)'],
    ],
    [
      'one of each item status',
      {
        ...base,
        newItems: 4,
        added: 1,
        duplicates: 1,
        rejected: 1,
        deferred: 1,
        items: [
          { guid: 'g1', title: 'Added one', status: 'added' },
          { guid: 'g2', title: 'Seen one', status: 'duplicate' },
          { guid: 'g3', url: 'https://a.example/3', status: 'rejected', reason: 'body is empty' },
          { guid: 'g4', status: 'deferred', reason: 'over the per-poll limit' },
        ],
      } satisfies PollResult,
      [
        'https://a.example/feed: 4 new items, 1 added, 1 duplicate, 1 rejected, 1 left for the next poll',
        '  + Added one',
        '  = Seen one (already indexed)',
        '  ! https://a.example/3 (body is empty)',
        '  ~ g4 (over the per-poll limit)',
      ],
    ],
  ])('%s', (_name, result, lines) => {
    expect(renderPollResult(result as PollResult)).toEqual(lines);
  });
});

describe('runPollOnceCli', () => {
  let server: FeedServer;
  let dataDir: string;
  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'poll-cli-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  async function run(feedUrls: string[]) {
    const lines: string[] = [];
    const clock = createFixedClock('2024-09-22T12:00:00Z');
    const engine = createRecordingEngine(clock);
    const code = await runPollOnceCli({
      config: { dataDir, feeds: { urls: feedUrls, intervalMinutes: 10 } },
      engine,
      clock,
      logger: silentLogger,
      limits: { timeoutMs: 500 },
      out: (line) => lines.push(line.replaceAll(server.base, 'BASE')),
    });
    return { code, lines, engine };
  }

  it('prints what each source added and exits 0', async () => {
    await writeFile(
      path.join(dataDir, SOURCES_FILE),
      JSON.stringify([{ url: `${server.base}/feeds/feed.json`, name: 'Steppe' }]),
    );
    const { code, lines } = await run([`${server.base}/feeds/rss.xml`]);
    expect(code).toBe(0);
    expect(lines).toEqual([
      'BASE/feeds/rss.xml: 3 new items, 3 added',
      '  + Shelling reported near the Al-Bukamal crossing',
      '  + Drone strike hits a pickup truck outside Al-Mayadin',
      '  + Checkpoint set up on the road east of Raqqa',
      'Steppe (BASE/feeds/feed.json): 2 new items, 2 added',
      '  + Military exercise held near Palmyra',
      '  + Tribal elders meet in Al-Shuhayl',
      'Added 5 reports from 2 sources.',
    ]);
    const again = await run([`${server.base}/feeds/rss.xml`]);
    expect(again.lines).toEqual([
      'BASE/feeds/rss.xml: not modified since the last poll',
      'Steppe (BASE/feeds/feed.json): 0 new items, 0 added',
      'Added 0 reports from 2 sources.',
    ]);
  });

  it('exits 1 when a source fails', async () => {
    const { code, lines } = await run([`${server.base}/feeds/error.xml`]);
    expect(code).toBe(1);
    expect(lines).toEqual([
      'BASE/feeds/error.xml: failed: http-500: server answered 500',
      'Added 0 reports from 1 source; 1 failed.',
    ]);
  });

  it('exits 2 when nothing is configured or the sources file is wrong', async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.lines).toEqual([
      `No sources configured. Set FEEDS (comma-separated URLs) or write ${dataDir}/sources.json.`,
    ]);
    await writeFile(path.join(dataDir, SOURCES_FILE), '[{"url": "nope"}]');
    const bad = await run([]);
    expect(bad.code).toBe(2);
    expect(bad.lines).toEqual([
      `${path.join(dataDir, SOURCES_FILE)} has a problem:\n  - entry 1: url must be an http(s) URL`,
    ]);
  });
});
