import MiniSearch from 'minisearch';
import { levenshtein } from '../core/text-distance.js';
import { tokenizeWords } from '../extract/normalize.js';
import { type IndexedDoc, MINISEARCH_OPTIONS, processTerm, SEARCH_OPTIONS } from './index-options.js';
import { loadSnapshot, type SnapshotInfo, writeSnapshot } from './snapshot.js';

/**
 * Full-text search over report documents: MiniSearch for every informative word, the engine's own compact
 * postings for the very common ones.
 *
 * A word found in more than `commonDocs` reports ("clashes", "forces", "village") says little about relevance,
 * yet in MiniSearch it costs a map entry per report: at 100k reports such words held four fifths of the index.
 * So a word stops going into MiniSearch once it is that common, and queries take its reports from
 * `termDocs` (report numbers, ascending) with a flat inverse-document-frequency score instead. Everything
 * else (BM25 ranking, title and name boosts, prefix and fuzzy matching) is MiniSearch's. Common words are
 * matched by prefix and typo here too, against the short list of common words.
 *
 * The rule that keeps the two halves consistent: a word whose report count is at most `commonDocs` now was at
 * most that when every one of its reports was added, so MiniSearch holds all of them. (A word that became
 * common after some of its reports were indexed leaves those entries in MiniSearch, unused.)
 */

/** What the index needs to know about the engine's events and report documents. */
export interface FullTextSource {
  /** Number of events so far (events are numbered from 0 in the order they were added). */
  eventCount(): number;
  /** Number of report documents so far (a report with at least one event is one document). */
  docCount(): number;
  /** Report document of an event. */
  docOf(event: number): number;
  /** The words of one event: its sentence, place and actor names, and (first event only) the report title. */
  eventWords(event: number): string[];
  /** A report document as MiniSearch indexes it. */
  document(doc: number): IndexedDoc;
}

/** A report document that matched, with the ids of the index terms it matched on. */
export interface FullTextHit {
  doc: number;
  score: number;
  terms: number[];
}

/** Result of a search: ranked documents, or documents newest first when every word was too common to rank. */
export interface FullTextResult {
  hits: FullTextHit[];
  newestFirst: boolean;
}

/** Snapshot metadata this index adds to the engine's. */
export type FullTextSnapshot = SnapshotInfo;

/** MiniSearch's default weights for prefix and fuzzy matches, used for the common words matched here. */
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

export class FullTextIndex {
  private readonly termIds = new Map<string, number>();
  /** Terms by id. */
  private readonly terms: string[] = [];
  /** Report documents holding each term, ascending. */
  private readonly termDocs: number[][] = [];
  /** Ids of terms found in more than `commonDocs` reports, in the order they became common. */
  private readonly common: number[] = [];
  /** Term ids of each event, as [start, end) ranges into one pool. */
  private pool = new Int32Array(1 << 16);
  private poolLength = 0;
  private ranges = new Int32Array(2 * 1024);
  private eventsDone = 0;
  private mini: MiniSearch<IndexedDoc>;
  private docsIndexed = 0;

  constructor(
    private readonly source: FullTextSource,
    readonly commonDocs: number,
  ) {
    this.mini = this.emptyIndex();
  }

  /** MiniSearch options: the shared ones, with common words kept out of the index (not out of queries). */
  private options() {
    return {
      ...MINISEARCH_OPTIONS,
      processTerm: (token: string, field?: string) => {
        const term = processTerm(token);
        if (term === null || field === undefined) return term;
        return this.isCommon(term) ? null : term;
      },
    };
  }

  private emptyIndex(): MiniSearch<IndexedDoc> {
    return new MiniSearch<IndexedDoc>(this.options());
  }

  private isCommon(term: string): boolean {
    const id = this.termIds.get(term);
    return id !== undefined && this.termDocs[id]!.length > this.commonDocs;
  }

  /** Events whose terms are known. */
  get termsDone(): number {
    return this.eventsDone;
  }

  /** Report documents in MiniSearch. */
  get indexedDocs(): number {
    return this.docsIndexed;
  }

  /** Record the terms of the next `limit` events not yet seen (all of them by default). */
  catchUpTerms(limit = Number.POSITIVE_INFINITY): void {
    const end = Math.min(this.source.eventCount(), this.eventsDone + limit);
    while (this.eventsDone < end) this.addEventTerms(this.eventsDone++);
  }

