/**
 * The gazetteer: every Syrian place the bot knows, looked up by any spelling, found in prose, and nested
 * governorate -> district -> town -> site. Data comes from index-data/gazetteer.json (scripts/build-gazetteer.ts).
 * Choices (which reading of "Deir ez-Zor" wins, what counts as a mention) are in docs/decisions/0002-place-names.md.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withoutProclitic } from './arabic.js';
import { MENTION_STOP_WORDS } from './gazetteer-seed.js';
import { normalizeKey, normalizeToken, tokenizeWords, type WordSpan, wordSpans } from './normalize.js';
import type { Place, PlaceDirectory, PlaceKind, PlaceSpan } from './types.js';

/** The gazetteer file bundled with the repository. */
export const DEFAULT_GAZETTEER_FILE: string = fileURLToPath(
  new URL('../../index-data/gazetteer.json', import.meta.url),
);

/** A {@link PlaceDirectory} over an in-memory list of places. */
export interface Gazetteer extends PlaceDirectory {
  /** Number of places. */
  readonly size: number;
}

/** Same-key order for {@link PlaceDirectory.lookup}: a town-sized answer first (the city before its governorate). */
const LOOKUP_RANK: Record<PlaceKind, number> = {
  town: 0,
  site: 0,
  region: 1,
  governorate: 2,
  district: 3,
  subdistrict: 4,
  country: 5,
};
/** Order for autocomplete and did-you-mean: the big units first, so "Dei" offers the governorate. */
const LIST_RANK: Record<PlaceKind, number> = {
  governorate: 0,
  town: 1,
  site: 2,
  region: 3,
  district: 4,
  subdistrict: 5,
  country: 6,
};

/** Words after a name that mean "around it", not "in it". */
const NEAR_AFTER = new Set(
  [
    'countryside',
    'desert',
    'outskirts',
    'suburbs',
    'vicinity',
    'environs',
    'area',
    'areas',
    'region',
    'surroundings',
  ].map(normalizeToken),
);
/** Words after a name that mean the governorate. */
const GOV_AFTER = new Set(['province', 'governorate', 'countryside', 'desert', 'badia'].map(normalizeToken));
/** Words right before a name that mean "around it". */
const NEAR_BEFORE = new Set(
  ['near', 'nearby', 'around', 'outside', 'surrounding', 'close', 'towards'].map(normalizeToken),
);
/** `<word> of <name>`: around it. */
const NEAR_OF = new Set(
  [
    'east',
    'west',
    'north',
    'south',
    'northeast',
    'northwest',
    'southeast',
    'southwest',
    'outskirts',
    'vicinity',
    'countryside',
    'desert',
    'suburbs',
    'edge',
    'environs',
    'outside',
    'part',
  ].map(normalizeToken),
);
/** `<word> of <name>`: the governorate. */
const GOV_OF = new Set(['countryside', 'desert', 'province', 'governorate', 'badia'].map(normalizeToken));
const OF = normalizeToken('of');
const CITY = normalizeToken('city');

/** Longest alias, in words, that mention scanning will try. */
const MAX_WINDOW = 8;

/**
 * Build a gazetteer over `places`. Ids must be unique and every `parentId` must exist.
 *
 * @throws Error naming the bad id when the list is inconsistent.
 */
