import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { FullTextIndex, type FullTextSource } from '../../src/search/full-text.js';
import { type IndexedDoc, MINISEARCH_OPTIONS } from '../../src/search/index-options.js';

interface Doc {
  title: string;
  events: string[];
  places: string[];
  actors: string[];
}

/** A small desk corpus in our own words: some words in nearly every report, some in a few, some in one. */
function corpus(n: number): Doc[] {
  const towns = ['Al-Bukamal', 'Al-Mayadin', 'Palmyra', 'Al-Tanf', 'Manbij', 'Kobani', 'Idlib', 'Daraa'];
  const actors = ['IRGC', 'Hezbollah', 'SDF', 'Islamic State', 'Russian forces'];
  const acts = [
    'a drone struck a truck near {t}',
    'reinforcements arrived at the base in {t}',
    'clashes broke out on the road outside {t}',
    'an explosive device went off at a checkpoint in {t}',
    'residents protested against fuel prices in {t}',
    'artillery shelled farmland east of {t}',
  ];
  const docs: Doc[] = [];
  for (let i = 0; i < n; i++) {
    const t1 = towns[i % towns.length]!;
    const t2 = towns[(i * 3 + 1) % towns.length]!;
    const a1 = actors[i % actors.length]!;
    const a2 = actors[(i * 2 + 1) % actors.length]!;
    const events = [
      `Fighters of ${a1} said ${acts[i % acts.length]!.replace('{t}', t1)} on Tuesday.`,
      `Later ${acts[(i * 5 + 2) % acts.length]!.replace('{t}', t2)}, and ${a2} moved in.`,
    ];
    if (i % 7 === 0) events.push(`A rare sighting of a tanker convoy number ${i} was logged near ${t1}.`);
    docs.push({ title: `Desk update ${i} from ${t1}`, events, places: [t1, t2], actors: [a1, a2] });
  }
  return docs;
}

/** A source over `docs`, each event its own number, documents appended one at a time by `grow`. */
function sourceOf(docs: Doc[]) {
  let shown = 0;
  const eventDoc: number[] = [];
  const firsts: number[] = [];
  const texts: string[] = [];
  const grow = (count: number) => {
    for (; count > 0 && shown < docs.length; count--, shown++) {
      firsts.push(texts.length);
      for (const text of docs[shown]!.events) {
        texts.push(text);
        eventDoc.push(shown);
      }
    }
  };
  const source: FullTextSource = {
    eventCount: () => texts.length,
    docCount: () => shown,
    docOf: (n) => eventDoc[n]!,
    eventWords(n) {
      const d = docs[eventDoc[n]!]!;
      const words = [texts[n]!, ...d.places, ...d.actors];
      if (firsts[eventDoc[n]!] === n) words.push(d.title);
      return words;
    },
    document: (d) => ({
      id: d,
      text: docs[d]!.events.join('\n'),
      title: docs[d]!.title,
      places: docs[d]!.places.join(' '),
      actors: docs[d]!.actors.join(' '),
    }),
  };
  return { source, grow };
}

function indexOf(docs: Doc[], commonDocs: number, step = docs.length): FullTextIndex {
  const { source, grow } = sourceOf(docs);
  const index = new FullTextIndex(source, commonDocs);
  while (source.docCount() < docs.length) {
    grow(step);
    index.catchUpDocs();
  }
  return index;
}

/** What the engine did before common words left MiniSearch: MiniSearch alone, in the same three tiers. */
function miniSearchAlone(docs: Doc[], query: string): { doc: number; score: number }[] {
  const mini = new MiniSearch<IndexedDoc>(MINISEARCH_OPTIONS);
  const { source, grow } = sourceOf(docs);
  grow(docs.length);
  for (let d = 0; d < docs.length; d++) mini.add(source.document(d));
  let results = mini.search(query, { prefix: false, fuzzy: false });
  if (results.length < 10) {
    const wider = mini.search(query);
    if (wider.length > results.length) results = wider;
  }
  if (!results.length) results = mini.search(query, { combineWith: 'OR' });
  return results.map((r) => ({ doc: r.id as number, score: r.score }));
}

