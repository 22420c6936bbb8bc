import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvRecords } from '../src/core/csv.js';
import type { PlaceDirectory } from '../src/extract/types.js';

/** Where the shared corpus lives beside a checkout, or undefined when it is absent. */
export function findCorpus(): string | undefined {
  const dir = path.resolve(fileURLToPath(new URL('../', import.meta.url)), '../shared/corpus');
  return existsSync(dir) ? dir : undefined;
}

/** FA-KES governorate labels -> our governorate ids (Damascus labels also cover its countryside). */
const FAKES_GOVERNORATES: Record<string, string[]> = {
  aleppo: ['gov-aleppo'],
  damascus: ['gov-damascus', 'gov-rif-dimashq'],
  idlib: ['gov-idlib'],
  'deir ezzor': ['gov-deir-ez-zor'],
  raqqa: ['gov-raqqa'],
  homs: ['gov-homs'],
  hasakeh: ['gov-al-hasakah'],
  hama: ['gov-hama'],
  daraa: ['gov-daraa'],
  lattakia: ['gov-latakia'],
  quneitra: ['gov-quneitra'],
  tartous: ['gov-tartus'],
  suwayda: ['gov-as-suwayda'],
};

/** Governorates named in `text`, via every place mention's governorate. */
export function governoratesIn(places: PlaceDirectory, text: string): Set<string> {
  const out = new Set<string>();
  for (const m of places.findMentions(text)) {
    const p = places.get(m.placeId);
    if (!p) continue;
    if (p.kind === 'governorate') out.add(p.id);
    else if (p.governorateId) out.add(p.governorateId);
  }
  return out;
}

/** FA-KES: share of articles whose labelled governorate is among the governorates we extract. */
export function evaluateFakes(places: PlaceDirectory, corpus: string) {
  // The file is Windows-1252; latin1 keeps every byte and the place names are ASCII.
  const rows = parseCsvRecords(readFileSync(path.join(corpus, 'fa-kes_fakes.csv'), 'latin1'));
  let hit = 0;
  let total = 0;
  const misses: Record<string, number> = {};
  for (const r of rows) {
    const gold = FAKES_GOVERNORATES[(r.location ?? '').trim().toLowerCase()];
    if (!gold) continue;
    total++;
    const found = governoratesIn(places, `${r.article_title}. ${r.article_content}`);
    if (gold.some((g) => found.has(g))) hit++;
    else misses[r.location!] = (misses[r.location!] ?? 0) + 1;
  }
  return { articles: total, recall: total ? hit / total : 0, misses };
}

interface Re3dEntity {
  begin: number;
  end: number;
  type: string;
  value: string;
  documentId: string;
}

/**
 * re3d: precision and recall of place mentions against gold Location spans (overlapping spans count as a
 * match), over documents that mention Syria. Gold locations outside Syria are left out of recall since the
 * gazetteer is Syrian by design; precision counts every mention we make.
 */
export function evaluateRe3d(places: PlaceDirectory, corpus: string) {
  const root = path.join(corpus, 're3d');
  let tp = 0;
  let fp = 0;
  let goldTotal = 0;
  let goldFound = 0;
  let docs = 0;
  for (const folder of readdirSync(root)) {
    const docFile = path.join(root, folder, 'documents.json');
    if (!existsSync(docFile)) continue;
    const documents = readFileSync(docFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { _id: string; text: string });
    const entities = readFileSync(path.join(root, folder, 'entities.json'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Re3dEntity)
      .filter((e) => e.type === 'Location');
    for (const d of documents) {
      if (!/Syria/i.test(d.text)) continue;
      docs++;
      const gold = entities.filter((e) => e.documentId === d._id);
      const mine = places.findMentions(d.text);
      for (const m of mine) {
        if (gold.some((g) => g.begin < m.end && m.start < g.end)) tp++;
        else fp++;
      }
      for (const g of gold) {
        const known = places.lookup(g.value).length > 0;
        if (!known) continue;
        goldTotal++;
        if (mine.some((m) => g.begin < m.end && m.start < g.end)) goldFound++;
      }
    }
  }
  return {
    documents: docs,
    precision: tp + fp ? tp / (tp + fp) : 0,
    recallOfSyrianGold: goldTotal ? goldFound / goldTotal : 0,
    mentions: tp + fp,
    goldSyrian: goldTotal,
  };
}
