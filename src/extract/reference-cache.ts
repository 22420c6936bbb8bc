import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.js';
import { projectPath } from '../core/paths.js';
import { cachedFolds, preloadFolds } from './normalize.js';

/**
 * What loading the reference data worked out last time, kept in `DATA_DIR/index/reference-cache.json` so a
 * start need not work it out again:
 *
 * - the folded form of each of the gazetteer's and registry's words (about 13,000; folding them was the
 *   largest part of loading the gazetteer), valid while src/extract/normalize.ts is unchanged;
 * - hashes of the reference files whose exact bytes passed their schema (checking the gazetteer's 5,352
 *   places was the second largest part), valid while the schema's source is unchanged.
 *
 * Both are keyed by a hash of the code that produced them, so an upgrade ignores the old file and writes a new
 * one. A missing, damaged or foreign file is ignored: this is a cache, never a source of truth, and failing to
 * write it costs only speed.
 */
export const REFERENCE_CACHE_FILE = 'reference-cache.json';

interface CacheFile {
  key: string;
  checked: string[];
  words: string[];
  folds: string[];
}

let codeKey: string | undefined;

/** Hash of the code whose results the cache holds: the folding and the gazetteer's schema. */
function referenceCodeKey(): string {
  codeKey ??= createHash('sha1')
    .update(readFileSync(projectPath('src', 'extract', 'normalize.ts')))
    .update(readFileSync(projectPath('src', 'extract', 'gazetteer.ts')))
    .digest('hex')
    .slice(0, 16);
  return codeKey;
}

/** The cache of one data dir, open for one start. */
export interface ReferenceCache {
  /** For loadGazetteer's `checks` option. */
  checks: { passed(hash: string): boolean; checked(hash: string): void };
  /**
   * Write the file when this start added anything. Call it right after the reference data is loaded, before
   * reports are read, so it holds the reference data's words and not every word of every report.
   */
  save(): Promise<void>;
}

function isCacheFile(data: unknown, key: string): data is CacheFile {
  const d = data as CacheFile | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    d.key === key &&
    Array.isArray(d.checked) &&
    Array.isArray(d.words) &&
    Array.isArray(d.folds) &&
    d.words.length === d.folds.length &&
    d.checked.every((h) => typeof h === 'string') &&
    d.words.every((w) => typeof w === 'string') &&
    d.folds.every((f) => typeof f === 'string')
  );
}

/** Read the cache of `indexDir` (preloading its folds); an unusable file counts as none. */
export async function openReferenceCache(indexDir: string): Promise<ReferenceCache> {
  const file = path.join(indexDir, REFERENCE_CACHE_FILE);
  const key = referenceCodeKey();
  let loaded: CacheFile = { key, checked: [], words: [], folds: [] };
  try {
    const data: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (isCacheFile(data, key)) loaded = data;
  } catch {
    // No file yet, or not one this code can use.
  }
  preloadFolds(loaded.words, loaded.folds);
  const checked = new Set(loaded.checked);
  let changed = false;
  return {
    checks: {
      passed: (hash) => checked.has(hash),
      checked: (hash) => {
        if (!checked.has(hash)) {
          checked.add(hash);
          changed = true;
        }
      },
    },
    async save() {
      const { words, folds } = cachedFolds();
      if (!changed && words.length <= loaded.words.length) return;
      try {
        await writeFileAtomic(file, JSON.stringify({ key, checked: [...checked], words, folds }));
      } catch {
        // A read-only or full disk: the next start works it out again.
      }
    },
  };
}
