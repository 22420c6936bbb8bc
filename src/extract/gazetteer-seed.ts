/**
 * The hand-curated gazetteer data (index-data/places-seed.json) and its schema: governorates, districts, house
 * spellings and Arabic names for towns, named sites and regions, the words that are never a place in prose, and
 * the Arabic words that a back-transliterated name may not be. scripts/build-gazetteer.ts merges it with the
 * IARPA Mercury place list and GeoNames cities500 into index-data/gazetteer.json; nothing reads it at run time.
 *
 * Coordinates are approximate (district seats, site centres); they attach Mercury towns to the nearest district
 * seat and show a rough position, never survey data.
 */

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../core/paths.js';
import { normalizeKey } from './normalize.js';

/** The seed file bundled with the repository. */
export const DEFAULT_SEED_FILE: string = projectPath('index-data', 'places-seed.json');

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a lower-case slug such as "deir-ez-zor"');
const name = z.string().trim().min(1);
const lat = z.number().min(32).max(37.5);
const lon = z.number().min(35.5).max(42.5);

/** A governorate (muhafazah). */
const governorateSchema = z.strictObject({
  /** Slug after `gov-`. */
  slug,
  name,
  arabic: name,
  aliases: z.array(name),
  lat,
  lon,
});

/** A district (mantiqah); `name` is the bare name, the display name adds "District". */
const districtSchema = z.strictObject({
  /** Slug after `dist-`. */
  slug,
  name,
  /** Governorate slug. */
  gov: slug,
  arabic: name.optional(),
  aliases: z.array(name).optional(),
  /** Approximate coordinates of the district seat. */
  lat,
  lon,
});

/**
 * House spelling for a well-known town. `mercury` lists spellings of rows in the Mercury place list (matched by
 * normalised key within the governorate) that become this one town; an empty list adds a town Mercury lacks,
 * which then needs coordinates (and `parent` when it is a neighbourhood of a city).
 */
const townSchema = z.strictObject({
  id: slug,
  name,
  gov: slug,
  arabic: name.optional(),
  aliases: z.array(name).optional(),
  mercury: z.array(name),
  /** Containing place id (a city for a neighbourhood); defaults to the nearest district seat. */
  parent: slug.optional(),
  lat: lat.optional(),
  lon: lon.optional(),
  /** Prominence for a town Mercury lacks (a district seat), so a namesake hamlet does not outrank it. */
  weight: z.number().int().nonnegative().optional(),
});

/** A named site (base, airfield, oil field, crossing, camp, hill, road) or a region (desert, plain, river bank). */
const featureSchema = z.strictObject({
  id: z.string().regex(/^(site|region)-[a-z0-9-]+$/, 'an id starting with "site-" or "region-"'),
  name,
  kind: z.enum(['site', 'region']),
  /** Governorate slug, when the feature lies in one governorate. */
  gov: slug.optional(),
  /** Containing town or district id; defaults to the governorate (regions) or the nearest district (sites). */
  parent: slug.optional(),
  arabic: name.optional(),
  aliases: z.array(name),
  /** Mercury rows (any governorate) that are this feature. */
  mercury: z.array(name).optional(),
  lat,
  lon,
});

/** Names for a place the build makes from Mercury rows, by its generated id (`hajin`, `al-shuhayl`). */
const namesSchema = z.strictObject({
  id: slug,
  arabic: name.optional(),
  aliases: z.array(name).optional(),
  /** Replace the display name (a better-known spelling than the GeoNames one). */
  name: name.optional(),
  /** Containing place id: the city of a neighbourhood (`damascus` for Jobar). */
  parent: slug.optional(),
});