export function createGazetteer(places: Place[]): Gazetteer {
  const byId = new Map<string, Place>();
  for (const p of places) {
    if (byId.has(p.id)) throw new Error(`Gazetteer: duplicate place id "${p.id}"`);
    byId.set(p.id, p);
  }
  const children = new Map<string, string[]>();
  for (const p of places) {
    if (p.parentId === undefined) continue;
    if (!byId.has(p.parentId))
      throw new Error(`Gazetteer: place "${p.id}" has unknown parent "${p.parentId}"`);
    const list = children.get(p.parentId) ?? [];
    list.push(p.id);
    children.set(p.parentId, list);
  }

  const stopKeys = new Set(MENTION_STOP_WORDS.map(normalizeToken).filter((k) => k !== ''));
  const byKey = new Map<string, Place[]>();
  const nameKeys = new Map<string, Place[]>();
  const mentionKeys = new Map<string, Place[]>();
  const mentionPrefixes = new Set<string>();
  /** Per mention key, per character: 1 when every alias with that key writes the word there capitalised. */
  const capitalFlags = new Map<string, Uint8Array>();
  let maxWindow = 1;
  const addTo = (map: Map<string, Place[]>, key: string, p: Place): void => {
    const list = map.get(key);
    if (!list) map.set(key, [p]);
    else if (!list.includes(p)) list.push(p);
  };

  for (const p of places) {
    for (const spelling of namesOf(p)) {
      const words = tokenizeWords(spelling);
      const folded = words.map(normalizeToken);
      const key = folded.join('');
      if (key === '') continue;
      addTo(byKey, key, p);
      // Autocomplete and did-you-mean offer names, not descriptions such as `countryside of Damascus`.
      if (spelling === p.name || !/^[a-z]/.test(spelling)) addTo(nameKeys, key, p);
      const content = folded.filter((f) => f !== '');
      if (content.length === 1 && !/\d/.test(key) && (key.length < 3 || stopKeys.has(key))) continue;
      addTo(mentionKeys, key, p);
      mergeCapitalFlags(capitalFlags, key, words, folded);
      maxWindow = Math.min(MAX_WINDOW, Math.max(maxWindow, words.length));
      for (let i = 1; i < key.length; i++) mentionPrefixes.add(key.slice(0, i));
    }
  }
  const byLookupRank = (a: Place, b: Place): number =>
    LOOKUP_RANK[a.kind] - LOOKUP_RANK[b.kind] || b.weight - a.weight || compareIds(a, b);
  const byListRank = (a: Place, b: Place): number =>
    LIST_RANK[a.kind] - LIST_RANK[b.kind] || b.weight - a.weight || compareIds(a, b);
  for (const list of byKey.values()) list.sort(byLookupRank);
  for (const list of mentionKeys.values()) list.sort(byLookupRank);

  const sortedKeys = [...nameKeys.keys()].sort();
  const keysByLength = new Map<number, string[]>();
  for (const k of sortedKeys) {
    const list = keysByLength.get(k.length) ?? [];
    list.push(k);
    keysByLength.set(k.length, list);
  }

  const lookupKey = (key: string): Place[] => [...(byKey.get(key) ?? [])];

  function governorateFor(hint: string): Place | undefined {
    const key = normalizeKey(hint);
    return (byKey.get(key) ?? []).find((p) => p.kind === 'governorate');
  }

  function lookup(query: string): Place[] {
    // An id resolves too, so a user can type back what the bot shows (`site-t4-airbase`).
    const byExactId = byId.get(query.trim());
    if (byExactId) return [byExactId];
    const hinted = /^(.+?)\s*(?:[,،]\s*([^,،()]+?)|\(\s*([^()]+?)\s*\))\s*$/u.exec(query);
    if (hinted) {
      const main = hinted[1] ?? '';
      const gov = governorateFor(hinted[2] ?? hinted[3] ?? '');
      if (gov)
        return lookupKey(normalizeKey(main)).filter((p) => p.governorateId === gov.id && p.id !== gov.id);
      const whole = lookupKey(normalizeKey(query));
      return whole.length > 0 ? whole : lookupKey(normalizeKey(main));
    }
    return lookupKey(normalizeKey(query));
  }

  function suggest(query: string, limit: number): Place[] {
    const key = normalizeKey(query);
    if (key === '' || limit <= 0) return [];
    const maxDist = key.length <= 4 ? 1 : key.length <= 8 ? 2 : 3;
    const scored: { place: Place; dist: number }[] = [];
    for (let len = key.length - maxDist; len <= key.length + maxDist; len++) {
      for (const k of keysByLength.get(len) ?? []) {
        const dist = boundedLevenshtein(key, k, maxDist);
        if (dist > maxDist) continue;
        for (const place of nameKeys.get(k) ?? []) scored.push({ place, dist });
      }
    }
    scored.sort((a, b) => a.dist - b.dist || byListRank(a.place, b.place));
    return uniquePlaces(
      scored.map((s) => s.place),
      limit,
    );
  }

  function complete(prefix: string, limit: number): Place[] {
    const key = normalizeKey(prefix);
    if (key === '' || limit <= 0) return [];
    const found: Place[] = [];
    for (let i = lowerBound(sortedKeys, key); i < sortedKeys.length; i++) {
      const k = sortedKeys[i]!;
      if (!k.startsWith(key)) break;
      found.push(...(nameKeys.get(k) ?? []));
    }
    found.sort(byListRank);
    return uniquePlaces(found, limit);
  }

  function findMentions(text: string, context?: { governorateIds?: string[] }): PlaceSpan[] {
    const words = wordSpans(text);
    const folded = words.map((w) => normalizeToken(w.text));
    const raw: RawMatch[] = [];
    let i = 0;
    while (i < words.length) {
      if (folded[i] === '') {
        i++;
        continue;
      }
      // Arabic: a proclitic written onto the first word (وحلب, بحمص) is tried off when the word matched nothing.
      let m = longestMatchAt(text, words, folded, i);
      if (!m) {
        const bare = withoutProclitic(folded[i]!);
        if (bare !== undefined) m = longestMatchAt(text, words, folded, i, bare);
      }
      if (!m) {
        i++;
        continue;
      }
      raw.push(m);
      i = m.last + 1;
    }

    const contextGovs = new Set(context?.governorateIds ?? []);
    for (const m of raw) {
      const govs = new Set(m.candidates.map((p) => p.governorateId));
      if (govs.size === 1) {
        const only = m.candidates[0]?.governorateId;
        if (only) contextGovs.add(only);
      }
    }

    return raw.map((m) => {
      const cue = cueAround(folded, m.first, m.last);
      const place = choose(m.candidates, cue.wantGov, contextGovs);
      const start = extendOverArticle(text, words, folded, m.first);
      const end = words[m.last]!.end;
      return {
        placeId: place.id,
        start,
        end,
        surface: text.slice(start, end),
        precision: precisionOf(place, cue.near),
      };
    });
  }

  function longestMatchAt(
    text: string,
    words: WordSpan[],
    folded: string[],
    first: number,
    firstKey = folded[first]!,
  ): RawMatch | undefined {
    let key = '';
    let best: RawMatch | undefined;
    for (let j = first; j < words.length && j - first < maxWindow; j++) {
      if (j > first && !joinable(text, words[j - 1]!, words[j]!)) break;
      const part = j === first ? firstKey : folded[j]!;
      key += part;
      const candidates = part === '' ? undefined : mentionKeys.get(key);
      if (
        candidates &&
        casingOk(words, folded, first, j, capitalFlags.get(key)) &&
        !(j > first && candidates.every(isVillage) && (isEdgeWord(words[first]!) || isEdgeWord(words[j]!)))
      ) {
        best = { first, last: j, candidates };
      }
      if (!mentionPrefixes.has(key)) break;
    }
    return best;
  }

  function descendants(id: string): string[] {
    if (!byId.has(id)) return [];
    const out: string[] = [];
    const stack = [id];
    while (stack.length > 0) {
      const next = stack.pop()!;
      out.push(next);
      const kids = children.get(next);
      if (kids) for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
    }
    return out;
  }

  function ancestors(id: string): Place[] {
    const out: Place[] = [];
    let parent = byId.get(id)?.parentId;
    while (parent !== undefined) {
      const p = byId.get(parent);
      if (!p || out.includes(p)) break;
      out.push(p);
      parent = p.parentId;
    }
    return out;
  }

  function label(id: string): string {
    const p = byId.get(id);
    if (!p) return id;
    const gov = p.governorateId && p.governorateId !== p.id ? byId.get(p.governorateId) : undefined;
    return gov ? `${p.name} (${gov.name})` : p.name;
  }

  return {
    size: byId.size,
    get: (id) => byId.get(id),
    lookup,
    suggest,
    complete,
    findMentions,
    descendants,
    ancestors,
    label,
    all: () => byId.values(),
  };
}

