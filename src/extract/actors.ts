/**
 * The actor registry: who is who among the armed actors in Syria, by any of their names, and who is related.
 *
 * Every name is folded to one key (spelling folding from normalize.ts plus a plural fold), so `Hizballah`,
 * `Hezbollah` and `حزب الله` land on the same entry, and a hash lookup finds it. Prose is scanned in windows of
 * one to six words, the longest name wins, and short acronyms must be written in capitals. The choices are
 * explained in docs/decisions/0003-actors.md.
 */

import {
  ACTOR_DATA,
  type ActorContext,
  type ActorData,
  type ActorEntry,
  type ExtraAliases,
  readActorData,
} from './actor-data.js';
import { withoutProclitic } from './arabic.js';
import { normalizeKey, normalizeToken, type WordSpan, wordSpans } from './normalize.js';
import type { Actor, ActorDirectory, ActorSpan } from './types.js';

/** Longest name, in words, looked for in prose. */
const MAX_WINDOW = 6;
const DEFAULT_WEIGHT = 10;
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Punctuation between two words that ends a name (sentence and clause marks, brackets, slashes, dashes). */
const NAME_BREAK = /[.,;:!?()[\]{}|/\\–—،؛؟]|\n\s*\n/;
/**
 * Punctuation that ends the stretch of words read around a country name or demonym: sentences and clauses
 * only, so that `the Syrian – Iraqi border` and `الحدودي السوري – الأردني` still see their border word.
 */
const CONTEXT_BREAK = /[.,;:!?()[\]{}|،؛؟]|\n\s*\n/;
/** How many words before and after a country name or demonym are read for context. */
const CONTEXT_BEFORE = 3;
const CONTEXT_AFTER = 2;
/** The dots of `U.S.`: a gap of dots, hyphens and spaces after a single letter does not end a name. */
const INITIAL_GAP = /^[.\s-]*$/;
const LATIN_LETTERS = /^[A-Za-z]+$/;
const UPPER = /[A-Z]/g;
/** Articles that are part of a name when written before it (`Al Qaeda`, `el-Nusra`). */
const OPENING_ARTICLES = new Set(['al', 'el']);
const YEAR_RANGE = /\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)/g;
/** The actor id of a `notActors` phrase: it is matched, so its words are not read as names, and tags nothing. */
const NOT_AN_ACTOR = '';
/** Proclitics that make a country name a place or a dative: `بتركيا` (in Turkey), `لإيران` (to/for Iran). */
const PLACE_CLITICS = new Set(['ب', 'ل']);

/** How a form was written in the data: an alias, or a bare country name or demonym matched with care. */
type FormKind = 'name' | 'country' | 'demonym';

/** One way of writing an actor's name, as the registry matches it. */
interface NameForm {
  actorId: string;
  kind: FormKind;
  /** Word count of the form, for aligning the capitalisation rule with a window of prose. */
  words: number;
  /**
   * The folded words joined by spaces, articles left out. Prose must split a name where the form does, so
   * that `SANA did` is not read as `Sanadid`.
   */
  spaced: string;
  /** Per word: the acronym as written when that word must be capitalised in prose, else undefined. */
  caseRules: (string | undefined)[] | undefined;
}

/**
 * Fold a word to its registry key: the spelling key from normalize.ts, with a final plural `s` dropped from
 * longer words so that `Revolutionary Guards` and `Revolutionary Guard`, `militias` and `militia` meet.
 */
function wordKey(word: string): string {
  const key = normalizeToken(word);
  return key.length >= 4 && key.endsWith('s') ? key.slice(0, -1) : key;
}

/**
 * Fold an actor name or a query to the key the registry matches on.
 *
 * @example actorKey('Hizballah') === actorKey('Hezbollah')
 * @example actorKey('Revolutionary Guard') === actorKey('revolutionary guards')
 */
export function actorKey(text: string): string {
  let key = '';
  for (const w of wordSpans(text)) key += wordKey(w.text);
  return key;
}

