import type {
  Actor,
  ActorDirectory,
  ActorSpan,
  Place,
  PlaceDirectory,
  PlaceKind,
  PlaceSpan,
} from '../../src/extract/types.js';

/**
 * Small hand-written stand-ins for the gazetteer and actor registry: a few places and actors of eastern Syria,
 * enough to drive extraction tests without the real data files. Matching is deliberately simple (exact
 * aliases, case-insensitive except all-capital acronyms, longest first).
 */

function place(
  id: string,
  name: string,
  kind: PlaceKind,
  parentId: string | undefined,
  governorateId: string | undefined,
  aliases: string[] = [],
  weight = 1,
): Place {
  return { id, name, kind, parentId, governorateId, aliases, weight };
}

/** The places the fake gazetteer knows. */
export const FAKE_PLACES: Place[] = [
  place('syria', 'Syria', 'country', undefined, undefined, [], 100),
  place('gov-deir-ez-zor', 'Deir ez-Zor', 'governorate', 'syria', 'gov-deir-ez-zor', [
    'Deir Ezzor',
    'Deir al-Zour',
    'Dayr az-Zawr',
    'Deir-ez-Zor',
  ]),
  place('gov-homs', 'Homs', 'governorate', 'syria', 'gov-homs'),
  place('gov-al-hasakah', 'Al-Hasakah', 'governorate', 'syria', 'gov-al-hasakah', [
    'Hasakah',
    'Hasakeh',
    'Hasaka',
  ]),
  place('gov-idlib', 'Idlib', 'governorate', 'syria', 'gov-idlib'),
  place('dist-abu-kamal', 'Abu Kamal district', 'district', 'gov-deir-ez-zor', 'gov-deir-ez-zor'),
  place('dist-al-mayadin', 'Al-Mayadin district', 'district', 'gov-deir-ez-zor', 'gov-deir-ez-zor'),
  place('dist-palmyra', 'Palmyra district', 'district', 'gov-homs', 'gov-homs'),
  place(
    'al-bukamal',
    'Al-Bukamal',
    'town',
    'dist-abu-kamal',
    'gov-deir-ez-zor',
    ['Al-Bokamal', 'Albu Kamal', 'Abu Kamal', 'Boukamal', 'Bukamal'],
    30,
  ),
  place(
    'al-mayadin',
    'Al-Mayadin',
    'town',
    'dist-al-mayadin',
    'gov-deir-ez-zor',
    ['Al Mayadeen', 'Al-Mayadeen', 'Mayadin', 'Mayadeen'],
    20,
  ),
  place('palmyra', 'Palmyra', 'town', 'dist-palmyra', 'gov-homs', ['Tadmor', 'Tadmur'], 20),
  place('site-palmyra-airport', 'Palmyra Military Airport', 'site', 'palmyra', 'gov-homs', [
    'Palmyra airport',
    'Palmyra airbase',
  ]),
  place('site-al-omar-oil-field', 'Al-Omar oil field', 'site', 'dist-al-mayadin', 'gov-deir-ez-zor'),
  place('site-conoco-gas-field', 'Conoco gas field', 'site', 'gov-deir-ez-zor', 'gov-deir-ez-zor', [
    'Koniko gas field',
  ]),
  place('site-al-tanf', 'Al-Tanf base', 'site', 'gov-homs', 'gov-homs', [
    'Al-Tanef base',
    'Al-Tanf',
    'Al-Tanef',
  ]),
  place('al-shaddadi', 'Al-Shaddadi', 'town', 'gov-al-hasakah', 'gov-al-hasakah', ['Al-Shadadi', 'Shaddadi']),
  place('region-syrian-desert', 'Syrian Desert', 'region', undefined, undefined, ['Badia']),
  // Two villages with one name, for context tests.
  place('al-hamidiyah-dez', 'Al-Hamidiyah', 'town', 'dist-al-mayadin', 'gov-deir-ez-zor', [], 2),
  place('al-hamidiyah-homs', 'Al-Hamidiyah', 'town', 'dist-palmyra', 'gov-homs', [], 5),
];

function actor(
  id: string,
  name: string,
  kind: Actor['kind'],
  aliases: string[],
  extra: Partial<Actor> = {},
): Actor {
  return { id, name, kind, aliases, related: [], ...extra };
}