  private addEventTerms(n: number): void {
    const seen = new Set<number>();
    for (const words of this.source.eventWords(n)) {
      for (const token of tokenizeWords(words)) {
        const term = processTerm(token);
        if (!term) continue;
        let id = this.termIds.get(term);
        if (id === undefined) {
          id = this.terms.length;
          this.termIds.set(term, id);
          this.terms.push(term);
          this.termDocs.push([]);
        }
        seen.add(id);
      }
    }
    const doc = this.source.docOf(n);
    for (const id of seen) {
      const list = this.termDocs[id]!;
      if (list[list.length - 1] !== doc) {
        list.push(doc);
        if (list.length === this.commonDocs + 1) this.common.push(id);
      }
    }
    if (this.poolLength + seen.size > this.pool.length) {
      const bigger = new Int32Array(Math.max(this.pool.length * 2, this.poolLength + seen.size));
      bigger.set(this.pool.subarray(0, this.poolLength));
      this.pool = bigger;
    }
    if (2 * n + 2 > this.ranges.length) {
      const bigger = new Int32Array(this.ranges.length * 2);
      bigger.set(this.ranges);
      this.ranges = bigger;
    }
    this.ranges[2 * n] = this.poolLength;
    for (const id of seen) this.pool[this.poolLength++] = id;
    this.ranges[2 * n + 1] = this.poolLength;
  }

  /** True when event `n` holds one of the term ids. */
  eventHasTerm(n: number, ids: readonly number[]): boolean {
    const end = this.ranges[2 * n + 1]!;
    for (let i = this.ranges[2 * n]!; i < end; i++) if (ids.includes(this.pool[i]!)) return true;
    return false;
  }

  /**
   * Add report documents to MiniSearch up to `limit` of them (all by default). Terms must be caught up first,
   * so a word's report count includes the document being added.
   */
  catchUpDocs(limit = Number.POSITIVE_INFINITY): number {
    this.catchUpTerms();
    const end = Math.min(this.source.docCount(), this.docsIndexed + limit);
    const before = this.docsIndexed;
    while (this.docsIndexed < end) this.mini.add(this.source.document(this.docsIndexed++));
    return this.docsIndexed - before;
  }

  /** Save MiniSearch's part; the caller records the returned metadata. Documents must not be added meanwhile. */
  save(file: string): Promise<FullTextSnapshot> {
    return writeSnapshot(file, this.mini);
  }

  /** Replace MiniSearch's part with a saved snapshot covering the first `docCount` documents. */
  async load(
    file: string,
    expected: Pick<FullTextSnapshot, 'sha256' | 'terms'>,
    docCount: number,
  ): Promise<void> {
    const mini = await loadSnapshot<IndexedDoc>(file, this.options(), expected);
    if (mini.documentCount !== docCount) throw new Error('document count differs');
    this.mini = mini;
    this.docsIndexed = docCount;
  }

  /** Drop MiniSearch's part (after a failed load). */
  reset(): void {
    this.mini = this.emptyIndex();
    this.docsIndexed = 0;
  }

  // ---- queries ----

  /**
   * Query words once each: as typed (what MiniSearch is given, since it folds them itself) and folded (what
   * the engine's own lists are keyed by).
   */
  private queryWords(query: string): { raw: string; term: string }[] {
    const out: { raw: string; term: string }[] = [];
    for (const raw of tokenizeWords(query)) {
      const term = processTerm(raw);
      if (term && !out.some((w) => w.term === term)) out.push({ raw, term });
    }
    return out;
  }