const docs = corpus(120);
const QUERIES = [
  'drone',
  'drone Bukamal',
  'Abu Kamal reinforcements',
  'reinforcments',
  'reinforc',
  'tanker convoy',
  'tankr',
  'Hezbollah checkpoint Palmyra',
  'farmland protest',
  'desk update 14',
  'nothing-like-this xyzzy',
  'explosive devise Daraa',
  'Al-Bokamal drone',
  'Deraa protest',
];

describe('full-text index', () => {
  it.each(QUERIES)('with no common words it ranks exactly as MiniSearch alone: %s', (query) => {
    const index = indexOf(docs, 1_000_000);
    const ours = index.search(query, { newestFirstAbove: 1_000_000 });
    expect(ours.newestFirst).toBe(false);
    const theirs = miniSearchAlone(docs, query);
    expect(ours.hits.map((h) => h.doc).sort()).toEqual(theirs.map((r) => r.doc).sort());
    const theirScore = new Map(theirs.map((r) => [r.doc, r.score]));
    for (const h of ours.hits) expect(h.score).toBeCloseTo(theirScore.get(h.doc)!, 9);
  });

  it.each(QUERIES)('with common words kept out of MiniSearch it finds the same reports: %s', (query) => {
    // 12 of 120 reports: "drone", "reinforcements", "checkpoint", every town and actor are common here.
    const index = indexOf(docs, 12);
    const ours = index.search(query, { newestFirstAbove: 1_000_000 });
    const theirs = miniSearchAlone(docs, query);
    expect(ours.hits.map((h) => h.doc).sort()).toEqual(theirs.map((r) => r.doc).sort());
  });

  it('scores a common word close to what MiniSearch would (flat BM25 from its report count)', () => {
    const index = indexOf(docs, 12);
    const ours = index.search('drone', { newestFirstAbove: 1_000_000 }).hits;
    const theirs = new Map(miniSearchAlone(docs, 'drone').map((r) => [r.doc, r.score]));
    expect(ours.length).toBe(theirs.size);
    for (const h of ours) {
      const ratio = h.score / theirs.get(h.doc)!;
      expect(ratio).toBeGreaterThan(0.5);
      expect(ratio).toBeLessThan(2);
    }
  });

  it('keeps common words out of the saved MiniSearch index', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'full-text-'));
    try {
      const terms = async (commonDocs: number) => {
        const file = path.join(dir, `${commonDocs}.json`);
        const info = await indexOf(docs, commonDocs).save(file);
        const text = await readFile(file, 'utf8');
        return { info, words: text.split('\n').map((l) => /^,?\["([^"]+)"/.exec(l)?.[1]) };
      };
      const all = await terms(1_000_000);
      const rare = await terms(20);
      expect(all.words).toContain('druna');
      expect(rare.words).not.toContain('druna');
      // "tanker" is in 18 of the 120 reports: under the threshold, so MiniSearch keeps it.
      expect(rare.words).toContain('tankar');
      expect(rare.info.bytes).toBeLessThan(all.info.bytes / 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a word that turns common while reports are added is still found in every report, once', () => {
    // Reports arrive one at a time, so "drone" is in MiniSearch for its first 12 reports and only in postings after.
    const index = indexOf(docs, 12, 1);
    const hits = index.search('drone', { newestFirstAbove: 1_000_000 }).hits;
    const expected = docs.flatMap((d, i) => (d.events.some((e) => e.includes('drone')) ? [i] : []));
    expect(expected.length).toBeGreaterThan(12);
    expect(hits.map((h) => h.doc).sort((a, b) => a - b)).toEqual(expected);
  });

  it('answers words too common to rank newest first, from postings', () => {
    const index = indexOf(docs, 12);
    const result = index.search('clashes', { newestFirstAbove: 10 });
    expect(result.newestFirst).toBe(true);
    const found = result.hits.map((h) => h.doc);
    expect(found).toEqual([...found].sort((a, b) => b - a));
    expect(found.length).toBe(docs.filter((d) => d.events.some((e) => e.includes('clashes'))).length);
  });

  it('an empty or stop-word-only query finds nothing', () => {
    const index = indexOf(docs, 12);
    for (const q of ['', '   ', 'the of and'])
      expect(index.search(q, { newestFirstAbove: 10 }).hits).toEqual([]);
  });
});