/**
 * A word that must be capitalised to count in prose: Latin letters only, at most five, mostly capitals
 * (`IS`, `KH`, `HTS`, `IRGC`, `LaQ`, the `U` and `S` of `U.S.`).
 */
function acronymRule(word: string): string | undefined {
  if (word.length > 5 || !LATIN_LETTERS.test(word)) return undefined;
  const capitals = word.match(UPPER)?.length ?? 0;
  return capitals >= Math.min(2, word.length) ? word : undefined;
}

/** `IS` matches `IS`; `ISIS` matches `ISIS` and `Isis`; nothing matches lower case `is`. */
function passesCase(written: string, acronym: string): boolean {
  if (written === acronym || written === acronym.toUpperCase()) return true;
  if (acronym.length < 4) return false;
  const lower = acronym.toLowerCase();
  return written === lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** Lower case, no marks, letters and digits only: the literal side of autocomplete. */
function plainText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** ACLED dates its state actors (`Military Forces of Iran (1989-)`); the bare name means the same actor. */
function stripYears(text: string): string {
  return text.replace(YEAR_RANGE, ' ');
}

/** Autocomplete keys for one actor: per level (name, aliases, words of the name, words of aliases), literal and folded. */
interface CompletionKeys {
  plain: string[][];
  folded: string[][];
}

function completionKeys(actor: Actor): CompletionKeys {
  const others = [...(actor.acledName ? [actor.acledName] : []), ...actor.aliases];
  const levels = [
    [actor.name],
    others,
    wordSpans(actor.name).map((w) => w.text),
    others.flatMap((o) => wordSpans(o).map((w) => w.text)),
  ];
  const keep = (f: (s: string) => string) => levels.map((level) => level.map(f).filter((k) => k !== ''));
  return { plain: keep(plainText), folded: keep(normalizeKey) };
}

/**
 * Optimal-string-alignment distance between `a` and `b`, or `max + 1` as soon as it must exceed `max`.
 * Transpositions count once, so `gaurds` is one step from `guards`.
 */
function boundedDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prevPrev[j - 2]! + 1);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

function fail(message: string): never {
  throw new Error(`Actor registry: ${message}`);
}

function checkReferences(actors: readonly ActorEntry[], byId: Map<string, Actor>): void {
  for (const a of actors) {
    if (a.parentId !== undefined) {
      if (a.parentId === a.id) fail(`"${a.id}" is its own parent`);
      if (!byId.has(a.parentId)) fail(`"${a.id}" has unknown parentId "${a.parentId}"`);
    }
    for (const r of a.related) {
      if (r === a.id) fail(`"${a.id}" lists itself as related`);
      if (!byId.has(r)) fail(`"${a.id}" lists unknown related id "${r}"`);
    }
    for (const b of a.backedBy ?? []) {
      if (b === a.id) fail(`"${a.id}" lists itself as a backer`);
      if (!byId.has(b)) fail(`"${a.id}" lists unknown backedBy id "${b}"`);
    }
    if (a.succession && !byId.has(a.succession.to))
      fail(`"${a.id}" names an unknown successor "${a.succession.to}"`);
    const seen = new Set<string>([a.id]);
    for (let p = a.parentId; p !== undefined; p = byId.get(p)?.parentId) {
      if (seen.has(p)) fail(`parent chain of "${a.id}" loops through "${p}"`);
      seen.add(p);
    }
  }
}

/** The contract fields only, so the registry hands out plain actors whatever the data carried. */
function toActor(entry: ActorEntry): Actor {
  const aliases = [...new Set([...entry.aliases, ...(entry.countryNames ?? []), ...(entry.demonyms ?? [])])];
  return Object.freeze({
    id: entry.id,
    name: entry.name,
    ...(entry.acledName !== undefined ? { acledName: entry.acledName } : {}),
    kind: entry.kind,
    aliases: Object.freeze(aliases) as string[],
    ...(entry.parentId !== undefined ? { parentId: entry.parentId } : {}),
    related: Object.freeze([...entry.related]) as string[],
    ...(entry.backedBy !== undefined ? { backedBy: Object.freeze([...entry.backedBy]) as string[] } : {}),
    ...(entry.description !== undefined ? { description: entry.description } : {}),
    ...(entry.succession !== undefined
      ? {
          succession: Object.freeze({
            ...entry.succession,
            aliases: Object.freeze([...entry.succession.aliases]) as string[],
          }),
        }
      : {}),
  });
}