  /**
   * MiniSearch's BM25 score for a word found once in a text of average length (k and b cancel out, d = 0.5):
   * what a common word adds, without per-report frequencies or lengths.
   */
  private flatScore(df: number): number {
    const n = this.docsIndexed;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5)) * 1.5;
  }

  /**
   * Documents matching one query word: MiniSearch for the informative vocabulary, postings for common words
   * (the word itself, and when `wide`, common words it is a prefix of or a likely typo of).
   */
  private wordHits(
    { raw, term }: { raw: string; term: string },
    wide: boolean,
  ): Map<number, { score: number; terms: number[] }> {
    const hits = new Map<number, { score: number; terms: number[] }>();
    const add = (doc: number, score: number, termId: number | undefined) => {
      const hit = hits.get(doc);
      if (hit) {
        hit.score += score;
        if (termId !== undefined && !hit.terms.includes(termId)) hit.terms.push(termId);
      } else hits.set(doc, { score, terms: termId === undefined ? [] : [termId] });
    };
    const ownId = this.termIds.get(term);
    const ownIsCommon = ownId !== undefined && this.termDocs[ownId]!.length > this.commonDocs;
    if (!ownIsCommon || wide) {
      const results = this.mini.search(raw, wide ? {} : { prefix: false, fuzzy: false });
      for (const r of results) {
        const ids: number[] = [];
        for (const t of r.terms) {
          const id = this.termIds.get(t);
          // A word that turned common after some reports were indexed: its postings below are complete.
          if (id !== undefined && this.termDocs[id]!.length <= this.commonDocs) ids.push(id);
        }
        if (ids.length) for (const id of ids) add(r.id as number, r.score, id);
      }
    }
    const commonMatches: [number, number][] = [];
    if (ownIsCommon) commonMatches.push([ownId, 1]);
    if (wide) {
      const prefix = SEARCH_OPTIONS.prefix as (t: string) => boolean;
      const fuzzy = SEARCH_OPTIONS.fuzzy as (t: string) => number | false;
      const share = fuzzy(term);
      const maxEdits = share ? Math.min(6, Math.round(term.length * share)) : 0;
      for (const id of this.common) {
        if (id === ownId) continue;
        const word = this.terms[id]!;
        // The weights MiniSearch gives derived terms (executeQuerySpec), so both halves rank alike.
        if (prefix(term) && word.startsWith(term)) {
          const distance = word.length - term.length;
          commonMatches.push([id, (PREFIX_WEIGHT * word.length) / (word.length + 0.3 * distance)]);
        } else if (maxEdits && Math.abs(word.length - term.length) <= maxEdits) {
          const d = levenshtein(term, word);
          if (d <= maxEdits) commonMatches.push([id, (FUZZY_WEIGHT * word.length) / (word.length + d)]);
        }
      }
    }
    for (const [id, weight] of commonMatches) {
      const docs = this.termDocs[id]!;
      const score = weight * this.flatScore(docs.length);
      for (const d of docs) if (d < this.docsIndexed) add(d, score, id);
    }
    return hits;
  }

  /** Combine per-word hits as MiniSearch does: summed scores, times the number of words matched. */
  private combine(
    perWord: Map<number, { score: number; terms: number[] }>[],
    mode: 'AND' | 'OR',
  ): FullTextHit[] {
    const out = new Map<number, { score: number; terms: number[]; words: number }>();
    if (mode === 'AND') {
      const [smallest, ...rest] = [...perWord].sort((a, b) => a.size - b.size);
      if (!smallest) return [];
      for (const [doc, hit] of smallest) {
        let score = hit.score;
        const terms = [...hit.terms];
        let all = true;
        for (const other of rest) {
          const h = other.get(doc);
          if (!h) {
            all = false;
            break;
          }
          score += h.score;
          terms.push(...h.terms);
        }
        if (all) out.set(doc, { score, terms, words: perWord.length });
      }
    } else {
      for (const word of perWord)
        for (const [doc, hit] of word) {
          const o = out.get(doc);
          if (o) {
            o.score += hit.score;
            o.terms.push(...hit.terms);
            o.words++;
          } else out.set(doc, { score: hit.score, terms: [...hit.terms], words: 1 });
        }
    }
    const hits: FullTextHit[] = [];
    for (const [doc, o] of out) hits.push({ doc, score: o.score * o.words, terms: o.terms });
    // Best first; among equals, the newer report (documents are numbered in the order they were added).
    hits.sort((a, b) => b.score - a.score || b.doc - a.doc);
    return hits;
  }

  /**
   * When every word of the query is known and together they occur in more than `newestFirstAbove` reports,
   * relevance ranking says little: the matching documents, newest first. Otherwise undefined.
   */
  private commonAnswer(terms: string[], newestFirstAbove: number): FullTextHit[] | undefined {
    const ids: number[] = [];
    for (const term of terms) {
      const id = this.termIds.get(term);
      if (id === undefined) return undefined;
      ids.push(id);
    }
    if (!ids.length) return undefined;
    const lists = ids.map((id) => this.termDocs[id]!).sort((a, b) => a.length - b.length);
    if (lists[0]!.length <= newestFirstAbove) return undefined;
    let docs = lists[0]!;
    for (const other of lists.slice(1)) {
      const next: number[] = [];
      let j = 0;
      for (const d of docs) {
        while (j < other.length && other[j]! < d) j++;
        if (other[j] === d) next.push(d);
      }
      docs = next;
    }
    if (docs.length <= newestFirstAbove) return undefined;
    const hits: FullTextHit[] = [];
    for (let i = docs.length - 1; i >= 0; i--) hits.push({ doc: docs[i]!, score: 0, terms: ids });
    return hits;
  }

  /**
   * Search: very common queries newest first; otherwise exact words first (cheap, and transliteration folding
   * already joins spellings), widened to prefix and typo matching when that finds fewer than `enough`, and to
   * any-word matching when nothing matches every word.
   */
  search(query: string, options: { newestFirstAbove: number; enough?: number }): FullTextResult {
    this.catchUpTerms();
    const words = this.queryWords(query);
    if (!words.length) return { hits: [], newestFirst: false };
    const common = this.commonAnswer(
      words.map((w) => w.term),
      options.newestFirstAbove,
    );
    if (common) return { hits: common, newestFirst: true };
    let hits = this.combine(
      words.map((w) => this.wordHits(w, false)),
      'AND',
    );
    if (hits.length < (options.enough ?? 10)) {
      const wide = words.map((w) => this.wordHits(w, true));
      const wider = this.combine(wide, 'AND');
      if (wider.length > hits.length) hits = wider;
      if (!hits.length) hits = this.combine(wide, 'OR');
    }
    return { hits, newestFirst: false };
  }
}
