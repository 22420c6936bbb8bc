/**
 * The gazetteer: every Syrian place the bot knows, looked up by any spelling, found in prose, and nested
 * governorate -> district -> town -> site. Data comes from index-data/gazetteer.json (scripts/build-gazetteer.ts).
 * Choices (which reading of "Deir ez-Zor" wins, what counts as a mention) are in docs/decisions/0002-place-names.md.
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../core/paths.js';
import { withoutProclitic } from './arabic.js';
import { describeIssues } from './gazetteer-seed.js';
import { normalizeKey, normalizeToken, tokenizeWords, type WordSpan, wordSpans } from './normalize.js';
import type { Place, PlaceDirectory, PlaceKind, PlaceSpan } from './types.js';

/** The gazetteer file bundled with the repository. */
export const DEFAULT_GAZETTEER_FILE: string = projectPath('index-data', 'gazetteer.json');

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
const NEAR_AFTER = foldAll([
  'countryside',
  'desert',
  'badia',
  'outskirts',
  'suburbs',
  'vicinity',
  'environs',
  'area',
  'areas',
  'region',
  'surroundings',
  'periphery',
]);
/** Words after a name that mean the governorate (`Homs province`, `Homs desert`, `Raqqa countryside`). */
const GOV_AFTER = foldAll(['province', 'governorate', 'countryside', 'desert', 'badia', 'countryside,']);
/** Of these, the ones that mean the governorate itself rather than the land around the city (precision 3). */
const GOV_ITSELF_AFTER = foldAll(['province', 'governorate', 'desert', 'badia']);
/** Words right before a name that mean "around it". */
const NEAR_BEFORE = foldAll([
  'near',
  'nearby',
  'around',
  'outside',
  'surrounding',
  'close',
  'towards',
  'rural',
]);
/** Words right before a name that mean the governorate (`rural Hama`). */
const GOV_BEFORE = foldAll(['rural']);
/** `<word> of <name>`: around it. */
const NEAR_OF = foldAll([
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
  'badia',
  'suburbs',
  'edge',
  'environs',
  'outside',
  'part',
  'periphery',
]);
/** `<word> of <name>`: the governorate. */
const GOV_OF = foldAll(['countryside', 'desert', 'province', 'governorate', 'badia']);
const GOV_ITSELF_OF = foldAll(['desert', 'province', 'governorate', 'badia']);
const OF = normalizeToken('of');
const CITY = normalizeToken('city');

/**
 * Arabic words before a name, with any proclitic (`بريف`, `وبمدينة`, `لمحافظة`): what the name then means.
 * `ريف X` (the countryside of X) and `بادية X` (the desert of X) are the governorate around X when X is one,
 * else near the town; `محافظة X` is the governorate; `مدينة/بلدة/قرية/حي/مخيم X` is the place itself.
 */
const ARABIC_BEFORE: Map<string, 'countryside' | 'desert' | 'governorate' | 'town' | 'near'> = (() => {
  const base: [string, 'countryside' | 'desert' | 'governorate' | 'town' | 'near'][] = [
    ['ريف', 'countryside'],
    ['أرياف', 'countryside'],
    ['ريفي', 'countryside'],
    ['باديتي', 'desert'],
    ['بادية', 'desert'],
    ['صحراء', 'desert'],
    ['محافظة', 'governorate'],
    ['مدينة', 'town'],
    ['بلدة', 'town'],
    ['قرية', 'town'],
    ['حي', 'town'],
    ['مخيم', 'town'],
    ['ناحية', 'town'],
    ['أطراف', 'near'],
    ['محيط', 'near'],
    ['قرب', 'near'],
    ['شرق', 'near'],
    ['غرب', 'near'],
    ['شمال', 'near'],
    ['جنوب', 'near'],
    ['ضواحي', 'near'],
    ['أطراف', 'near'],
  ];
  const out = new Map<string, 'countryside' | 'desert' | 'governorate' | 'town' | 'near'>();
  for (const [word, meaning] of base) {
    for (const clitic of ['', 'و', 'ف', 'ب', 'ل', 'ك', 'وب', 'ول', 'فب', 'فل', 'وك']) {
      out.set(normalizeToken(clitic + word), meaning);
    }
  }
  return out;
})();