/** The actors the fake registry knows. */
export const FAKE_ACTORS: Actor[] = [
  actor('irgc', 'IRGC', 'foreign-force', [
    'Islamic Revolutionary Guard Corps',
    'Iranian Revolutionary Guards',
    'Revolutionary Guards',
    'Revolutionary Guard',
  ]),
  actor('irgc-quds-force', 'Quds Force', 'foreign-force', ['Al-Qods Legion', 'Qods Force', 'Al-Quds Force'], {
    parentId: 'irgc',
  }),
  actor('hezbollah', 'Hezbollah', 'militia', ['Lebanese Hezbollah', 'Hizbullah', 'Hizballah']),
  actor('kataib-hezbollah', 'Kataib Hezbollah', 'militia', ["Kata'ib Hezbollah"]),
  actor(
    'pro-iran-militia',
    'Pro-Iran militias',
    'militia',
    [
      'Iranian militias',
      'Iranian militia',
      'Iranian-backed militias',
      'Iran-backed militias',
      'IRGC-backed militias',
      'pro-Iran militias',
    ],
    { acledName: 'Militia (Pro-Iran)', related: ['irgc'] },
  ),
  actor('international-coalition', 'International Coalition', 'coalition', [
    'International Coalition forces',
    'international coalition',
    'US-led coalition',
    'Global Coalition',
    'coalition forces',
  ]),
  actor('us-forces', 'US forces', 'foreign-force', ['American forces', 'U.S. forces', 'US troops']),
  actor('syrian-government-forces', 'Syrian government forces', 'state-force', [
    'regime forces',
    'government forces',
    'Syrian army',
    'Syrian Arab Army',
    'SAA',
  ]),
  actor('sdf', 'SDF', 'kurdish', ['Syrian Democratic Forces', 'QSD']),
  actor('islamic-state', 'Islamic State', 'jihadist', ['ISIS', 'ISIL', 'Daesh', 'IS']),
  actor('hts', 'Hayat Tahrir al-Sham', 'jihadist', ['HTS']),
  actor('russian-forces', 'Russian forces', 'foreign-force', ['Russian army', 'Russian warplanes']),
];

const normalised = new Map<string, string>();

function normalise(s: string): string {
  let key = normalised.get(s);
  if (key === undefined) {
    key = normaliseUncached(s);
    if (normalised.size < 10_000) normalised.set(s, key);
  }
  return key;
}

function normaliseUncached(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[-\s]+/g, ' ')
    .trim();
}

function namePattern(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[- ]/g, '[-\\s]');
}

interface Matcher {
  /** Case-insensitive names, longest first. */
  loose: RegExp | undefined;
  /** All-capital acronyms (IS, SDF), matched as written. */
  strict: RegExp | undefined;
}

function matcher(names: string[]): Matcher {
  const sorted = [...new Set(names)].sort((a, b) => b.length - a.length);
  const acronyms = sorted.filter((n) => /^[A-Z]{2,5}$/.test(n));
  const others = sorted.filter((n) => !/^[A-Z]{2,5}$/.test(n));
  const build = (list: string[], flags: string) =>
    list.length === 0 ? undefined : new RegExp(`\\b(?:${list.map(namePattern).join('|')})\\b`, flags);
  return { loose: build(others, 'gi'), strict: build(acronyms, 'g') };
}

