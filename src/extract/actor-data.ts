/**
 * Reading the actor registry's data: `index-data/actors.json`, checked against a schema when loaded.
 *
 * The data (who the actors are, what they are called, how they relate) is the desk's and lives in JSON so an
 * editor can read a diff of it; the rules that use it are in actors.ts. Rules for editing the file are in
 * docs/decisions/0003-actors.md:
 * - `acledName` only where ACLED's canonical spelling is known; leave it out rather than guess.
 * - An alias must name exactly one actor once folded (`actorKey`); a phrase that honestly names several is
 *   listed in `ambiguous` and given to each of them, so lookup offers a choice and prose matching tags none.
 * - Short all-capital acronyms (`IS`, `KH`, `HTS`) only match capitalised text; lower-case `is` never does.
 * - `countryNames` and `demonyms` (`Russia`, `Russian`, `روسيا`, `الروسية`) name a state's forces, except in
 *   the contexts listed under `context` (`Russian-made`, `the Turkish border`, `fled to Turkey`).
 * - `parentId` is organisational (a unit of a force, a faction of an umbrella); `backedBy` names patrons;
 *   looser ties go in `related`. Both `related` and `backedBy` are read in both directions by `related()`.
 */

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../core/paths.js';
import type { Actor, ActorKind } from './types.js';

/** An actor as written in the data: the contract fields plus how it is matched and how prominent it is. */
export interface ActorEntry extends Actor {
  /**
   * Names of the actor's country (`Russia`, `Türkiye`, `إيران`): matched like aliases, except right after a
   * preposition of place (`fled to Turkey`, `في العراق`) or in the non-actor contexts of {@link ActorContext}.
   */
  countryNames?: string[];
  /** Adjectives and nouns of nationality (`Russian`, `Russians`, `الروسية`), matched with the same care. */
  demonyms?: string[];
  /** Prominence on a Syria desk; breaks ties in autocomplete and suggestions (default 10). */
  weight?: number;
}

/** Words that, near a bare country name or demonym, show that it does not name the state as an actor. */
export interface ActorContext {
  /** Within the two words before (`pro-Iranian`, `backed by Iran`, `الحدود التركية`, `الموالية لإيران`). */
  before: string[];
  /** Within the two words after (`Russian-made`, `Turkish-backed`, `the Iraqi border`, `Iraqi nationals`). */
  after: string[];
  /** Right before a country name, `the` skipped: the country is a place (`fled to Turkey`, `في العراق`). */
  placeBefore: string[];
}

/** The whole data file, checked. */
export interface ActorData {
  /** Phrases that deliberately name more than one actor: lookup offers each, findMentions tags none. */
  ambiguous: string[];
  /** Phrases that look like actor names but name none here (`Libyan National Army`); prose skips them. */
  notActors: string[];
  context: ActorContext;
  actors: ActorEntry[];
}

/** A desk's own names for actors, e.g. read from `DATA_DIR/aliases.json`. */
export interface ExtraAliases {
  actorId: string;
  aliases: string[];
}

/** The bundled data file. */
export const ACTORS_FILE = projectPath('index-data', 'actors.json');

const KINDS = [
  'state-force',
  'state-unit',
  'foreign-force',
  'coalition',
  'militia',
  'rebel',
  'jihadist',
  'kurdish',
  'tribal',
  'civilian',
  'unknown',
] as const satisfies readonly ActorKind[];

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lower-case slug');
const name = z.string().trim().min(1, 'must not be empty');
const names = z.array(name);

const entrySchema = z.strictObject({
  id: slug,
  name,
  acledName: name.optional(),
  kind: z.enum(KINDS),
  aliases: names,
  countryNames: names.optional(),
  demonyms: names.optional(),
  parentId: slug.optional(),
  related: z.array(slug),
  backedBy: z.array(slug).optional(),
  description: name,
  weight: z.number().int().min(0).max(100).optional(),
  succession: z.strictObject({ from: z.iso.date(), to: slug, aliases: names.min(1) }).optional(),
});

const fileSchema = z.strictObject({
  $comment: z.string().optional(),
  ambiguous: names,
  notActors: names,
  context: z.strictObject({ before: names, after: names, placeBefore: names }),
  actors: z.array(z.unknown()),
});

const extraSchema = z.array(z.strictObject({ actorId: slug, aliases: names.min(1) }));

function describe(issues: z.core.$ZodIssue[]): string {
  return issues
    .map((i) => (i.path.length > 0 ? `field "${i.path.join('.')}": ${i.message}` : i.message))
    .join('; ');
}

/**
 * Check parsed JSON against the actor data schema.
 *
 * @param source Named in errors (a file path).
 * @throws Error naming `source`, the entry id (or its position) and the bad field.
 */
export function parseActorData(json: unknown, source: string): ActorData {
  const file = fileSchema.safeParse(json);
  if (!file.success) throw new Error(`${source}: ${describe(file.error.issues)}`);
  const actors = file.data.actors.map((raw, index) => {
    const entry = entrySchema.safeParse(raw);
    if (entry.success) return entry.data as ActorEntry;
    const id = (raw as { id?: unknown } | null)?.id;
    const label = typeof id === 'string' ? `actor "${id}"` : `actor #${index + 1}`;
    throw new Error(`${source}: ${label}: ${describe(entry.error.issues)}`);
  });
  const { ambiguous, notActors, context } = file.data;
  return { ambiguous, notActors, context, actors };
}

/**
 * Read and check an actor data file.
 *
 * @throws Error naming the file when it cannot be read, is not JSON or breaks the schema.
 */
export function readActorData(file: string = ACTORS_FILE): ActorData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read actor data (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return parseActorData(json, file);
}

/**
 * Check a desk's extra aliases (`[{ "actorId": "hezbollah", "aliases": ["..."] }]`).
 *
 * @param source Named in errors (a file path).
 */
export function parseExtraAliases(json: unknown, source: string): ExtraAliases[] {
  const parsed = extraSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${source}: ${describe(parsed.error.issues)}`);
  return parsed.data;
}

const bundled = readActorData();

/** Every actor in the bundled registry. */
export const ACTORS: readonly ActorEntry[] = bundled.actors;

/** The bundled phrases that deliberately name more than one actor. */
export const AMBIGUOUS_ALIASES: readonly string[] = bundled.ambiguous;

/** The bundled data as a whole. */
export const ACTOR_DATA: ActorData = bundled;