/** The matching rules that come with the data, besides the actors themselves. */
export interface ActorRules {
  /** Phrases prose skips without tagging anyone (`Libyan National Army`). */
  notActors?: readonly string[];
  /** Words that show a bare country name or demonym is not the state acting (see {@link ActorContext}). */
  context?: ActorContext;
}

/** The folded key of every word in `words`, articles and empty keys left out. */
function wordKeySet(words: readonly string[] = []): Set<string> {
  return new Set(words.map(wordKey).filter((k) => k !== ''));
}

/**
 * Build an actor directory over `actors`.
 *
 * Every actor's name, ACLED name, aliases, country names and demonyms are matched; a name that folds to the same
 * key as another actor's makes that key ambiguous (lookup returns both, prose matching tags neither). Country
 * names and demonyms are not tagged in prose where `rules.context` shows they are not the state acting.
 *
 * @throws Error naming the entry when an id is not a slug or repeats, a name folds to nothing, or a parent,
 *   related or backedBy id does not exist.
 */
export function createActorRegistry(actors: readonly ActorEntry[], rules: ActorRules = {}): ActorDirectory {
  const byId = new Map<string, Actor>();
  const weight = new Map<string, number>();
  for (const entry of actors) {
    if (!ID_PATTERN.test(entry.id)) fail(`id "${entry.id}" is not a lower-case slug`);
    if (byId.has(entry.id)) fail(`duplicate id "${entry.id}"`);
    byId.set(entry.id, toActor(entry));
    weight.set(entry.id, entry.weight ?? DEFAULT_WEIGHT);
  }
  checkReferences(actors, byId);
  const list = [...byId.values()];

  const forms = new Map<string, NameForm[]>();
  /** Every prefix of every key, so a window of prose stops growing as soon as no name can follow. */
  const prefixes = new Set<string>();
  const addForm = (actorId: string, written: string, kind: FormKind) => {
    const words = wordSpans(written);
    const wordKeys = words.map((w) => wordKey(w.text));
    const key = wordKeys.join('');
    if (key === '') fail(`"${actorId}" has a name that folds to nothing: "${written}"`);
    const rules = words.map((w) => acronymRule(w.text));
    const form: NameForm = {
      actorId,
      kind,
      words: words.length,
      spaced: wordKeys.filter((k) => k !== '').join(' '),
      caseRules: rules.some((r) => r !== undefined) ? rules : undefined,
    };
    const existing = forms.get(key);
    if (existing) existing.push(form);
    else forms.set(key, [form]);
    for (let i = 0; i <= key.length; i++) prefixes.add(key.slice(0, i));
  };
  // ACLED's dated names also match without their years, unless another actor owns or also claims the undated
  // name (`Military Forces of Syria (2024-)` is the new army; `Military Forces of Syria` stays the old one).
  const undated: [string, string][] = [];
  for (const entry of actors) {
    const named = [entry.name, ...(entry.acledName ? [entry.acledName] : []), ...entry.aliases];
    const written: [string, FormKind][] = [
      ...named.map((w): [string, FormKind] => [w, 'name']),
      ...(entry.countryNames ?? []).map((w): [string, FormKind] => [w, 'country']),
      ...(entry.demonyms ?? []).map((w): [string, FormKind] => [w, 'demonym']),
    ];
    for (const [w, kind] of written) {
      addForm(entry.id, w, kind);
      const bare = stripYears(w);
      if (bare !== w && actorKey(bare) !== '') undated.push([entry.id, bare]);
    }
  }
  const claimants = new Map<string, Set<string>>();
  for (const [actorId, bare] of undated) {
    const key = actorKey(bare);
    claimants.set(key, (claimants.get(key) ?? new Set()).add(actorId));
  }
  for (const [actorId, bare] of undated) {
    const key = actorKey(bare);
    const owners = forms.get(key);
    const alone = claimants.get(key)!.size === 1 && (!owners || owners.every((f) => f.actorId === actorId));
    if (alone) addForm(actorId, bare, 'name');
  }
  for (const phrase of rules.notActors ?? []) addForm(NOT_AN_ACTOR, phrase, 'name');
  const before = wordKeySet(rules.context?.before);
  const after = wordKeySet(rules.context?.after);
  const placeBefore = wordKeySet(rules.context?.placeBefore);
  const theKey = wordKey('the');

  const children = new Map<string, string[]>();
  const relatedIn = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, key: string, value: string) => {
    const values = map.get(key);
    if (values) values.push(value);
    else map.set(key, [value]);
  };
  const backers = new Map<string, string[]>();
  for (const a of list) {
    if (a.parentId) push(children, a.parentId, a.id);
    for (const r of a.related) push(relatedIn, r, a.id);
    for (const b of a.backedBy ?? []) push(backers, b, a.id);
  }

  // A name that says its patron ("Iranian-backed militias", الفصائل الموالية لتركيا) names the patron too: each
  // one-word country name or demonym, and the state whose forces it means.
  const patronWords = new Map<string, string>();
  for (const entry of actors)
    for (const w of [...(entry.countryNames ?? []), ...(entry.demonyms ?? [])])
      if (wordSpans(w).length === 1) patronWords.set(wordKey(w), entry.id);
  /** True when `stateId` (or one of its units) backs or leads `actorId` or an organisation above it. */
  const backs = (stateId: string, actorId: string): boolean => {
    const family = new Set([stateId]);
    for (const f of family) for (const c of children.get(f) ?? []) family.add(c);
    for (let a = byId.get(actorId); a; a = a.parentId ? byId.get(a.parentId) : undefined)
      if ([...(a.backedBy ?? []), ...a.related].some((b) => family.has(b))) return true;
    return false;
  };
  const patronCache = new Map<string, boolean>();
  /** The patron states named inside a matched name (words `first`..`last`), e.g. Iran in "Iranian-backed". */
  function patronsIn(keys: string[], first: number, last: number, actorId: string): string[] {
    const out: string[] = [];
    for (let k = first; k <= last; k++) {
      let state = patronWords.get(keys[k]!);
      if (state === undefined) {
        const off = withoutProclitic(keys[k]!);
        state = off === undefined ? undefined : patronWords.get(off);
      }
      if (state === undefined || state === actorId || out.includes(state)) continue;
      const cacheKey = `${state}>${actorId}`;
      let ok = patronCache.get(cacheKey);
      if (ok === undefined) {
        ok = backs(state, actorId);
        patronCache.set(cacheKey, ok);
      }
      if (ok) out.push(state);
    }
    return out;
  }

  // Autocomplete keys are built on the first completion asked for: a start that answers no autocomplete (the
  // CLI, the console) never pays for them.
  let completionMap: Map<string, CompletionKeys> | undefined;
  const completion = {
    get: (id: string): CompletionKeys | undefined => {
      completionMap ??= new Map(list.map((a) => [a.id, completionKeys(a)]));
      return completionMap.get(id);
    },
  };
  const distinctKeys = [...forms.entries()]
    .map(([key, fs]) => ({
      key,
      ids: [...new Set(fs.map((f) => f.actorId))].filter((id) => id !== NOT_AN_ACTOR),
    }))
    .filter((k) => k.ids.length > 0);

  const byProminence = (a: Actor, b: Actor) =>
    (weight.get(b.id) ?? 0) - (weight.get(a.id) ?? 0) || a.name.localeCompare(b.name);
  const actorsOf = (ids: Iterable<string>) => [...new Set(ids)].map((id) => byId.get(id)!).sort(byProminence);

  function lookupKey(key: string): Actor[] {
    const found = key === '' ? undefined : forms.get(key);
    return found ? actorsOf(found.map((f) => f.actorId).filter((id) => id !== NOT_AN_ACTOR)) : [];
  }

  /**
   * The actor a window of prose names (`null` when the name is ambiguous or names no actor) and how the name was
   * written; undefined when the window names nothing.
   */
  function matchWindow(
    key: string,
    spaced: string,
    words: WordSpan[],
    first: number,
    last: number,
  ): { id: string | null; kind: FormKind } | undefined {
    const candidates = forms.get(key);
    if (!candidates) return undefined;
    const ids = new Set<string>();
    let kind: FormKind | undefined;
    for (const form of candidates) {
      if (form.spaced !== spaced) continue;
      const rules = form.caseRules;
      if (rules) {
        if (form.words !== last - first + 1) continue;
        let ok = true;
        for (let k = 0; k < rules.length && ok; k++) {
          const rule = rules[k];
          if (rule !== undefined && !passesCase(words[first + k]!.text, rule)) ok = false;
        }
        if (!ok) continue;
      }
      ids.add(form.actorId);
      // An alias written out beats the same words listed as a country name or demonym.
      if (kind === undefined || form.kind === 'name') kind = form.kind;
    }
    if (ids.size === 0 || kind === undefined) return undefined;
    const id = ids.size === 1 ? [...ids][0]! : null;
    return { id: id === NOT_AN_ACTOR ? null : id, kind };
  }

  function continuesName(text: string, before: WordSpan, after: WordSpan): boolean {
    const gap = text.slice(before.end, after.start);
    if (!NAME_BREAK.test(gap)) return true;
    return before.text.length === 1 && INITIAL_GAP.test(gap);
  }

  /**
   * Whether a word that folds to nothing (an article) opens the name after it: `al` and `el` do, and any
   * article joined by a hyphen (`ash-Sham`); English `as`, `an`, `at` written apart do not.
   */
  function leadsName(text: string, words: WordSpan[], i: number): boolean {
    const word = words[i]!;
    const next = words[i + 1];
    if (!next) return false;
    return OPENING_ARTICLES.has(word.text.toLowerCase()) || text.slice(word.end, next.start) === '-';
  }

  /**
   * Whether a bare country name or demonym at words `first`..`last` is not the state acting: written in lower
   * case (`iran` in a link), a place after a preposition or a `ب`/`ل` proclitic (`fled to Turkey`, `بتركيا`),
   * or next to a context word (`pro-Iranian`, `Russian-made`, `the Turkish border`, `الحدود التركية`).
   */
  function vetoed(
    text: string,
    words: WordSpan[],
    keys: string[],
    first: number,
    last: number,
    kind: FormKind,
    /** The proclitics read off the first word, if any (`و`, `ب`, `ول`). */
    clitic: string | undefined,
  ): boolean {
    // In Latin script a country or nationality is capitalised; `iran` or `turkish` in a link or slug is not one.
    const initial = words[first]!.text.charAt(0);
    if (LATIN_LETTERS.test(initial) && initial === initial.toLowerCase()) return true;
    const joined = (k: number) => !CONTEXT_BREAK.test(text.slice(words[k]!.end, words[k + 1]!.start));
    if (kind === 'country') {
      if (clitic !== undefined && [...clitic].some((c) => PLACE_CLITICS.has(c))) return true;
      let k = first - 1;
      if (k >= 0 && keys[k] === theKey && joined(k)) k--;
      if (k >= 0 && joined(k) && placeBefore.has(keys[k]!)) return true;
    }
    for (let k = first - 1; k >= 0 && k >= first - CONTEXT_BEFORE && joined(k); k--) {
      if (before.has(keys[k]!)) return true;
    }
    for (let k = last + 1; k < words.length && k <= last + CONTEXT_AFTER && joined(k - 1); k++) {
      if (after.has(keys[k]!)) return true;
    }
    return false;
  }

  return {
    get: (id) => byId.get(id),

    lookup(query) {
      const exact = byId.get(query.trim().toLowerCase());
      if (exact) return [exact];
      const hits = lookupKey(actorKey(query));
      return hits.length > 0 ? hits : lookupKey(actorKey(stripYears(query)));
    },

    suggest(query, limit) {
      const key = actorKey(query);
      if (key.length < 3 || limit <= 0) return [];
      const max = key.length <= 5 ? 1 : key.length <= 10 ? 2 : 3;
      const best = new Map<string, number>();
      for (const { key: candidate, ids } of distinctKeys) {
        const d = boundedDistance(key, candidate, max);
        if (d > max) continue;
        for (const id of ids) best.set(id, Math.min(d, best.get(id) ?? d));
      }
      return [...best.keys()]
        .map((id) => byId.get(id)!)
        .sort((a, b) => best.get(a.id)! - best.get(b.id)! || byProminence(a, b))
        .slice(0, limit);
    },

    complete(prefix, limit) {
      if (limit <= 0) return [];
      const plain = plainText(prefix);
      const folded = normalizeKey(prefix);
      if (plain === '' && folded === '') return [...list].sort(byProminence).slice(0, limit);
      const starts = (values: string[] | undefined, p: string) =>
        p !== '' && !!values?.some((v) => v.startsWith(p));
      // Rank: the name, then an alias, then a word inside the name, then a word inside an alias; at each
      // level a literal prefix beats one that only matches after spelling folding.
      const rank = (a: Actor) => {
        const c = completion.get(a.id)!;
        for (let level = 0; level < c.plain.length; level++) {
          if (starts(c.plain[level], plain)) return level * 2;
          if (starts(c.folded[level], folded)) return level * 2 + 1;
        }
        return undefined;
      };
      return list
        .map((a) => ({ a, r: rank(a) }))
        .filter((x): x is { a: Actor; r: number } => x.r !== undefined)
        .sort((x, y) => x.r - y.r || byProminence(x.a, y.a))
        .slice(0, limit)
        .map((x) => x.a);
    },

    findMentions(text) {
      const words = wordSpans(text);
      const keys = words.map((w) => wordKey(w.text));
      const spans: ActorSpan[] = [];
      let i = 0;
      /** The longest name starting at word `i`, its first word read as `firstKey`. */
      const matchAt = (i: number, firstKey: string) => {
        let end = -1;
        let actorId: string | null = null;
        let kind: FormKind = 'name';
        let key = '';
        let spaced = '';
        for (let j = i; j < words.length && j < i + MAX_WINDOW; j++) {
          if (j > i && !continuesName(text, words[j - 1]!, words[j]!)) break;
          const part = j === i ? firstKey : keys[j]!;
          key += part;
          if (!prefixes.has(key)) break;
          // A window ending on an article (`al`) adds nothing to the name it already matched.
          if (part === '') continue;
          spaced = spaced === '' ? part : `${spaced} ${part}`;
          const hit = matchWindow(key, spaced, words, i, j);
          if (hit !== undefined) {
            end = j;
            actorId = hit.id;
            kind = hit.kind;
          }
        }
        return { end, actorId, kind };
      };
      while (i < words.length) {
        if (keys[i] === '' && !leadsName(text, words, i)) {
          i++;
          continue;
        }
        let { end, actorId, kind } = matchAt(i, keys[i]!);
        // Arabic: a proclitic written onto the first word (وداعش, لحزب الله) is tried off when nothing matched,
        // then a second one behind it (ولقسد, وللأمن العام).
        let bare: string | undefined;
        for (let strip = 0, word = keys[i]!; strip < 2 && end < 0; strip++) {
          const off = withoutProclitic(word);
          if (off === undefined) break;
          bare = word = off;
          ({ end, actorId, kind } = matchAt(i, off));
        }
        if (end < 0) {
          i++;
          continue;
        }
        const clitic = bare !== undefined ? keys[i]!.slice(0, keys[i]!.length - bare.length) : undefined;
        if (kind !== 'name' && vetoed(text, words, keys, i, end, kind, clitic)) actorId = null;
        if (actorId !== null) {
          const start = words[i]!.start;
          const stop = words[end]!.end;
          const surface = text.slice(start, stop);
          spans.push({ actorId, start, end: stop, surface });
          if (kind === 'name' && end > i)
            for (const state of patronsIn(keys, i, end, actorId))
              spans.push({ actorId: state, start, end: stop, surface });
        }
        i = end + 1;
      }
      return spans;
    },

    related(id) {
      const actor = byId.get(id);
      if (!actor) return [];
      const ids = [
        ...(actor.parentId ? [actor.parentId] : []),
        ...actorsOf(children.get(id) ?? []).map((a) => a.id),
        ...(actor.backedBy ?? []),
        ...actorsOf(backers.get(id) ?? []).map((a) => a.id),
        ...actor.related,
        ...actorsOf(relatedIn.get(id) ?? []).map((a) => a.id),
      ];
      return [...new Set(ids)].filter((x) => x !== id).map((x) => byId.get(x)!);
    },

    all: () => list,
  };
}