/**
 * Read a gazetteer file written by scripts/build-gazetteer.ts (default: the bundled index-data/gazetteer.json).
 *
 * @throws Error naming the file when it is missing or not a gazetteer.
 */
export function loadGazetteer(file: string = DEFAULT_GAZETTEER_FILE): Gazetteer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(
      `Cannot read gazetteer ${file}: ${(err as Error).message}. Run: npx tsx scripts/build-gazetteer.ts`,
    );
  }
  const places = (parsed as { places?: unknown }).places;
  if (!Array.isArray(places)) throw new Error(`Gazetteer ${file} has no "places" array`);
  for (const [n, p] of places.entries()) {
    const ok =
      typeof p === 'object' &&
      p !== null &&
      typeof p.id === 'string' &&
      typeof p.name === 'string' &&
      typeof p.kind === 'string' &&
      p.kind in LOOKUP_RANK &&
      Array.isArray(p.aliases) &&
      typeof p.weight === 'number';
    if (!ok)
      throw new Error(`Gazetteer ${file}: place #${n} is malformed (${JSON.stringify(p).slice(0, 120)})`);
  }
  return createGazetteer(places as Place[]);
}

interface RawMatch {
  first: number;
  last: number;
  candidates: Place[];
}

function namesOf(p: Place): string[] {
  return p.arabic ? [p.name, ...p.aliases, p.arabic] : [p.name, ...p.aliases];
}

