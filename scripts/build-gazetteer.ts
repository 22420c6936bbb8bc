/**
 * Build index-data/gazetteer.json from the hand-curated seed (src/extract/gazetteer-seed.ts) and the IARPA
 * Mercury Challenge place list (../shared/corpus/syria-places-mercury.csv).
 *
 *   npx tsx scripts/build-gazetteer.ts [path/to/syria-places-mercury.csv] [path/to/gazetteer.json]
 *
 * The output is deterministic (same inputs, same bytes) and committed, so a fresh clone works without ../shared.
 * How rows are merged and how towns get a district is explained in docs/decisions/0002-place-names.md.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../src/core/csv.js';
import {
  DISTRICTS,
  FEATURES,
  GOVERNORATES,
  MERCURY_SKIP,
  matchGovernorate,
  type SeedTown,
  TOWNS,
} from '../src/extract/gazetteer-seed.js';
import { normalizeKey } from '../src/extract/normalize.js';
import type { Place, PlaceKind } from '../src/extract/types.js';

/** One row of the Mercury place list. */
export interface MercuryRow {
  city: string;
  governorate: string;
  lat: number;
  lon: number;
  approximate: boolean;
  events: number;
}

/** What the JSON file holds. */
export interface GazetteerFile {
  source: string;
  format: 1;
  places: Place[];
}

export const SOURCE_NOTE =
  'Hand-curated governorates, districts, sites and regions; towns from the IARPA Mercury Challenge ' +
  'Syria event set (planetmercury/mercury-challenge), names, governorates and coordinates only.';

/** Merge same-named rows in one governorate when they are this close (km). */
const SAME_TOWN_KM = 5;
/** A `Nāḩiyat X` row folds into town X when it is this close (km). */
const SUBDISTRICT_TOWN_KM = 15;

/** RFC 4180 CSV parsing, shared with the evaluation scripts. */
export { parseCsv };

/** Read the Mercury CSV (header `city,governorate,latitude,longitude,approximate_location,events`). */
export function parseMercury(text: string): MercuryRow[] {
  const [header, ...rows] = parseCsv(text);
  const expected = 'city,governorate,latitude,longitude,approximate_location,events';
  if (header?.join(',') !== expected) {
    throw new Error(`Unexpected Mercury header "${header?.join(',')}"; expected "${expected}"`);
  }
  return rows.map((r, i) => {
    const [city = '', governorate = '', lat = '', lon = '', approx = '', events = ''] = r;
    const row = {
      city: city.trim(),
      governorate: governorate.trim(),
      lat: Number(lat),
      lon: Number(lon),
      approximate: approx === 'True',
      events: Number(events),
    };
    if (!row.city || !Number.isFinite(row.lat) || !Number.isFinite(row.lon) || !Number.isFinite(row.events)) {
      throw new Error(`Mercury row ${i + 2} is malformed: ${r.join(',')}`);
    }
    return row;
  });
}

