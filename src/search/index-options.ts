import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Options, SearchOptions } from 'minisearch';
import { projectPath } from '../core/paths.js';
import { normalizeToken, tokenizeWords } from '../extract/normalize.js';

/**
 * A document in the full-text index: one report's extracted events (their sentences, places and actors) and
 * its title. One document per report rather than per event keeps the index several times smaller and faster;
 * the engine then picks, within each matching report, the events holding a matched term. Nothing is stored.
 */
export interface IndexedDoc {
  /** Internal report-document number. */
  id: number;
  text: string;
  title: string;
  places: string;
  actors: string;
}

/** Bump when the shape of indexed documents changes. */
export const INDEX_FORMAT_VERSION = 4;

/** Search-time defaults: fuzzy and prefix matching, the title and names weigh more than the sentence. */
export const SEARCH_OPTIONS: SearchOptions = {
  prefix: (term) => term.length >= 4,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
  boost: { title: 2, places: 1.5, actors: 1.5 },
  combineWith: 'AND',
};

/**
 * Words too common in conflict reports to help a search. Dropping them at index and query time keeps the
 * index a good deal smaller and keeps queries from touching most documents.
 */
export const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by for from had has have he her his in into is it its of on or that the their ' +
    'them they this to was were which who with will would not no also after before about over under than then there ' +
    'said says say according sources source local reported reports report while during between against'
  ).split(' '),
);

/** Fold one token as the index does; null for stop words. Used to map events to index terms. */
export function processTerm(term: string): string | null {
  if (STOP_WORDS.has(term.toLowerCase())) return null;
  const t = normalizeToken(term);
  return t.length ? t : null;
}

/**
 * The one MiniSearch options object, used for building and for loading a saved index. The same transliteration
 * folding runs at index and query time, so `bukamal` and `al-bokamal` meet as one term.
 */
export const MINISEARCH_OPTIONS: Options<IndexedDoc> = {
  idField: 'id',
  fields: ['text', 'title', 'places', 'actors'],
  storeFields: [],
  tokenize: (text) => tokenizeWords(text),
  processTerm,
  searchOptions: SEARCH_OPTIONS,
};

/**
 * Fingerprint of everything that changes what is in a saved index: options, the common-word threshold, and
 * the source of the tokenizer and term normaliser (normalize.ts). A saved index with another fingerprint is rebuilt, never loaded.
 */
export function optionsFingerprint(commonDocs: number): string {
  const parts = [
    String(INDEX_FORMAT_VERSION),
    // Words in more than this many reports stay out of MiniSearch (src/search/full-text.ts).
    String(commonDocs),
    JSON.stringify(MINISEARCH_OPTIONS.fields),
    JSON.stringify(MINISEARCH_OPTIONS.storeFields),
    readFileSync(projectPath('src', 'extract', 'normalize.ts'), 'utf8'),
    processTerm.toString(),
  ];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}