function compareIds(a: Place, b: Place): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function uniquePlaces(list: Place[], limit: number): Place[] {
  const seen = new Set<string>();
  const out: Place[] = [];
  for (const p of list) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    out.push(p);
    if (out.length >= limit) break;
  }
  return out;
}

function lowerBound(sorted: string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Levenshtein distance, or `max + 1` as soon as it must exceed `max`. */
export function boundedLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Words of one name are separated only by spaces or hyphens; a comma or full stop ends the name. */
function joinable(text: string, a: WordSpan, b: WordSpan): boolean {
  const gap = text.slice(a.end, b.start);
  return gap.length <= 3 && /^[ \u00a0\-\u2010\u2011\u2013]+$/.test(gap);
}

const LATIN = /[A-Za-z\u00c0-\u024f]/;
const UPPER_START = /^[\p{Lu}\p{Lt}\p{N}]/u;

/**
 * English function words that may not open or close a multi-word village match: `In Daraa` is not the
 * village `Ayn Darah`, `Six-Day War` holds no village `Diwar`.
 */
const EDGE_WORDS = new Set(
  'a an the in on at to of and or for by from with as is was are be day war after before since until this that'.split(
    ' ',
  ),
);

function isEdgeWord(w: WordSpan): boolean {
  return EDGE_WORDS.has(w.text.toLowerCase());
}

function isVillage(p: Place): boolean {
  return p.kind === 'town' || p.kind === 'subdistrict';
}

/** Words a name may write in lower case even where the gazetteer capitalises them (`eastern Ghouta`). */
const LOWER_OK = new Set(
  [
    'east',
    'eastern',
    'west',
    'western',
    'north',
    'northern',
    'south',
    'southern',
    'upper',
    'lower',
    'old',
    'new',
  ].map(normalizeToken),
);
/** `SANA`, `RIA`, `IS`: short all-capital words are acronyms, not places. */
const ACRONYM = /^[A-Z]{1,4}$/;

function mergeCapitalFlags(
  flags: Map<string, Uint8Array>,
  key: string,
  words: string[],
  folded: string[],
): void {
  const mine = new Uint8Array(key.length);
  let at = 0;
  for (let k = 0; k < words.length; k++) {
    const piece = folded[k]!;
    const capital = UPPER_START.test(words[k]!) && LATIN.test(words[k]!) && !LOWER_OK.has(piece);
    if (capital) mine.fill(1, at, at + piece.length);
    at += piece.length;
  }
  const seen = flags.get(key);
  if (!seen) flags.set(key, mine);
  else for (let c = 0; c < seen.length; c++) seen[c] = seen[c]! & mine[c]!;
}

/**
 * Latin names must look like names: a one-word match must be capitalised and not an acronym, and a word the
 * gazetteer capitalises must be capitalised in the text (so `in Daraa` is not the village `Ayn Darah`).
 * Arabic script has no case and is accepted as is.
 */
function casingOk(
  words: WordSpan[],
  folded: string[],
  first: number,
  last: number,
  flags: Uint8Array | undefined,
): boolean {
  let content = 0;
  let capitalised = 0;
  let at = 0;
  for (let k = first; k <= last; k++) {
    const w = words[k]!.text;
    const piece = folded[k]!;
    if (!LATIN.test(w)) return true;
    if (piece !== '') content++;
    if (UPPER_START.test(w)) capitalised++;
    else if (flags && piece !== '' && flags.subarray(at, at + piece.length).includes(1)) return false;
    at += piece.length;
  }
  if (content <= 1) {
    const w = words[last]!.text;
    return UPPER_START.test(w) && !ACRONYM.test(w);
  }
  return capitalised > 0;
}

/** Include a written article joined to the name (`Al-Bokamal`, `Al Mayadeen`), not a lower-case English `at`. */
function extendOverArticle(text: string, words: WordSpan[], folded: string[], first: number): number {
  let start = words[first]!.start;
  for (let k = first - 1; k >= 0 && folded[k] === ''; k--) {
    const w = words[k]!;
    const gap = text.slice(w.end, start);
    const hyphenated = /^[-\u2010\u2011]$/.test(gap);
    if (!(hyphenated || (gap === ' ' && UPPER_START.test(w.text)))) break;
    start = w.start;
  }
  return start;
}

function cueAround(folded: string[], first: number, last: number): { near: boolean; wantGov: boolean } {
  const after = folded[last + 1] ?? '';
  const before1 = previousContent(folded, first, 1);
  const before2 = previousContent(folded, first, 2);
  let near = NEAR_AFTER.has(after) || NEAR_BEFORE.has(before1);
  let wantGov = GOV_AFTER.has(after);
  if (before1 === OF) {
    if (NEAR_OF.has(before2)) near = true;
    if (GOV_OF.has(before2)) wantGov = true;
  }
  if (after === CITY) wantGov = false;
  return { near, wantGov };
}

/** The `n`-th non-article word before index `first`, folded. */
function previousContent(folded: string[], first: number, n: number): string {
  let seen = 0;
  for (let k = first - 1; k >= 0 && k >= first - 4; k--) {
    if (folded[k] === '') continue;
    seen++;
    if (seen === n) return folded[k]!;
  }
  return '';
}

/**
 * Pick one reading of an ambiguous name: the governorate when the words around ask for it; otherwise the
 * most town-like kind available, and among those the one in a governorate named nearby, else the most prominent.
 */
/** A governorate named nearby counts as much as ten times the events (log scale). */
const CONTEXT_BONUS = Math.log(10);

function choose(candidates: Place[], wantGov: boolean, contextGovs: Set<string>): Place {
  const gov = candidates.find((p) => p.kind === 'governorate');
  if (gov && wantGov) return gov;
  // A governorate's name said plainly is its capital (`Hama`), never a namesake village elsewhere.
  const capital = gov && candidates.find((p) => p.kind === 'town' && p.governorateId === gov.id);
  if (capital) return capital;
  const top = LOOKUP_RANK[candidates[0]!.kind];
  let best = candidates[0]!;
  let bestScore = -Infinity;
  for (const p of candidates) {
    if (LOOKUP_RANK[p.kind] !== top) continue;
    const score =
      Math.log(p.weight + 1) + (p.governorateId && contextGovs.has(p.governorateId) ? CONTEXT_BONUS : 0);
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}

function precisionOf(place: Place, near: boolean): 1 | 2 | 3 {
  switch (place.kind) {
    case 'country':
    case 'region':
    case 'governorate':
      return 3;
    case 'district':
    case 'subdistrict':
      return 2;
    default:
      return near ? 2 : 1;
  }
}
