import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IndexedDoc, MINISEARCH_OPTIONS } from '../../src/search/index-options.js';
import { loadSnapshot, SnapshotError, type SnapshotInfo, writeSnapshot } from '../../src/search/snapshot.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'snapshot-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const WORDS = [
  'البوكمال',
  'دير',
  'الزور',
  'Bukamal',
  'Deir',
  'Hezbollah',
  'drone',
  'checkpoint',
  'Ālbū',
  'Kamāl',
];

/** Documents with Arabic, diacritics, quotes and backslashes; enough of them for a file over 1 MB. */
function docs(n: number): IndexedDoc[] {
  const out: IndexedDoc[] = [];
  for (let i = 0; i < n; i++) {
    const w = (k: number) => `${WORDS[(i * 7 + k) % WORDS.length]}${(i * 31 + k) % 997}`;
    out.push({
      id: i,
      text: `${w(1)} ${w(2)} "quoted" back\\slash ${w(3)} ${w(4)} drone strike near ${w(5)}`,
      title: `Report ${i}: ${w(6)}`,
      places: i % 3 ? w(7) : '',
      actors: i % 5 ? `${w(8)} ${w(9)}` : '',
    });
  }
  return out;
}

function build(n: number): MiniSearch<IndexedDoc> {
  const mini = new MiniSearch<IndexedDoc>(MINISEARCH_OPTIONS);
  mini.addAll(docs(n));
  return mini;
}

/** An index's content independent of term order (a loaded radix tree iterates in its own order). */
function canonical(plain: { index: [string, unknown][] }): string {
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(plain).sort()) sorted[key] = plain[key as keyof typeof plain];
  sorted.index = [...plain.index].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return JSON.stringify(sorted);
}

/** Results as a set of id and score: ties may come back in another order from a loaded index. */
function answers(mini: MiniSearch<IndexedDoc>, q: string): string[] {
  return mini
    .search(q)
    .map((r) => `${r.id}:${r.score.toFixed(9)}:${[...r.terms].sort().join(',')}`)
    .sort();
}

const QUERIES = ['drone', 'البوكمال', 'bukamal12', 'hezbolah', 'kamal', 'report 17', 'الزور5'];

describe('index snapshot', () => {
  let mini: MiniSearch<IndexedDoc>;
  let file: string;
  let info: SnapshotInfo;
  beforeAll(async () => {
    mini = build(6000);
    file = path.join(dir, 'index.json');
    info = await writeSnapshot(file, mini);
  });

  it("is MiniSearch's own JSON: it parses to exactly what toJSON gives and MiniSearch.loadJSON reads it", async () => {
    const text = await readFile(file, 'utf8');
    expect(info.bytes).toBe(Buffer.byteLength(text));
    expect(info.bytes).toBeGreaterThan(1 << 20);
    expect(info.terms).toBe(mini.termCount);
    expect(canonical(JSON.parse(text))).toBe(canonical(JSON.parse(JSON.stringify(mini))));
    const viaLibrary = MiniSearch.loadJSON<IndexedDoc>(text, MINISEARCH_OPTIONS);
    for (const q of QUERIES) expect(answers(viaLibrary, q)).toEqual(answers(mini, q));
  });

  it('loads back term by term into an index that answers exactly as the original', async () => {
    const loaded = await loadSnapshot<IndexedDoc>(file, MINISEARCH_OPTIONS, info);
    expect(loaded.documentCount).toBe(mini.documentCount);
    expect(loaded.termCount).toBe(mini.termCount);
    expect(canonical(loaded.toJSON())).toBe(canonical(mini.toJSON()));
    for (const q of QUERIES) {
      expect(answers(loaded, q).length).toBeGreaterThan(0);
      expect(answers(loaded, q)).toEqual(answers(mini, q));
    }
    expect(loaded.search('drone').length).toBe(6000);
  });

  it('an empty index round-trips', async () => {
    const empty = new MiniSearch<IndexedDoc>(MINISEARCH_OPTIONS);
    const f = path.join(dir, 'empty.json');
    const i = await writeSnapshot(f, empty);
    expect(i.terms).toBe(0);
    const loaded = await loadSnapshot<IndexedDoc>(f, MINISEARCH_OPTIONS, i);
    expect(loaded.documentCount).toBe(0);
    expect(JSON.parse(await readFile(f, 'utf8'))).toEqual(JSON.parse(JSON.stringify(empty)));
  });

  describe('a damaged file is rejected whole', () => {
    const damage: [string, (text: string) => string, RegExp][] = [
      ['cut short mid-way', (t) => t.slice(0, Math.floor(t.length / 2)), /cut short|damaged/],
      ['missing its closing line', (t) => t.slice(0, t.lastIndexOf(']}')), /cut short/],
      ['one byte changed in a frequency', (t) => t.replace(/":1}/, '":2}'), /checksum/],
      ['a line of garbage', (t) => t.replace(/\n,\[/, '\n,{garbage\n,['), /damaged/],
      ['data after its end', (t) => `${t}["extra",{}]\n`, /after its end/],
      ['empty', () => '', /header/],
      ['not a snapshot at all', () => '{"broken":', /header/],
      ['header damaged', (t) => t.replace('"documentCount":', '"documentCount":,'), /header is damaged/],
      ['a line that is not an entry', (t) => t.replace(/\n,\[[^\n]*\n/, '\n,42\n'), /not an index entry/],
    ];
    it.each(damage)('%s', async (_name, change, message) => {
      const text = await readFile(file, 'utf8');
      const bad = path.join(dir, 'bad.json');
      await writeFile(bad, change(text));
      const attempt = loadSnapshot<IndexedDoc>(bad, MINISEARCH_OPTIONS, info);
      await expect(attempt).rejects.toThrow(SnapshotError);
      await expect(loadSnapshot<IndexedDoc>(bad, MINISEARCH_OPTIONS, info)).rejects.toThrow(message);
    });

    it('a term count that differs from the metadata', async () => {
      await expect(
        loadSnapshot<IndexedDoc>(file, MINISEARCH_OPTIONS, { ...info, terms: info.terms + 1 }),
      ).rejects.toThrow(/terms, not/);
    });
  });
});
