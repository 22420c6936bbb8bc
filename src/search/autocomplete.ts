import { normalizeKey, normalizeToken, tokenizeWords } from '../extract/normalize.js';
import type { Actor, ActorDirectory, Place, PlaceDirectory } from '../extract/types.js';

/** One autocomplete suggestion: what the user sees and what is sent back as the option's value. */
export interface Completion {
  /** Shown in the list, e.g. `Al-Bukamal (Deir ez-Zor)`. At most 100 characters. */
  name: string;
  /** Sent as the option value; a spelling the core resolves to exactly this entity. At most 100 characters. */
  value: string;
}

/** Discord's cap on suggestions and on the length of each name and value. */
export const COMPLETION_LIMITS = { count: 25, text: 100 } as const;

/**
 * Places for what the user has typed so far, best first: exact names and aliases (any spelling the gazetteer
 * knows, including Arabic), then names starting with the text, then names with a word starting with it, then
 * close misspellings. Empty input lists the most prominent places.
 */
export function completePlaces(
  places: PlaceDirectory,
  typed: string,
  limit: number = COMPLETION_LIMITS.count,
): Completion[] {
  const n = clampLimit(limit);
  const q = typed.trim();
  const candidates = q
    ? rank(q, [...places.lookup(q), ...places.complete(q, n * 2), ...places.suggest(q, n)], placeNames)
    : [...places.all()].sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
  return candidates.slice(0, n).map((p) => ({
    name: capText(places.label(p.id)),
    value: capText(resolvableSpelling(p, [p.name, places.label(p.id)], (s) => places.lookup(s))),
  }));
}

/**
 * Actors for what the user has typed so far, best first, in the same order of preference as
 * {@link completePlaces}; "hezb" puts Hezbollah before Kataib Hezbollah. Empty input lists the registry's
 * first entries.
 */
export function completeActors(
  actors: ActorDirectory,
  typed: string,
  limit: number = COMPLETION_LIMITS.count,
): Completion[] {
  const n = clampLimit(limit);
  const q = typed.trim();
  const candidates = q
    ? rank(q, [...actors.lookup(q), ...actors.complete(q, n * 2), ...actors.suggest(q, n)], actorNames)
    : [...actors.all()];
  return candidates.slice(0, n).map((a) => ({
    name: capText(a.acledName && a.acledName !== a.name ? `${a.name} (${a.acledName})` : a.name),
    value: capText(resolvableSpelling(a, [a.name, a.acledName], (s) => actors.lookup(s))),
  }));
}

function clampLimit(limit: number): number {
  return Math.max(1, Math.min(COMPLETION_LIMITS.count, Math.floor(limit)));
}

function capText(text: string): string {
  return text.length <= COMPLETION_LIMITS.text ? text : `${text.slice(0, COMPLETION_LIMITS.text - 1)}…`;
}

function placeNames(p: Place): { name: string; aliases: string[] } {
  return { name: p.name, aliases: p.arabic ? [...p.aliases, p.arabic] : p.aliases };
}

function actorNames(a: Actor): { name: string; aliases: string[] } {
  return { name: a.name, aliases: a.acledName ? [...a.aliases, a.acledName] : a.aliases };
}

/**
 * Dedupe by id and sort by how well the typed text matches, keeping the directory's own order within each
 * tier (the gazetteer already puts towns before the districts named after them, and prominent places first).
 */
function rank<T extends { id: string }>(
  typed: string,
  found: T[],
  names: (x: T) => { name: string; aliases: string[] },
): T[] {
  const key = normalizeKey(typed);
  const seen = new Set<string>();
  const unique = found.filter((x) => !seen.has(x.id) && seen.add(x.id));
  const tier = (x: T): number => {
    if (!key) return 4;
    const { name, aliases } = names(x);
    const nameKey = normalizeKey(name);
    if (nameKey === key || aliases.some((a) => normalizeKey(a) === key)) return 0;
    if (nameKey.startsWith(key)) return 1;
    if (aliases.some((a) => normalizeKey(a).startsWith(key))) return 2;
    if ([name, ...aliases].some((s) => tokenizeWords(s).some((w) => normalizeToken(w).startsWith(key))))
      return 3;
    return 4;
  };
  return unique
    .map((x, i) => ({ x, i, t: tier(x) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map(({ x }) => x);
}

/**
 * The first of `spellings` that the directory resolves to exactly this entity. When none does, the last one
 * (the label for places): the same text the core offers when it asks "which one did you mean?", and the
 * core does not look up ids.
 */
function resolvableSpelling<T extends { id: string }>(
  entity: T,
  spellings: (string | undefined)[],
  lookup: (s: string) => T[],
): string {
  const given = spellings.filter((s): s is string => Boolean(s));
  for (const s of given) {
    const hits = lookup(s);
    if (hits.length === 1 && hits[0]!.id === entity.id) return s;
  }
  return given[given.length - 1] ?? entity.id;
}