/** Non-overlapping matches of both patterns, earliest first, longer first at the same start. */
function scan(m: Matcher, text: string): { start: number; end: number; surface: string }[] {
  const hits: { start: number; end: number; surface: string }[] = [];
  for (const re of [m.loose, m.strict]) {
    if (!re) continue;
    for (const h of text.matchAll(re))
      hits.push({ start: h.index, end: h.index + h[0].length, surface: h[0] });
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: typeof hits = [];
  for (const h of hits) {
    const last = out[out.length - 1];
    if (!last || h.start >= last.end) out.push(h);
  }
  return out;
}

const NEAR_BEFORE =
  /\b(?:near|outskirts of|countryside of|vicinity of|desert of|around|east of|west of|north of|south of)\s+(?:the\s+)?$/i;
const NEAR_AFTER = /^\s+(?:desert|countryside|outskirts|areas?|surroundings)\b/i;

/** A fake {@link PlaceDirectory} over {@link FAKE_PLACES} (or the places given). */
export function createFakePlaces(places: Place[] = FAKE_PLACES): PlaceDirectory {
  const byId = new Map(places.map((p) => [p.id, p]));
  const byKey = new Map<string, Place[]>();
  for (const p of places) {
    for (const n of [p.name, ...p.aliases]) {
      const key = normalise(n);
      const list = byKey.get(key) ?? [];
      if (!list.includes(p)) list.push(p);
      byKey.set(key, list);
    }
  }
  for (const list of byKey.values()) list.sort((a, b) => b.weight - a.weight);
  const names = places.flatMap((p) => [p.name, ...p.aliases]);
  const m = matcher(names);
  const ancestors = (id: string): Place[] => {
    const out: Place[] = [];
    let cur = byId.get(id)?.parentId;
    while (cur) {
      const p = byId.get(cur);
      if (!p) break;
      out.push(p);
      cur = p.parentId;
    }
    return out;
  };
  const dir: PlaceDirectory = {
    get: (id) => byId.get(id),
    lookup: (query) => byKey.get(normalise(query)) ?? [],
    suggest: (query, limit) => {
      const q = normalise(query);
      return places.filter((p) => normalise(p.name).includes(q.slice(0, 3))).slice(0, limit);
    },
    complete: (prefix, limit) => {
      const q = normalise(prefix);
      return places
        .filter((p) => [p.name, ...p.aliases].some((n) => normalise(n).startsWith(q)))
        .slice(0, limit);
    },
    findMentions: (text, context) => {
      const govs = new Set(context?.governorateIds ?? []);
      const spans: PlaceSpan[] = [];
      for (const h of scan(m, text)) {
        const candidates = byKey.get(normalise(h.surface)) ?? [];
        const chosen = candidates.find((p) => p.governorateId && govs.has(p.governorateId)) ?? candidates[0];
        if (!chosen) continue;
        const near =
          NEAR_BEFORE.test(text.slice(Math.max(0, h.start - 24), h.start)) ||
          NEAR_AFTER.test(text.slice(h.end, h.end + 16));
        const broad = chosen.kind === 'region' || chosen.kind === 'country' || chosen.kind === 'governorate';
        spans.push({
          placeId: chosen.id,
          start: h.start,
          end: h.end,
          surface: h.surface,
          precision: broad ? 3 : near ? 2 : 1,
        });
      }
      return spans;
    },
    descendants: (id) => {
      const out = [id];
      for (const p of places) if (ancestors(p.id).some((a) => a.id === id)) out.push(p.id);
      return out;
    },
    ancestors,
    label: (id) => {
      const p = byId.get(id);
      if (!p) return id;
      const gov = p.governorateId && p.governorateId !== p.id ? byId.get(p.governorateId) : undefined;
      return gov ? `${p.name} (${gov.name})` : p.name;
    },
    all: () => places,
  };
  return dir;
}

/** A fake {@link ActorDirectory} over {@link FAKE_ACTORS} (or the actors given). */
export function createFakeActors(actors: Actor[] = FAKE_ACTORS): ActorDirectory {
  const byId = new Map(actors.map((a) => [a.id, a]));
  const byKey = new Map<string, Actor>();
  for (const a of actors) for (const n of [a.name, ...a.aliases]) byKey.set(normalise(n), a);
  const m = matcher(actors.flatMap((a) => [a.name, ...a.aliases]));
  return {
    get: (id) => byId.get(id),
    lookup: (query) => {
      const a = byKey.get(normalise(query));
      return a ? [a] : [];
    },
    suggest: (query, limit) =>
      actors.filter((a) => normalise(a.name).includes(normalise(query))).slice(0, limit),
    complete: (prefix, limit) =>
      actors
        .filter((a) => [a.name, ...a.aliases].some((n) => normalise(n).startsWith(normalise(prefix))))
        .slice(0, limit),
    findMentions: (text) => {
      const spans: ActorSpan[] = [];
      for (const h of scan(m, text)) {
        // Acronyms are matched as written; names ignore case.
        const a = byKey.get(normalise(h.surface));
        if (a) spans.push({ actorId: a.id, start: h.start, end: h.end, surface: h.surface });
      }
      return spans;
    },
    related: (id) => {
      const a = byId.get(id);
      if (!a) return [];
      const ids = new Set<string>([...(a.parentId ? [a.parentId] : []), ...a.related]);
      for (const other of actors) if (other.parentId === id || other.related.includes(id)) ids.add(other.id);
      ids.delete(id);
      return [...ids].flatMap((i) => byId.get(i) ?? []);
    },
    all: () => actors,
  };
}

/** Both fakes, in the shape `extractEvents` takes. */
export function createFakeDirectories(): { places: PlaceDirectory; actors: ActorDirectory } {
  return { places: createFakePlaces(), actors: createFakeActors() };
}
