import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GAZETTEER_FILE, loadGazetteer } from '../../src/extract/gazetteer.js';
import { cachedFolds } from '../../src/extract/normalize.js';
import { openReferenceCache, REFERENCE_CACHE_FILE } from '../../src/extract/reference-cache.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'reference-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cacheFile = () => path.join(dir, REFERENCE_CACHE_FILE);

describe('reference cache', () => {
  it('remembers that the gazetteer passed its schema, and the folds of its words', async () => {
    const first = await openReferenceCache(dir);
    const seen: string[] = [];
    const checks = {
      passed: first.checks.passed,
      checked: (h: string) => {
        seen.push(h);
        first.checks.checked(h);
      },
    };
    const fresh = loadGazetteer(undefined, { checks });
    expect(seen).toHaveLength(1);
    await first.save();
    const saved = JSON.parse(await readFile(cacheFile(), 'utf8')) as { checked: string[]; words: string[] };
    expect(saved.checked).toEqual(seen);
    expect(saved.words.length).toBeGreaterThan(10_000);

    const second = await openReferenceCache(dir);
    expect(second.checks.passed(seen[0]!)).toBe(true);
    const again = loadGazetteer(undefined, { checks: second.checks });
    // Same answers from a load that skipped the check.
    for (const q of ['bukamal', 'البوكمال', 'deir ez-zor', 'hajin'])
      expect(again.lookup(q).map((p) => p.id)).toEqual(fresh.lookup(q).map((p) => p.id));
    expect(cachedFolds().words.length).toBeGreaterThanOrEqual(saved.words.length);
  });

  it('still checks a gazetteer whose bytes differ from the one that passed', async () => {
    const cache = await openReferenceCache(dir);
    loadGazetteer(undefined, { checks: cache.checks });
    const broken = path.join(dir, 'gazetteer.json');
    const text = await readFile(DEFAULT_GAZETTEER_FILE, 'utf8');
    await writeFile(broken, text.replace('"kind":"town"', '"kind":"hamlet"'));
    expect(() => loadGazetteer(broken, { checks: cache.checks })).toThrow(/Gazetteer .*kind/s);
  });

  it('ignores a damaged file, or one written by other code', async () => {
    await writeFile(cacheFile(), '{"key": "x", "checked": ["abc"], "words": [], "folds": []}');
    expect((await openReferenceCache(dir)).checks.passed('abc')).toBe(false);
    await writeFile(cacheFile(), '{"key": ');
    const cache = await openReferenceCache(dir);
    expect(cache.checks.passed('abc')).toBe(false);
    const copy = path.join(dir, 'copy.json');
    await copyFile(DEFAULT_GAZETTEER_FILE, copy);
    expect(loadGazetteer(copy, { checks: cache.checks }).lookup('bukamal').length).toBeGreaterThan(0);
    await cache.save();
    expect(JSON.parse(await readFile(cacheFile(), 'utf8'))).toHaveProperty('checked');
  });
});