/** Direction adjectives of `الريف الشرقي لـ X` (folded, article dropped). */
const ARABIC_DIRECTION = foldAll(['الشرقي', 'الغربي', 'الشمالي', 'الجنوبي', 'الشمالي الشرقي']);

/**
 * Words that make the name after them part of a faction's name, not a place: `Shuhada al-Yarmouk`,
 * `Jaish al-Islam`, `Liwa al-Quds`, `Ahrar al-Sharqiya`, `لواء القدس`.
 */
const FACTION_BEFORE = foldAll([
  'liwa',
  'liwaa',
  'lewaa',
  'jaish',
  'jaysh',
  'ahrar',
  'shuhada',
  'shuhadaa',
  'harakat',
  'kataib',
  'katibat',
  'saraya',
  'firqat',
  'faylaq',
  'failaq',
  'ansar',
  'jabhat',
  'tajammu',
  'fawj',
  'quwat',
  'usud',
  'suqur',
  'ahfad',
  'jund',
  'thuwar',
  'alwiyat',
  'لواء',
  'جيش',
  'أحرار',
  'شهداء',
  'حركة',
  'كتائب',
  'كتيبة',
  'سرايا',
  'فرقة',
  'فيلق',
  'أنصار',
  'جبهة',
  'تجمع',
  'فوج',
  'أسود',
  'صقور',
  'أحفاد',
  'جند',
  'ثوار',
]);
/** Words after a name that make it a unit's name (`Al-Yarmouk Brigade`, `Hamza Division`). */
const FACTION_AFTER = foldAll([
  'brigade',
  'brigades',
  'division',
  'battalion',
  'battalions',
  'regiment',
  'legion',
]);

/** A town at most this prominent (Mercury events) is dropped, not guessed, when the frame names another governorate. */
const MINOR_TOWN_WEIGHT = 100;

function foldAll(words: string[]): Set<string> {
  return new Set(words.map(normalizeToken).filter((k) => k !== ''));
}

/** Arabic letters. */
const ARABIC_SCRIPT = /[\u0621-\u064A]/;

/** Longest alias, in words, that mention scanning will try. */
const MAX_WINDOW = 8;

/** Options of {@link createGazetteer}. */
export interface GazetteerOptions {
  /**
   * Words never read as a place on their own in prose, even when a village bears the name (the gazetteer
   * file's `stopWords`). Default: none.
   */
  stopWords?: readonly string[];
}

/**
 * Build a gazetteer over `places`. Ids must be unique and every `parentId` must exist.
 *
 * @throws Error naming the bad id when the list is inconsistent.
 */