/** Where {@link loadActors} reads from. */
export interface LoadActorsOptions {
  /** An actor data file in the format of `index-data/actors.json` (default: that file). */
  file?: string;
  /** A desk's own names, added to the actors they name (e.g. from `DATA_DIR/aliases.json`). */
  extraAliases?: readonly ExtraAliases[];
}

/**
 * Add a desk's names to the actors. A name must not already name another actor: a silent clash would make
 * both names ambiguous and stop tagging an actor that was found before.
 */
function withExtraAliases(data: ActorData, extra: readonly ExtraAliases[]): ActorEntry[] {
  const actors = data.actors.map((a) => ({ ...a, aliases: [...a.aliases] }));
  const byId = new Map(actors.map((a) => [a.id, a]));
  const probe = createActorRegistry(data.actors, data);
  for (const { actorId, aliases } of extra) {
    const actor = byId.get(actorId);
    if (!actor) fail(`extra aliases name an unknown actor "${actorId}"`);
    for (const alias of aliases) {
      const others = probe.lookup(alias).filter((a) => a.id !== actorId);
      if (others.length > 0)
        fail(
          `extra alias "${alias}" for "${actorId}" already names ${others.map((a) => `"${a.id}"`).join(', ')}`,
        );
      actor.aliases.push(alias);
    }
  }
  return actors;
}

