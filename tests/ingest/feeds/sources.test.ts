import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixedClock } from '../../../src/core/clock.js';
import { createMemoryLogger } from '../../../src/core/logger.js';
import {
  FEED_STATE_FILE,
  loadFeedState,
  loadSources,
  mergeSources,
  parseSourcesFile,
  rememberSeen,
  SOURCES_FILE,
  SourcesFileError,
  saveFeedState,
} from '../../../src/ingest/feeds/sources.js';

describe('parseSourcesFile', () => {
  it.each([
    ['a list of objects', '[{"url": "https://a.example/feed"}]', [{ url: 'https://a.example/feed' }]],
    [
      'name and interval',
      '[{"url": "https://a.example/f", "name": "A", "intervalMinutes": 30}]',
      [{ url: 'https://a.example/f', name: 'A', intervalMinutes: 30 }],
    ],
    ['bare URL strings', '["https://a.example/f"]', [{ url: 'https://a.example/f' }]],
    [
      'white space is trimmed',
      '[{"url": "  https://a.example/f  ", "name": " A "}]',
      [{ url: 'https://a.example/f', name: 'A' }],
    ],
    ['an empty list', '[]', []],
  ])('%s', (_name, text, expected) => {
    expect(parseSourcesFile(text)).toEqual(expected);
  });

  it.each([
    ['not JSON', '[{url:', /^sources\.json has a problem:\n {2}- not valid JSON/],
    ['not an array', '{"url": "https://a.example"}', /must be a JSON array/],
    ['a non-http URL', '[{"url": "ftp://a.example/f"}]', /entry 1: url must be an http\(s\) URL/],
    ['a missing URL', '[{"name": "A"}]', /entry 1: url must be a string/],
    [
      'a typo in a key',
      '[{"url": "https://a.example", "interval": 5}]',
      /entry 1: Unrecognized key: "interval"/,
    ],
    [
      'an interval out of range',
      '[{"url": "https://a.example", "intervalMinutes": 0}]',
      /entry 1: intervalMinutes must be at least 1/,
    ],
    [
      'a fractional interval',
      '[{"url": "https://a.example", "intervalMinutes": 2.5}]',
      /entry 1: intervalMinutes must be a whole number/,
    ],
    [
      'every bad entry is named',
      '[{"url": "https://ok.example"}, {"url": "x"}, 5]',
      /has problems:\n {2}- entry 2: .*\n {2}- entry 3: /,
    ],
  ])('%s', (_name, text, message) => {
    expect(() => parseSourcesFile(text)).toThrow(SourcesFileError);
    expect(() => parseSourcesFile(text)).toThrow(message);
  });
});

describe('mergeSources', () => {
  it.each([
    ['environment only', ['https://a.example/f'], [], [{ url: 'https://a.example/f', from: 'env' }]],
    [
      'file only',
      [],
      [{ url: 'https://b.example/f', name: 'B' }],
      [{ url: 'https://b.example/f', name: 'B', from: 'file' }],
    ],
    [
      'a URL in both keeps its place and takes the file settings',
      ['https://a.example/f', 'https://c.example/f'],
      [{ url: 'https://A.example/f', intervalMinutes: 5 }],
      [
        { url: 'https://a.example/f', intervalMinutes: 5, from: 'env' },
        { url: 'https://c.example/f', from: 'env' },
      ],
    ],
    [
      'duplicates in the environment collapse',
      ['https://a.example/f', 'https://a.example/f'],
      [],
      [{ url: 'https://a.example/f', from: 'env' }],
    ],
    ['a bare host gets its slash', ['https://a.example'], [], [{ url: 'https://a.example/', from: 'env' }]],
  ])('%s', (_name, env, file, expected) => {
    expect(mergeSources(env, file)).toEqual(expected);
  });
});

describe('rememberSeen', () => {
  it.each([
    ['adds new guids in order', ['a'], ['b', 'c'], 3, ['a', 'b', 'c']],
    ['ignores ones already seen', ['a', 'b'], ['b', 'c', 'c'], 3, ['a', 'b', 'c']],
  ])('%s', (_name, seen, guids, itemCount, expected) => {
    expect(rememberSeen(seen, guids, itemCount)).toEqual(expected);
  });

  it('keeps at most max(1000, 3 x items), dropping the oldest', () => {
    const seen = Array.from({ length: 1000 }, (_, i) => `old-${i}`);
    const out = rememberSeen(seen, ['new-1', 'new-2'], 10);
    expect(out).toHaveLength(1000);
    expect(out.slice(0, 2)).toEqual(['old-2', 'old-3']);
    expect(out.slice(-2)).toEqual(['new-1', 'new-2']);
    expect(rememberSeen(seen, ['new-1'], 400)).toHaveLength(1001);
  });
});

describe('files in the data dir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sources-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('loadSources merges FEEDS with sources.json, and works without the file', async () => {
    expect(await loadSources({ dataDir: dir, envUrls: ['https://a.example/f'] })).toEqual([
      { url: 'https://a.example/f', from: 'env' },
    ]);
    await writeFile(path.join(dir, SOURCES_FILE), '[{"url": "https://b.example/f", "name": "B"}]');
    expect(await loadSources({ dataDir: dir, envUrls: ['https://a.example/f'] })).toEqual([
      { url: 'https://a.example/f', from: 'env' },
      { url: 'https://b.example/f', name: 'B', from: 'file' },
    ]);
  });

  it('loadSources names the file and the entry when it is wrong', async () => {
    await writeFile(path.join(dir, SOURCES_FILE), '[{"url": "gopher://b.example"}]');
    await expect(loadSources({ dataDir: dir, envUrls: [] })).rejects.toThrow(
      `${path.join(dir, SOURCES_FILE)} has a problem:\n  - entry 1: url must be an http(s) URL`,
    );
  });

  it('feed state round-trips, and a damaged file is moved aside and logged', async () => {
    const clock = createFixedClock('2024-09-22T12:00:00Z');
    const logger = createMemoryLogger();
    expect(await loadFeedState(dir, clock, logger)).toEqual({ version: 1, sources: {} });
    const state = {
      version: 1 as const,
      sources: {
        'https://a.example/f': {
          seen: ['g1'],
          consecutiveFailures: 2,
          reportsAdded: 4,
          etag: '"x"',
          lastError: 'http-500: no',
        },
      },
    };
    await saveFeedState(dir, state);
    expect(await loadFeedState(dir, clock, logger)).toEqual(state);

    await writeFile(
      path.join(dir, FEED_STATE_FILE),
      '{"sources": {"https://a.example/f": {"seen": [1, "g2"], "etag": 7}}}',
    );
    expect(await loadFeedState(dir, clock, logger)).toEqual({
      version: 1,
      sources: { 'https://a.example/f': { seen: ['g2'], consecutiveFailures: 0, reportsAdded: 0 } },
    });

    await writeFile(path.join(dir, FEED_STATE_FILE), '{"sources": ');
    expect(await loadFeedState(dir, clock, logger)).toEqual({ version: 1, sources: {} });
    expect(logger.lines.some((l) => l.includes('feed state was damaged'))).toBe(true);
    const backup = path.join(dir, `${FEED_STATE_FILE}.corrupt-2024-09-22T12-00-00-000Z`);
    expect(await readFile(backup, 'utf8')).toBe('{"sources": ');
  });
});