export function createGazetteer(places: Place[], options: GazetteerOptions = {}): Gazetteer {
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

  const stopKeys = new Set((options.stopWords ?? []).map(normalizeToken).filter((k) => k !== ''));
  const stopSpellings = new Set((options.stopWords ?? []).map(plain));
  /** One-word names whose key is a stop word's: key -> exact spelling (lower case, no marks) -> places. */
  const exactMentions = new Map<string, Map<string, Place[]>>();
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
      if (content.length === 1 && !/\d/.test(key) && (key.length < 3 || stopKeys.has(key))) {
        // `Madaya` folds like the stop word `media`: it still matches when written exactly so.
        if (key.length >= 3 && words.length === 1 && LATIN.test(spelling)) {
          const bySpelling = exactMentions.get(key) ?? new Map<string, Place[]>();
          exactMentions.set(key, bySpelling);
          addTo(bySpelling, plain(spelling), p);
        }
        continue;
      }
      addTo(mentionKeys, key, p);
      mergeCapitalFlags(capitalFlags, key, words, folded);
      maxWindow = Math.min(MAX_WINDOW, Math.max(maxWindow, words.length));
      for (let i = 1; i < key.length; i++) mentionPrefixes.add(key.slice(0, i));
    }
  }
  const byLookupRank = (a: Place, b: Place): number =>
    LOOKUP_RANK[a.kind] - LOOKUP_RANK[b.kind] || b.weight - a.weight || compareIds(a, b);
  // A governorate's own name asks for the governorate first, then its capital, then namesakes by prominence.
  const byQueryRank = (a: Place, b: Place): number =>
    queryClass(a) - queryClass(b) || b.weight - a.weight || compareIds(a, b);
  const queryClass = (p: Place): number => (p.kind === 'governorate' ? 0 : isCapital(p) ? 1 : 2);
  const isCapital = (p: Place): boolean =>
    p.kind === 'town' && p.governorateId !== undefined && capitalIds.has(p.id);
  const capitalIds = new Set<string>();
  for (const p of places) {
    if (p.kind !== 'governorate') continue;
    for (const name of namesOf(p)) {
      for (const q of byKey.get(normalizeKey(name)) ?? []) {
        if (q.kind === 'town' && q.governorateId === p.id) capitalIds.add(q.id);
      }
    }
  }
  const byListRank = (a: Place, b: Place): number =>
    LIST_RANK[a.kind] - LIST_RANK[b.kind] || b.weight - a.weight || compareIds(a, b);
  for (const list of byKey.values()) {
    list.sort(list.some((p) => p.kind === 'governorate') ? byQueryRank : byLookupRank);
  }
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

  /**
   * Every place whose name or alias folds to the key of `query`, best first. Order: when a governorate shares
   * the name, the governorate FIRST, then its capital (`daraa` -> gov-daraa, Daraa city, ...), then the other
   * namesakes by prominence (`weight`, Mercury events); otherwise town and site, region, governorate,
   * district, subdistrict, weight breaking ties. A place id resolves to that place; a hint narrows a shared
   * name to one governorate (`Al-Mayadin, Deir ez-Zor`, `Tadmur (Homs)`, `الميادين، دير الزور`).
   */
  function lookup(query: string): Place[] {
    // An id resolves too, so a user can type back what the bot shows (`site-t4-airbase`).
    // A capital's id is also its governorate's name (`daraa`): the name reading, governorate first, wins.
    const byExactId = byId.get(query.trim());
    if (byExactId) {
      const named = lookupKey(normalizeKey(query));
      return named[0]?.kind === 'governorate' && named.includes(byExactId) ? named : [byExactId];
    }
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

  /**
   * Place names in `text`, left to right, longest match first. Reporters' geography is read around each name
   * (`Homs province`, `rural Hama`, `ريف دير الزور`, `مدينة حلب`, `outskirts of Hajin`), a faction's name is
   * not a place (`Jaish al-Islam`, `لواء القدس`), and a village name shared or unknown is resolved strictly by
   * the governorate the sentence names (else the report: `context.governorateIds` and governorates named
   * anywhere in `text`): a minor village elsewhere is dropped, not guessed. See 0002-place-names.md.
   */
  function findMentions(text: string, context?: { governorateIds?: string[] }): PlaceSpan[] {
    const words = wordSpans(text);
    const folded = words.map((w) => normalizeToken(w.text));
    const raw: RawMatch[] = [];
    let sentence = 0;
    let scanned = 0;
    let i = 0;
    while (i < words.length) {
      if (folded[i] === '') {
        i++;
        continue;
      }
      // Arabic: a proclitic written onto the first word (وحلب, بحمص) is tried off when the word matched nothing.
      const m = matchAt(text, words, folded, i);
      if (!m) {
        i++;
        continue;
      }
      i = m.last + 1;
      if (isFactionName(folded, m.first, m.last)) continue;
      if (!placeContextOk(text, words, folded, m)) continue;
      // `بادية حمص`, `ريف حلب`: a cue word that is also a region's name yields to the name after it; and a
      // name that starts with a cue word (`مدينة التل`) yields to a longer one after the cue (`مدينة تل أبيض`).
      if (ARABIC_BEFORE.has(folded[m.first]!) && m.first + 1 < words.length) {
        const after = matchAt(text, words, folded, m.first + 1);
        if (after && (m.first === m.last || after.last > m.last)) {
          i = m.first + 1;
          continue;
        }
      }
      for (; scanned < m.first; scanned++) {
        for (let c = words[scanned]!.end; c < words[scanned + 1]!.start; c++) {
          if (SENTENCE_END_CODES.has(text.charCodeAt(c))) {
            sentence++;
            break;
          }
        }
      }
      m.sentence = sentence;
      m.cue = cueAround(folded, m.first, m.last);
      raw.push(m);
    }

    // Soft context: governorates of unambiguous names, anywhere. Frame (see frameAround): the governorate named
    // nearest the name in its sentence, as a governorate or through a region (`Quneitra countryside`,
    // `ريف القنيطرة`, `Eastern Ghouta`) or a capital after `in` (`Tal Antar in Deraa`); for neighbourhoods any
    // capital (`al-Sabil neighborhood in Daraa city`). Else the report context.
    const softGovs = new Set(context?.governorateIds ?? []);
    const contextGovs = withDamascus(new Set(context?.governorateIds ?? []));
    const contextFrame: Frame = { govs: contextGovs, cities: contextGovs };
    const marks: FrameMark[] = [];
    for (const m of raw) {
      const govs = new Set(m.candidates.map((p) => p.governorateId));
      if (govs.size === 1) {
        const only = m.candidates[0]?.governorateId;
        if (only) softGovs.add(only);
      }
      const gov = governorateReading(m.candidates, m.cue!);
      const region = m.candidates.every((p) => p.kind === 'region')
        ? m.candidates[0]?.governorateId
        : undefined;
      const capital = gov ? undefined : m.candidates.find(isCapital)?.governorateId;
      const at = { sentence: m.sentence!, word: m.first };
      if (gov) marks.push({ ...at, gov: gov.id, city: false, capital: false });
      else if (region) marks.push({ ...at, gov: region, city: false, capital: false });
      else if (capital) marks.push({ ...at, gov: capital, city: !locative(folded, m.first), capital: true });
    }

    const out: PlaceSpan[] = [];
    for (const m of raw) {
      const cue = m.cue!;
      const place = choose(m.candidates, cue, softGovs, frameAround(marks, m), contextFrame);
      if (!place) continue;
      const start = extendOverArticle(text, words, folded, m.first);
      const end = words[m.last]!.end;
      out.push({
        placeId: place.id,
        start,
        end,
        surface: text.slice(start, end),
        precision: precisionOf(place, cue),
      });
    }
    return out;
  }

  function isNeighbourhood(p: Place): boolean {
    return byId.get(p.parentId ?? '')?.kind === 'town';
  }

  /** The governorate a match names as such (`Homs province`, `ريف حلب`, `Rif Dimashq`), if any. */
  function governorateReading(candidates: Place[], cue: Cue): Place | undefined {
    const gov = candidates.find((p) => p.kind === 'governorate');
    if (!gov) return undefined;
    if (cue.wantGov) return gov;
    // Said plainly, a governorate's name is its capital when it has one (`Hama`), else the governorate.
    return candidates.some((p) => p.kind === 'town' && p.governorateId === gov.id) ? undefined : gov;
  }

  /**
   * One reading of an ambiguous name: the governorate when the words around ask for it; a governorate's name
   * said plainly is its capital; a village name is looked for in the governorates the sentence (else the
   * report) names, and a minor village elsewhere is dropped; a city's neighbourhood beats a namesake village
   * elsewhere; otherwise the most prominent, helped by governorates of unambiguous names nearby.
   */
  function choose(
    candidates: Place[],
    cue: Cue,
    softGovs: Set<string>,
    sentenceFrame: Frame | undefined,
    contextFrame: Frame,
  ): Place | undefined {
    const gov = candidates.find((p) => p.kind === 'governorate');
    if (gov && cue.wantGov) return gov;
    const capital = gov && candidates.find((p) => p.kind === 'town' && p.governorateId === gov.id);
    if (capital) return capital;
    if (gov && !candidates.some((p) => p.kind === 'town' || p.kind === 'site')) return gov;
    const top = LOOKUP_RANK[candidates[0]!.kind];
    let pool = candidates.filter((p) => LOOKUP_RANK[p.kind] === top);
    if (pool.every(isVillage)) {
      const quarters = pool.filter(isNeighbourhood);
      const frame = frameGovs(sentenceFrame, quarters.length > 0) ?? frameGovs(contextFrame, false);
      if (frame) {
        const inFrame = pool.filter((p) => p.governorateId !== undefined && frame.has(p.governorateId));
        if (inFrame.length > 0) pool = inFrame;
        else if (pool.every((p) => p.weight < MINOR_TOWN_WEIGHT)) return undefined;
      } else if (quarters.length > 0 && quarters.length < pool.length) pool = quarters;
    }
    let best = pool[0]!;
    let bestScore = -Infinity;
    for (const p of pool) {
      const score =
        Math.log(p.weight + 1) + (p.governorateId && softGovs.has(p.governorateId) ? CONTEXT_BONUS : 0);
      if (score > bestScore) {
        best = p;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * The longest match starting at word `i`; for Arabic, then without a proclitic written onto the word
   * (`وحلب`, `بحمص`, `للبوكمال`, two of them in `وبحمص`), unless the word carried the article, whose removal
   * already left the bare name (`والكرامة` is not `و` + `ك` + `رامة`).
   */
  function matchAt(text: string, words: WordSpan[], folded: string[], i: number): RawMatch | undefined {
    const m = longestMatchAt(text, words, folded, i);
    const first = folded[i]!.charCodeAt(0);
    if (m || first < 0x0600 || first > 0x06ff || ARTICLE_START.test(words[i]!.text)) return m;
    // ك ("like") is almost never written onto a place name, and reading it off makes places of common words
    // (كبيرة is not ك + بيرة).
    if (folded[i]!.startsWith('ك')) return undefined;
    let bare = withoutProclitic(folded[i]!);
    for (let n = 0; n < 2 && bare !== undefined; n++) {
      const found = longestMatchAt(text, words, folded, i, bare);
      // A one-word name that carries the article (الزارة) takes the proclitic before it (والزارة), so a word
      // without it (وزارة, "ministry") is not that name.
      // (للبوكمال is ل + البوكمال: the article is there, its alef dropped.)
      if (
        found &&
        (found.last > found.first ||
          words[i]!.text.startsWith('لل') ||
          found.candidates.some((p) => hasBareArabicName(p, bare!)))
      )
        return found;
      bare = withoutProclitic(bare);
    }
    // `وتل أبيض`, `وأم الكيف`: a two-letter first word, only as part of a longer name.
    if (folded[i]!.length !== 3) return undefined;
    const short = withoutProclitic(folded[i]!, 2);
    if (short === undefined || short.length > 2) return undefined;
    const found = longestMatchAt(text, words, folded, i, short);
    return found && found.last > i ? found : undefined;
  }

  /** Whether `place` has a one-word Arabic name without the article that folds to `key`. */
  function hasBareArabicName(place: Place, key: string): boolean {
    for (const name of [place.arabic, ...place.aliases]) {
      if (!name || !ARABIC_SCRIPT.test(name) || ARTICLE_START.test(name) || /\s/.test(name.trim())) continue;
      if (normalizeToken(name) === key) return true;
    }
    return false;
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
      let candidates = part === '' ? undefined : mentionKeys.get(key);
      const exact = !candidates && j === first ? exactMentions.get(key) : undefined;
      if (exact) {
        const spelled = plain(words[first]!.text);
        if (!stopSpellings.has(spelled)) candidates = exact.get(spelled);
      }
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

const placeSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['country', 'region', 'governorate', 'district', 'subdistrict', 'town', 'site']),
  parentId: z.string().min(1).optional(),
  governorateId: z.string().min(1).optional(),
  aliases: z.array(z.string().min(1)),
  arabic: z.string().min(1).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  weight: z.number().nonnegative(),
});

/** Schema of index-data/gazetteer.json (format 2), as written by scripts/build-gazetteer.ts. */
export const gazetteerFileSchema = z.strictObject({
  source: z.string(),
  format: z.literal(2),
  stopWords: z.array(z.string()),
  places: z.array(placeSchema),
});

type GazetteerFile = z.infer<typeof gazetteerFileSchema>;

/** Extra spellings for known places, added when the gazetteer is loaded (a desk's own `aliases.json`). */
export interface ExtraAliases {
  placeId: string;
  aliases: string[];
}

/** Options of {@link loadGazetteer}. */
export interface LoadGazetteerOptions {
  /** Desk aliases: each names a place by id and adds spellings; an unknown id or an empty alias throws. */
  extraAliases?: readonly ExtraAliases[];
  /**
   * Files already checked by an earlier start (see src/extract/reference-cache.ts): given a hash of the file's
   * bytes, says whether exactly these bytes passed the schema; `checked` is told of each file that passes.
   * Without it every load is checked.
   */
  checks?: { passed(hash: string): boolean; checked(hash: string): void };
}

/**
 * Read a gazetteer file written by scripts/build-gazetteer.ts (default: the bundled index-data/gazetteer.json),
 * validated against {@link gazetteerFileSchema}, and add desk aliases.
 *
 * @throws Error naming the file, the entry (`places[12] (hajin)`) and the bad field when the file is missing or
 *   malformed, or an extra alias names an unknown place.
 */
export function loadGazetteer(
  file: string = DEFAULT_GAZETTEER_FILE,
  options: LoadGazetteerOptions = {},
): Gazetteer {
  let raw: unknown;
  let hash = '';
  try {
    const bytes = readFileSync(file);
    if (options.checks) hash = createHash('sha1').update(bytes).digest('hex');
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new Error(`Cannot read gazetteer ${file}: ${(err as Error).message}. Run: npm run gazetteer`);
  }
  let data: GazetteerFile;
  if (options.checks?.passed(hash)) {
    // These exact bytes passed the schema before, and the schema neither adds nor changes fields.
    data = raw as GazetteerFile;
  } else {
    const parsed = gazetteerFileSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`Gazetteer ${file}: ${describeIssues(raw, parsed.error)}`);
    data = parsed.data;
    options.checks?.checked(hash);
  }
  const places = data.places as Place[];
  if (options.extraAliases && options.extraAliases.length > 0) {
    const byId = new Map(places.map((p) => [p.id, p]));
    for (const [n, extra] of options.extraAliases.entries()) {
      const p = byId.get(extra.placeId);
      if (!p) throw new Error(`Extra aliases #${n}: no place has id "${extra.placeId}" (in ${file})`);
      for (const alias of extra.aliases) {
        if (typeof alias !== 'string' || alias.trim() === '')
          throw new Error(`Extra aliases #${n} (${extra.placeId}): an alias is empty`);
        if (alias !== p.name && !p.aliases.includes(alias)) p.aliases.push(alias.trim());
      }
    }
  }
  return createGazetteer(places, { stopWords: data.stopWords });
}

interface RawMatch {
  first: number;
  last: number;
  candidates: Place[];
  /** Index of the sentence the match is in (set once the match is kept). */
  sentence?: number;
  cue?: Cue;
}

/** Governorates that frame a name: named as governorates or regions, and (`cities`) also as capitals. */
interface Frame {
  govs: Set<string>;
  cities: Set<string>;
}

/** A governorate named somewhere in the text; `city` when only as a capital said plainly. */
interface FrameMark {
  sentence: number;
  word: number;
  gov: string;
  city: boolean;
  /** Named through its capital (`in Deraa`): frames only names right next to it. */
  capital: boolean;
}

/** How far (in words) a governorate named in the same sentence still frames a village name. */
const FRAME_WORDS = 8;
/** The same for a capital after `in` (`Tal Antar in Deraa`, not `from Foua ... to a hospital in Aleppo`). */
const CAPITAL_FRAME_WORDS = 3;
/** Words before a capital that make it the place where things are (`in Deraa`, `في درعا`). */
const LOCATIVE = foldAll(['in', 'في']);

/** `in Deraa`, `in northeastern Hasakeh`, `في درعا`: the capital is where things happen. */
function locative(folded: string[], first: number): boolean {
  const before = previousContent(folded, first, 1);
  return (
    LOCATIVE.has(before) || (DIRECTION_WORDS.has(before) && LOCATIVE.has(previousContent(folded, first, 2)))
  );
}

const DIRECTION_WORDS = foldAll([
  'east',
  'eastern',
  'west',
  'western',
  'north',
  'northern',
  'south',
  'southern',
  'northeastern',
  'northwestern',
  'southeastern',
  'southwestern',
  'central',
]);

/**
 * The governorate that frames a name: the nearest one named after it in its sentence (`Al-Hurriya in the
 * Quneitra countryside`), else the nearest before it, at most FRAME_WORDS away; for a city's neighbourhood a
 * capital said plainly counts too (`cities`).
 */
function frameAround(marks: FrameMark[], m: RawMatch): Frame | undefined {
  const pick = (withCities: boolean): FrameMark | undefined => {
    let before: FrameMark | undefined;
    for (const mark of marks) {
      if (mark.sentence !== m.sentence || (mark.city && !withCities)) continue;
      const reach = mark.capital ? CAPITAL_FRAME_WORDS : FRAME_WORDS;
      if (mark.word > m.last) return mark.word - m.last <= reach ? mark : before;
      if (mark.word < m.first && m.first - mark.word <= reach) before = mark;
    }
    return before;
  };
  const gov = pick(false);
  const any = pick(true);
  if (!gov && !any) return undefined;
  return {
    govs: withDamascus(new Set(gov ? [gov.gov] : [])),
    cities: withDamascus(new Set(any ? [any.gov] : [])),
  };
}

/** Mercury codes many Ghouta towns under Damascus: the city and its countryside frame each other. */
function withDamascus(govs: Set<string>): Set<string> {
  if (govs.has('gov-damascus') || govs.has('gov-rif-dimashq')) {
    govs.add('gov-damascus');
    govs.add('gov-rif-dimashq');
  }
  return govs;
}

/** The governorates of a frame that decide a village name (`withCities` for neighbourhoods), if any. */
function frameGovs(frame: Frame | undefined, withCities: boolean): Set<string> | undefined {
  const govs = withCities ? frame?.cities : frame?.govs;
  return govs && govs.size > 0 ? govs : undefined;
}

/** What the words around a name say about it. */
interface Cue {
  /** Around it, not in it (`near`, `outskirts of`, `countryside`, `ريف`): precision 2 for a town. */
  near: boolean;
  /** The governorate, when the name has that reading (`province`, `countryside`, `rural`, `محافظة`, `ريف`). */
  wantGov: boolean;
  /** The governorate as a whole (`province`, `desert of`, `محافظة`, `بادية`): precision 3, not 2. */
  govItself: boolean;
}

/** An Arabic word written with the article, maybe behind a one-letter proclitic (`والكرامة`, `بالشحيل`). */
const ARTICLE_START = /^[وبفك]?ال/;

/** Punctuation between two words that ends a sentence (. ! ? ؟ and a line break), as char codes. */
const SENTENCE_END_CODES = new Set([0x2e, 0x21, 0x3f, 0x061f, 0x0a]);

/** Lower case without diacritics or apostrophes: how an exact spelling is compared. */
function plain(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/[\u0300-\u036f'’‘ʼʻʿʾ`]/g, '')
    .toLowerCase();
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
  if (b.start - a.end > 3 || b.start === a.end) return false;
  for (let c = a.end; c < b.start; c++) if (!JOINERS.has(text.charCodeAt(c))) return false;
  return true;
}

/** Space, no-break space, hyphen, hyphen, non-breaking hyphen, en dash. */
const JOINERS = new Set([0x20, 0xa0, 0x2d, 0x2010, 0x2011, 0x2013]);

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

/** Below this prominence (coded events) a village's one-word Latin name needs a place context in prose. */
const MINOR_WEIGHT = 50;
/** Words (folded) right before a place name in prose: prepositions, place nouns, list joiners. */
const LOCATIVE_BEFORE = new Set(
  [
    'in',
    'near',
    'of',
    'at',
    'from',
    'to',
    'into',
    'around',
    'outside',
    'towards',
    'toward',
    'between',
    'and',
    'or',
    'on',
    'via',
    'across',
    'village',
    'villages',
    'town',
    'towns',
    'city',
    'cities',
    'area',
    'areas',
    'hamlet',
    'neighbourhood',
    'neighborhood',
    'district',
    'camp',
    'outskirts',
    'entered',
    'captured',
    'seized',
    'shelled',
    'struck',
    'targeted',
    'stormed',
    'besieged',
    'bombed',
    'hit',
    'reached',
    'including',
    'including the',
    'like',
  ].map(normalizeToken),
);
/** Capitalised words after a place name that still read as place context (`Tafas City`, `Jasim Town`). */
const PLACE_NOUN_AFTER = new Set(
  [
    'city',
    'town',
    'village',
    'area',
    'countryside',
    'district',
    'camp',
    'plain',
    'valley',
    'hill',
    'desert',
    'subdistrict',
    'neighbourhood',
    'neighborhood',
    'region',
    'road',
    'crossing',
    'cities',
    'towns',
    'villages',
  ].map(normalizeToken),
);

/**
 * A minor village's one-word Latin name is read as a place only in a place context: after a preposition,
 * place noun or list joiner (`in Tafas`, `between Tafs and Al-Mazirib`, `villages of X, Y`), and not inside
 * a longer capitalised name (`South Korea`, `Daily Sabah`, `Abu Malek`, `Erika Solomon`). Short English
 * words and personal names fold onto such names too easily; known towns and every Arabic or multi-word name
 * are read as before.
 */
function placeContextOk(text: string, words: WordSpan[], folded: string[], m: RawMatch): boolean {
  const first = words[m.first]!;
  const code = first.text.charCodeAt(0);
  if (code > 0x7f) return true;
  let content = 0;
  for (let k = m.first; k <= m.last; k++) if (!EDGE_WORDS.has(words[k]!.text.toLowerCase())) content++;
  if (content > 1) return true;
  if (!m.candidates.every((p) => isVillage(p) && p.weight < MINOR_WEIGHT)) return true;
  const capital = (w: WordSpan | undefined) => w !== undefined && /^[A-Z]/.test(w.text);
  const between = (a: WordSpan, b: WordSpan) => text.slice(a.end, b.start);
  // Start at the article written before the name, if any (`in Al-Mazirib`).
  let start = m.first;
  while (start > 0 && folded[start - 1] === '' && joinable(text, words[start - 1]!, words[start]!)) start--;
  const prev = start > 0 ? words[start - 1] : undefined;
  const next = words[m.last + 1];
  const nextJoined = next !== undefined && /^[\s-]*$/.test(between(words[m.last]!, next));
  if (capital(next) && nextJoined && !PLACE_NOUN_AFTER.has(folded[m.last + 1]!)) return false;
  if (!prev) return false;
  const gap = between(prev, words[start]!);
  // A list continues a place context: `Tafas, Nawa and Jasim`.
  if (/[,،]/.test(gap)) return true;
  if (!/^[\s"'“”‘’(]*$/.test(gap)) return false;
  if (capital(prev) && !LOCATIVE_BEFORE.has(folded[start - 1]!)) return false;
  let k = start - 1;
  if (folded[k] === normalizeToken('the') && k > 0) k--;
  return LOCATIVE_BEFORE.has(folded[k]!);
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
    'rural',
    'countryside',
    'desert',
    'province',
    'governorate',
    'city',
    'camp',
    'base',
    'airport',
    'highway',
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

function cueAround(folded: string[], first: number, last: number): Cue {
  const after = folded[last + 1] ?? '';
  const before1 = previousContent(folded, first, 1);
  const before2 = previousContent(folded, first, 2);
  let near = NEAR_AFTER.has(after) || NEAR_BEFORE.has(before1);
  let wantGov = GOV_AFTER.has(after) || GOV_BEFORE.has(before1);
  let govItself = GOV_ITSELF_AFTER.has(after);
  if (before1 === OF) {
    if (NEAR_OF.has(before2)) near = true;
    if (GOV_OF.has(before2)) wantGov = true;
    if (GOV_ITSELF_OF.has(before2)) govItself = true;
  }
  // `بالريف الشرقي لدير الزور`: the countryside, a direction, then the name.
  const arabic =
    ARABIC_DIRECTION.has(before1) && ARABIC_BEFORE.get(before2) === 'countryside'
      ? 'countryside'
      : ARABIC_BEFORE.get(before1);
  if (arabic === 'countryside') {
    wantGov = true;
    near = true;
  } else if (arabic === 'desert') {
    wantGov = true;
    near = true;
    govItself = true;
  } else if (arabic === 'governorate') {
    wantGov = true;
    govItself = true;
  } else if (arabic === 'town') {
    wantGov = false;
  } else if (arabic === 'near') {
    near = true;
  }
  if (after === CITY) wantGov = false;
  return { near, wantGov, govItself };
}

/** A name right after `Jaish`, `Liwa`, `Ahrar`, `لواء` ... or right before `Brigade`, `Division` names a faction. */
function isFactionName(folded: string[], first: number, last: number): boolean {
  const before = previousContent(folded, first, 1);
  if (FACTION_BEFORE.has(before)) return true;
  const bare = withoutProclitic(before);
  if (bare !== undefined && FACTION_BEFORE.has(bare)) return true;
  return FACTION_AFTER.has(folded[last + 1] ?? '');
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

/** A governorate named nearby counts as much as ten times the events (log scale). */
const CONTEXT_BONUS = Math.log(10);

function precisionOf(place: Place, cue: Cue): 1 | 2 | 3 {
  const near = cue.near;
  switch (place.kind) {
    case 'governorate':
      // `Raqqa countryside`, `rural Hama`, `ريف حلب`: the land around the city, within its governorate.
      return near && !cue.govItself ? 2 : 3;
    case 'country':
    case 'region':
      return 3;
    case 'district':
    case 'subdistrict':
      return 2;
    default:
      return near ? 2 : 1;
  }
}