let bundled: ActorDirectory | undefined;

/**
 * The actor registry: over the bundled data (built once, then shared), or over `options.file` and with a
 * desk's extra aliases (built on each call).
 *
 * @throws Error naming the file, entry and field when the data is malformed, or the actor and alias when an
 *   extra alias names an unknown actor or one already taken.
 */
export function loadActors(options: LoadActorsOptions = {}): ActorDirectory {
  const extra = options.extraAliases ?? [];
  if (options.file === undefined && extra.length === 0) {
    bundled ??= createActorRegistry(ACTOR_DATA.actors, ACTOR_DATA);
    return bundled;
  }
  const data = options.file === undefined ? ACTOR_DATA : readActorData(options.file);
  return createActorRegistry(extra.length > 0 ? withExtraAliases(data, extra) : data.actors, data);
}

/**
 * The actors backed by `id` or by any of its sub-units (`irgc` -> the pro-Iran militias, Hezbollah, and the
 * groups backed by the Quds Force), in registry order; the backed groups' own sub-units are not listed.
 * For `/actor`: the actor's own events first, then its clients' in a part of their own.
 */
export function backedGroups(directory: ActorDirectory, id: string): Actor[] {
  const all = [...directory.all()];
  const own = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const a of all) {
      if (a.parentId !== undefined && own.has(a.parentId) && !own.has(a.id)) {
        own.add(a.id);
        grew = true;
      }
    }
  }
  return all.filter((a) => !own.has(a.id) && (a.backedBy ?? []).some((b) => own.has(b)));
}