/** Readable house name for a GeoNames-style spelling: `Jisr ash Shughūr` -> `Jisr ash-Shughur`. */
export function houseName(spelling: string): string {
  return stripMarks(spelling)
    .replace(/['’‘ʼʻʿʾ`´]/g, '')
    .replace(/(^|\s)(al|el|as|ash|at|ath|ad|adh|ar|az|an)\s+(?=\S)/gi, '$1$2-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\p{Ll}/u, (c) => c.toUpperCase());
}

/** Lower-case ASCII slug: `Al-Lataminah` -> `al-lataminah`. */
export function slugify(name: string): string {
  return stripMarks(name)
    .toLowerCase()
    .replace(/['’‘ʼʻʿʾ`´]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function stripMarks(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/** Approximate distance in km (equirectangular; fine at Syria's scale). */
function km(a: { lat?: number; lon?: number }, b: { lat?: number; lon?: number }): number {
  if (a.lat === undefined || a.lon === undefined || b.lat === undefined || b.lon === undefined)
    return Infinity;
  const x = ((b.lon - a.lon) * Math.PI * Math.cos(((a.lat + b.lat) * Math.PI) / 360)) / 180;
  const y = ((b.lat - a.lat) * Math.PI) / 180;
  return Math.sqrt(x * x + y * y) * 6371;
}

interface Draft extends Place {
  /** Events of the Mercury rows merged into this place (children are added later). */
  own: number;
}

/** Build the gazetteer from the seed and the Mercury rows; throws when the seed and the rows disagree. */
export function buildGazetteer(rows: MercuryRow[]): GazetteerFile {
  const places = new Map<string, Draft>();
  const add = (p: Draft): Draft => {
    if (places.has(p.id)) throw new Error(`Duplicate place id ${p.id}`);
    places.set(p.id, p);
    return p;
  };
  const alias = (p: Draft, spelling: string): void => {
    if (spelling !== p.name && !p.aliases.includes(spelling)) p.aliases.push(spelling);
  };

  for (const g of GOVERNORATES) {
    const id = `gov-${g.slug}`;
    add({
      id,
      name: g.name,
      kind: 'governorate',
      governorateId: id,
      aliases: [...g.aliases],
      arabic: g.arabic,
      lat: g.lat,
      lon: g.lon,
      weight: 0,
      own: 0,
    });
  }
  const districtsByGov = new Map<string, Draft[]>();
  for (const d of DISTRICTS) {
    const gov = `gov-${d.gov}`;
    if (!places.has(gov)) throw new Error(`District ${d.slug}: unknown governorate ${d.gov}`);
    const p = add({
      id: `dist-${d.slug}`,
      name: `${d.name} District`,
      kind: 'district',
      parentId: gov,
      governorateId: gov,
      aliases: [d.name, ...(d.aliases ?? [])],
      ...(d.arabic ? { arabic: d.arabic } : {}),
      lat: d.lat,
      lon: d.lon,
      weight: 0,
      own: 0,
    });
    districtsByGov.set(gov, [...(districtsByGov.get(gov) ?? []), p]);
  }
  const nearestDistrict = (gov: string, at: { lat?: number; lon?: number }): string => {
    const ds = districtsByGov.get(gov) ?? [];
    let best: Draft | undefined;
    for (const d of ds) if (!best || km(at, d) < km(at, best)) best = d;
    if (!best) throw new Error(`No district in ${gov}`);
    return best.id;
  };

  for (const f of FEATURES) {
    const gov = f.gov ? `gov-${f.gov}` : undefined;
    add({
      id: f.id,
      name: f.name,
      kind: f.kind,
      ...(f.parent ? { parentId: f.parent } : gov && f.kind === 'region' ? { parentId: gov } : {}),
      ...(gov ? { governorateId: gov } : {}),
      aliases: [...f.aliases],
      ...(f.arabic ? { arabic: f.arabic } : {}),
      lat: f.lat,
      lon: f.lon,
      weight: 0,
      own: 0,
    });
  }

  // Rows are matched to seed entries by folded key, so the seed can spell them without diacritics.
  const featureByKey = new Map<string, string>();
  for (const f of FEATURES) for (const m of f.mercury ?? []) featureByKey.set(normalizeKey(m), f.id);
  const townSeedByKey = new Map<string, SeedTown>();
  for (const t of TOWNS) for (const m of t.mercury) townSeedByKey.set(`${t.gov}|${normalizeKey(m)}`, t);
  const skip = new Set(MERCURY_SKIP.map(normalizeKey));

  const matchedFeatures = new Set<string>();
  const generic: { row: MercuryRow; gov: string | undefined }[] = [];
  for (const row of rows) {
    const key = normalizeKey(row.city);
    if (skip.has(key)) continue;
    const gov = row.governorate === '-' ? undefined : matchGovernorate(row.governorate);
    if (row.governorate !== '-' && !gov)
      throw new Error(`Unknown governorate "${row.governorate}" (${row.city})`);

    if (/\bgovernorate$/i.test(row.city) || /^mu\S*fa\S*at\s/i.test(stripMarks(row.city))) {
      const target = matchGovernorate(row.city);
      if (!target) throw new Error(`Governorate row "${row.city}" matches no governorate`);
      merge(places.get(target)!, row, false);
      continue;
    }
    if (/\sdistrict$/i.test(row.city)) {
      const bare = normalizeKey(row.city.replace(/\s+district$/i, ''));
      const d = (districtsByGov.get(gov ?? '') ?? []).find((x) =>
        x.aliases.some((a) => normalizeKey(a) === bare),
      );
      if (!d) throw new Error(`District row "${row.city}" (${row.governorate}) matches no seed district`);
      merge(d, row, false);
      continue;
    }
    const featureId = featureByKey.get(key);
    if (featureId) {
      matchedFeatures.add(featureId);
      merge(places.get(featureId)!, row, true);
      continue;
    }
    const seed = gov ? townSeedByKey.get(`${gov.slice(4)}|${key}`) : undefined;
    if (seed) {
      const existing = places.get(seed.id);
      if (existing) merge(existing, row, true);
      else {
        const p = add({
          id: seed.id,
          name: seed.name,
          kind: 'town',
          governorateId: `gov-${seed.gov}`,
          aliases: [...(seed.aliases ?? [])],
          ...(seed.arabic ? { arabic: seed.arabic } : {}),
          lat: row.lat,
          lon: row.lon,
          weight: 0,
          own: 0,
        });
        merge(p, row, true);
      }
      continue;
    }
    generic.push({ row, gov });
  }
  for (const t of TOWNS) {
    if (places.has(t.id)) continue;
    if (t.mercury.length > 0)
      throw new Error(`Seed town ${t.id}: no Mercury row matches ${t.mercury.join(' / ')}`);
    if (t.lat === undefined || t.lon === undefined) throw new Error(`Seed town ${t.id} needs coordinates`);
    add({
      id: t.id,
      name: t.name,
      kind: 'town',
      governorateId: `gov-${t.gov}`,
      aliases: [...(t.aliases ?? [])],
      ...(t.arabic ? { arabic: t.arabic } : {}),
      lat: t.lat,
      lon: t.lon,
      weight: 0,
      own: t.weight ?? 0,
    });
  }
  for (const f of FEATURES) {
    if ((f.mercury ?? []).length > 0 && !matchedFeatures.has(f.id)) {
      throw new Error(`Feature ${f.id}: no Mercury row matches ${(f.mercury ?? []).join(' / ')}`);
    }
  }

  // Generic rows: towns first (with a governorate), then `Nāḩiyat` rows, then rows without a governorate.
  const townsByKey = new Map<string, Draft[]>();
  for (const p of places.values()) {
    if (p.kind === 'town') indexTown(townsByKey, p);
  }
  const isSubdistrict = (r: MercuryRow) => /^na\S*iyat\s/i.test(stripMarks(r.city));
  const located = generic.filter((g) => g.gov && !isSubdistrict(g.row));
  const subdistricts = generic.filter((g) => g.gov && isSubdistrict(g.row));
  const unlocated = generic.filter((g) => !g.gov);
  const withGov = [...located];
  for (const g of unlocated) {
    let best: { gov: string | undefined; d: number } = { gov: undefined, d: Infinity };
    for (const o of withGov) {
      const d = km(g.row, o.row);
      if (d < best.d) best = { gov: o.gov, d };
    }
    located.push({ row: g.row, gov: best.gov });
  }

  for (const { row, gov } of located) {
    if (!gov) throw new Error(`Cannot place "${row.city}"`);
    const name = houseName(row.city.replace(/^min\S*aqat\s+/i, ''));
    const key = normalizeKey(name);
    const near = (townsByKey.get(`${gov}|${key}`) ?? []).find((t) => km(t, row) <= SAME_TOWN_KM);
    if (near) {
      merge(near, row, true);
      continue;
    }
    const p = add({
      id: freeId(places, slugify(name), gov),
      name,
      kind: 'town',
      governorateId: gov,
      aliases: [],
      lat: row.lat,
      lon: row.lon,
      weight: 0,
      own: 0,
    });
    merge(p, row, true);
    // Reports name a neighbourhood without the word for it: `Bustan al-Qasr` for `Hayy Bustan al-Qasr`.
    const bare = /^Hayy\s+(\S.*)$/.exec(name)?.[1];
    if (bare)
      alias(
        p,
        bare.replace(/^\p{Ll}/u, (c) => c.toUpperCase()),
      );
    indexTown(townsByKey, p);
  }
  for (const { row, gov } of subdistricts) {
    if (!gov) continue;
    const bare = houseName(stripMarks(row.city).replace(/^na\S*iyat\s+(markaz\s+)?/i, ''));
    const key = normalizeKey(bare);
    const town = (townsByKey.get(`${gov}|${key}`) ?? []).find((t) => km(t, row) <= SUBDISTRICT_TOWN_KM);
    if (town) {
      merge(town, row, true);
      continue;
    }
    const p = add({
      id: freeId(places, `${slugify(bare)}-subdistrict`, gov),
      name: `${bare} Subdistrict`,
      kind: 'subdistrict',
      governorateId: gov,
      aliases: [bare],
      lat: row.lat,
      lon: row.lon,
      weight: 0,
      own: 0,
    });
    merge(p, row, true);
  }

  for (const p of places.values()) {
    if ((p.kind === 'town' || p.kind === 'subdistrict') && !p.parentId) {
      p.parentId = nearestDistrict(p.governorateId!, p);
    }
    if (p.kind === 'site' && !p.parentId && p.governorateId) p.parentId = nearestDistrict(p.governorateId, p);
  }
  for (const p of places.values()) {
    if (p.parentId && !places.has(p.parentId))
      throw new Error(`${p.id}: parent ${p.parentId} does not exist`);
  }
  sumWeights(places);

  const out: Place[] = [];
  for (const p of places.values()) out.push(finish(p));
  return { source: SOURCE_NOTE, format: 1, places: out };

  function merge(p: Draft, row: MercuryRow, keepSpelling: boolean): void {
    p.own += row.events;
    if (keepSpelling) alias(p, row.city);
  }
}

function indexTown(index: Map<string, Draft[]>, p: Draft): void {
  for (const n of [p.name, ...p.aliases]) {
    const k = `${p.governorateId}|${normalizeKey(n)}`;
    const list = index.get(k) ?? [];
    if (!list.includes(p)) list.push(p);
    index.set(k, list);
  }
}

function freeId(places: Map<string, Draft>, base: string, gov: string): string {
  if (!places.has(base)) return base;
  const withGov = `${base}-${gov.slice(4)}`;
  if (!places.has(withGov)) return withGov;
  for (let i = 2; ; i++) if (!places.has(`${withGov}-${i}`)) return `${withGov}-${i}`;
}

function sumWeights(places: Map<string, Draft>): void {
  const children = new Map<string, Draft[]>();
  for (const p of places.values()) {
    if (p.parentId) children.set(p.parentId, [...(children.get(p.parentId) ?? []), p]);
  }
  const total = (p: Draft): number => {
    p.weight = p.own + (children.get(p.id) ?? []).reduce((s, c) => s + total(c), 0);
    return p.weight;
  };
  for (const p of places.values()) if (!p.parentId) total(p);
}

const KIND_ORDER: PlaceKind[] = [
  'country',
  'region',
  'governorate',
  'district',
  'subdistrict',
  'town',
  'site',
];

function finish(p: Draft): Place {
  if (!KIND_ORDER.includes(p.kind)) throw new Error(`${p.id}: unknown kind ${p.kind}`);
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    ...(p.parentId ? { parentId: p.parentId } : {}),
    ...(p.governorateId ? { governorateId: p.governorateId } : {}),
    aliases: p.aliases,
    ...(p.arabic ? { arabic: p.arabic } : {}),
    ...(p.lat !== undefined ? { lat: round(p.lat) } : {}),
    ...(p.lon !== undefined ? { lon: round(p.lon) } : {}),
    weight: p.weight,
  };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/** Serialise with one place per line: compact, yet diffs stay readable. */
export function serializeGazetteer(file: GazetteerFile): string {
  const head = `{"source":${JSON.stringify(file.source)},"format":${file.format},"places":[\n`;
  return `${head}${file.places.map((p) => JSON.stringify(p)).join(',\n')}\n]}\n`;
}

function main(): void {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const csv = process.argv[2] ?? path.resolve(repoRoot, '../shared/corpus/syria-places-mercury.csv');
  const outFile = process.argv[3] ?? path.join(repoRoot, 'index-data/gazetteer.json');
  const file = buildGazetteer(parseMercury(readFileSync(csv, 'utf8')));
  writeFileSync(outFile, serializeGazetteer(file));
  const counts = new Map<string, number>();
  for (const p of file.places) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  const summary = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  process.stdout.write(`Wrote ${file.places.length} places (${summary}) to ${outFile}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