/** Schema of index-data/places-seed.json. */
export const placesSeedSchema = z.strictObject({
  source: z.string(),
  governorates: z.array(governorateSchema).length(14),
  districts: z.array(districtSchema),
  towns: z.array(townSchema),
  features: z.array(featureSchema),
  /** Arabic names and extra spellings for places the build creates from Mercury. */
  names: z.array(namesSchema),
  /** Mercury rows that name the whole country and are dropped. */
  mercurySkip: z.array(name),
  /**
   * Words that must never be read as a place on their own, even when a village bears the name: common English
   * words (headline words too), months and weekdays, countries and peoples, group names, and given names far
   * more often a person than a village. A one-word alias with such a key is not used in prose (lookup still
   * finds it). Also applied to cities500 aliases at build time.
   */
  mentionStopWords: z.array(z.string().regex(/^\S+$/, 'one word')),
  /**
   * Arabic words (folded or not) that a derived or cities500 Arabic name may not be on its own, because they
   * are common nouns or slogans (`الحرية`, `السلام`): a village of that name keeps only its Latin spellings.
   */
  arabicStopWords: z.array(z.string().regex(/^[\u0600-\u06ff ]+$/, 'Arabic script')),
});

export type PlacesSeed = z.infer<typeof placesSeedSchema>;
export type SeedGovernorate = z.infer<typeof governorateSchema>;
export type SeedDistrict = z.infer<typeof districtSchema>;
export type SeedTown = z.infer<typeof townSchema>;
export type SeedFeature = z.infer<typeof featureSchema>;
export type SeedNames = z.infer<typeof namesSchema>;

/**
 * Read and validate a seed file (default: index-data/places-seed.json).
 *
 * @throws Error naming the file, the entry (e.g. `towns[12] (hajin)`) and the bad field.
 */
export function loadPlacesSeed(file: string = DEFAULT_SEED_FILE): PlacesSeed {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read places seed ${file}: ${(err as Error).message}`);
  }
  const parsed = placesSeedSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Places seed ${file}: ${describeIssues(raw, parsed.error)}`);
  return parsed.data;
}

/**
 * One line per zod issue: the path with the entry's id or name when it has one, and the message.
 * Shared with the gazetteer loader.
 */
export function describeIssues(raw: unknown, error: z.ZodError, limit = 5): string {
  const lines = error.issues.slice(0, limit).map((issue) => {
    const where: string[] = [];
    let node: unknown = raw;
    for (const key of issue.path) {
      node =
        node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
      const label =
        node !== null && typeof node === 'object' && !Array.isArray(node)
          ? ((node as { id?: unknown; slug?: unknown; name?: unknown }).id ??
            (node as { slug?: unknown }).slug ??
            (node as { name?: unknown }).name)
          : undefined;
      where.push(typeof key === 'number' ? `[${key}]` : `${where.length > 0 ? '.' : ''}${String(key)}`);
      if (typeof key === 'number' && typeof label === 'string') where.push(` (${label})`);
    }
    return `${where.join('') || '(top level)'}: ${issue.message}`;
  });
  const more = error.issues.length > limit ? `; and ${error.issues.length - limit} more` : '';
  return lines.join('; ') + more;
}

let defaultSeed: PlacesSeed | undefined;

/** The bundled seed, read once. */
export function placesSeed(): PlacesSeed {
  defaultSeed ??= loadPlacesSeed();
  return defaultSeed;
}

/**
 * Map a governorate as written in the Mercury place list (`Ar-Raqqah`, `Rif-dimashq`, `Dimashq`,
 * `Deir ez-Zor Governorate`, `Muhafazat Rif Dimashq`) to our governorate id. Returns undefined for `-`
 * (no governorate given) and for names we do not know.
 */
export function matchGovernorate(
  name: string,
  governorates: SeedGovernorate[] = placesSeed().governorates,
): string | undefined {
  const key = governorateKey(name);
  if (key === '') return undefined;
  return governorateKeys(governorates).get(key);
}

const govKeyCache = new WeakMap<SeedGovernorate[], Map<string, string>>();

function governorateKeys(governorates: SeedGovernorate[]): Map<string, string> {
  const cached = govKeyCache.get(governorates);
  if (cached) return cached;
  const keys = new Map<string, string>();
  for (const g of governorates) {
    for (const n of [g.name, g.arabic, ...g.aliases]) keys.set(governorateKey(n), `gov-${g.slug}`);
  }
  govKeyCache.set(governorates, keys);
  return keys;
}

function governorateKey(name: string): string {
  const bare = name
    .replace(/\b(governorate|province|muhafazat|muhafazah)\b/gi, ' ')
    .replace(/^\s*mu\S*fa\S*at\s+/i, ' ')
    .replace(/محافظة/g, ' ');
  return normalizeKey(bare);
}
