/**
 * The actor registry: who is who among the armed actors in Syria, by any of their names, and who is related.
 *
 * Every name is folded to one key (spelling folding from normalize.ts plus a plural fold), so `Hizballah`,
 * `Hezbollah` and `حزب الله` land on the same entry, and a hash lookup finds it. Prose is scanned in windows of
 * one to six words, the longest name wins, and short acronyms must be written in capitals. The choices are
 * explained in docs/decisions/0003-actors.md.
 */

import { ACTORS, type ActorEntry } from './actor-data.js';
import { withoutProclitic } from './arabic.js';
import { normalizeKey, normalizeToken, type WordSpan, wordSpans } from './normalize.js';
import type { Actor, ActorDirectory, ActorSpan } from './types.js';

/** Longest name, in words, looked for in prose. */
const MAX_WINDOW = 6;
const DEFAULT_WEIGHT = 10;
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Punctuation between two words that ends a name (sentence and clause marks, brackets, slashes, dashes). */
const NAME_BREAK = /[.,;:!?()[\]{}|/\\–—]|\n\s*\n/;
/** The dots of `U.S.`: a gap of dots, hyphens and spaces after a single letter does not end a name. */
const INITIAL_GAP = /^[.\s-]*$/;
const LATIN_LETTERS = /^[A-Za-z]+$/;
const UPPER = /[A-Z]/g;
/** Articles that are part of a name when written before it (`Al Qaeda`, `el-Nusra`). */
const OPENING_ARTICLES = new Set(['al', 'el']);
const YEAR_RANGE = /\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)/g;

/** One way of writing an actor's name, as the registry matches it. */
interface NameForm {
  actorId: string;
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
  return Object.freeze({
    id: entry.id,
    name: entry.name,
    ...(entry.acledName !== undefined ? { acledName: entry.acledName } : {}),
    kind: entry.kind,
    aliases: Object.freeze([...entry.aliases]) as string[],
    ...(entry.parentId !== undefined ? { parentId: entry.parentId } : {}),
    related: Object.freeze([...entry.related]) as string[],
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

/**
 * Build an actor directory over `actors`.
 *
 * Every actor's name, ACLED name and aliases are matched; a name that folds to the same key as another actor's
 * makes that key ambiguous (lookup returns both, prose matching tags neither).
 *
 * @throws Error naming the entry when an id is not a slug or repeats, a name folds to nothing, or a parent or
 *   related id does not exist.
 */
export function createActorRegistry(actors: readonly ActorEntry[]): ActorDirectory {
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
  const addForm = (actor: Actor, written: string) => {
    const words = wordSpans(written);
    const wordKeys = words.map((w) => wordKey(w.text));
    const key = wordKeys.join('');
    if (key === '') fail(`"${actor.id}" has a name that folds to nothing: "${written}"`);
    const rules = words.map((w) => acronymRule(w.text));
    const form: NameForm = {
      actorId: actor.id,
      words: words.length,
      spaced: wordKeys.filter((k) => k !== '').join(' '),
      caseRules: rules.some((r) => r !== undefined) ? rules : undefined,
    };
    const existing = forms.get(key);
    if (existing) existing.push(form);
    else forms.set(key, [form]);
    for (let i = 0; i <= key.length; i++) prefixes.add(key.slice(0, i));
  };
  for (const actor of list) {
    for (const written of [actor.name, ...(actor.acledName ? [actor.acledName] : []), ...actor.aliases]) {
      addForm(actor, written);
      const bare = stripYears(written);
      if (bare !== written && actorKey(bare) !== '') addForm(actor, bare);
    }
  }

  const children = new Map<string, string[]>();
  const relatedIn = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, key: string, value: string) => {
    const values = map.get(key);
    if (values) values.push(value);
    else map.set(key, [value]);
  };
  for (const a of list) {
    if (a.parentId) push(children, a.parentId, a.id);
    for (const r of a.related) push(relatedIn, r, a.id);
  }

  const completion = new Map(list.map((a) => [a.id, completionKeys(a)]));
  const distinctKeys = [...forms.entries()].map(([key, fs]) => ({
    key,
    ids: [...new Set(fs.map((f) => f.actorId))],
  }));

  const byProminence = (a: Actor, b: Actor) =>
    (weight.get(b.id) ?? 0) - (weight.get(a.id) ?? 0) || a.name.localeCompare(b.name);
  const actorsOf = (ids: Iterable<string>) => [...new Set(ids)].map((id) => byId.get(id)!).sort(byProminence);

  function lookupKey(key: string): Actor[] {
    const found = key === '' ? undefined : forms.get(key);
    return found ? actorsOf(found.map((f) => f.actorId)) : [];
  }

  /** The actor a window of prose names, `null` when the name is ambiguous, undefined when it names none. */
  function matchWindow(
    key: string,
    spaced: string,
    words: WordSpan[],
    first: number,
    last: number,
  ): string | null | undefined {
    const candidates = forms.get(key);
    if (!candidates) return undefined;
    const ids = new Set<string>();
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
    }
    if (ids.size === 0) return undefined;
    return ids.size === 1 ? [...ids][0]! : null;
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
            actorId = hit;
          }
        }
        return { end, actorId };
      };
      while (i < words.length) {
        if (keys[i] === '' && !leadsName(text, words, i)) {
          i++;
          continue;
        }
        let { end, actorId } = matchAt(i, keys[i]!);
        // Arabic: a proclitic written onto the first word (وداعش, لحزب الله) is tried off when nothing matched.
        const bare = end < 0 ? withoutProclitic(keys[i]!) : undefined;
        if (bare !== undefined) ({ end, actorId } = matchAt(i, bare));
        if (end < 0) {
          i++;
          continue;
        }
        if (actorId !== null) {
          const start = words[i]!.start;
          const stop = words[end]!.end;
          spans.push({ actorId, start, end: stop, surface: text.slice(start, stop) });
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
        ...actor.related,
        ...actorsOf(relatedIn.get(id) ?? []).map((a) => a.id),
      ];
      return [...new Set(ids)].filter((x) => x !== id).map((x) => byId.get(x)!);
    },

    all: () => list,
  };
}

let bundled: ActorDirectory | undefined;

/** The registry over the bundled actor data (built once, then shared). */
export function loadActors(): ActorDirectory {
  bundled ??= createActorRegistry(ACTORS);
  return bundled;
}
