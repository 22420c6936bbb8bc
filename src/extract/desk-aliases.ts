/**
 * A desk's own names: `DATA_DIR/aliases.json` says which place or actor a name means, in the desk's words.
 *
 * ```json
 * [
 *   { "name": "the Hamdan base", "means": "Hamdan airport" },
 *   { "name": "Tigers", "means": "tiger-forces", "kind": "actor" }
 * ]
 * ```
 *
 * `means` is an id or any name the bot already knows (it must read as exactly one place or actor); `kind`
 * settles a name that is both. The file is read at start; a change re-extracts the stored reports.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ExtraAliases as ActorAliases } from './actor-data.js';
import type { ExtraAliases as PlaceAliases } from './gazetteer.js';
import type { ActorDirectory, Place, PlaceDirectory } from './types.js';

/** File name of a desk's aliases in the data dir. */
export const DESK_ALIASES_FILE = 'aliases.json';

const entrySchema = z.strictObject({
  name: z.string().trim().min(1, 'name is empty').max(120, 'name is longer than 120 characters'),
  means: z.string().trim().min(1, 'means is empty').max(120, 'means is longer than 120 characters'),
  kind: z.enum(['place', 'actor']).optional(),
});
const fileSchema = z.array(entrySchema).max(10_000, 'more than 10,000 names');

/** What a desk's names add to the reference data, and a hash for the extraction fingerprint. */
export interface DeskAliases {
  places: PlaceAliases[];
  actors: ActorAliases[];
  /** Hash of the file's content ('' when there is no file). */
  hash: string;
}

/** A problem with the desk's aliases file; the message names the file and the entry. */
export class DeskAliasesError extends Error {
  override name = 'DeskAliasesError';
}

/**
 * Read `DATA_DIR/aliases.json` and resolve each entry against the bundled places and actors.
 *
 * @throws DeskAliasesError naming the file and the entry when the file is not valid JSON, an entry is malformed,
 *   or `means` names nothing, or more than one place or actor.
 */
export async function loadDeskAliases(
  dataDir: string,
  dirs: { places: PlaceDirectory; actors: ActorDirectory },
): Promise<DeskAliases> {
  const file = path.join(dataDir, DESK_ALIASES_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { places: [], actors: [], hash: '' };
    throw new DeskAliasesError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DeskAliasesError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length
      ? ` entry ${Number(issue.path[0]) + 1}${issue.path[1] ? ` (${String(issue.path[1])})` : ''}`
      : '';
    throw new DeskAliasesError(
      `${file}:${where} ${issue.message}. Expected [{"name": "...", "means": "<place or actor>"}]`,
    );
  }
  const places = new Map<string, string[]>();
  const actors = new Map<string, string[]>();
  parsed.data.forEach((entry, i) => {
    const target = resolveTarget(entry, dirs);
    if (typeof target === 'string')
      throw new DeskAliasesError(`${file}: entry ${i + 1} ("${entry.name}"): ${target}`);
    const into = target.kind === 'place' ? places : actors;
    // "the Hamdan base": prose is matched from the name on, so the article goes.
    const bare = entry.name.replace(/^the\s+/i, '');
    into.set(target.id, [...new Set([...(into.get(target.id) ?? []), entry.name, bare])]);
  });
  return {
    places: [...places].map(([placeId, aliases]) => ({ placeId, aliases })),
    actors: [...actors].map(([actorId, aliases]) => ({ actorId, aliases })),
    hash: createHash('sha256').update(text).digest('hex').slice(0, 16),
  };
}

/** The one place or actor `entry.means` names, or why not. */
function resolveTarget(
  entry: z.infer<typeof entrySchema>,
  dirs: { places: PlaceDirectory; actors: ActorDirectory },
): { kind: 'place' | 'actor'; id: string } | string {
  const wantPlace = entry.kind !== 'actor';
  const wantActor = entry.kind !== 'place';
  if (wantPlace && dirs.places.get(entry.means)) return { kind: 'place', id: entry.means };
  if (wantActor && dirs.actors.get(entry.means)) return { kind: 'actor', id: entry.means };
  const places = wantPlace ? preferredPlaces(dirs.places.lookup(entry.means)) : [];
  const actors = wantActor ? dirs.actors.lookup(entry.means) : [];
  const found = [
    ...places.map((p) => ({ kind: 'place' as const, id: p.id, label: dirs.places.label(p.id) })),
    ...actors.map((a) => ({ kind: 'actor' as const, id: a.id, label: a.name })),
  ];
  if (found.length === 1) return found[0]!;
  if (!found.length)
    return `"${entry.means}" is not a place or actor the bot knows (use a name /whois or /events accepts, or an id)`;
  return `"${entry.means}" could mean ${found
    .slice(0, 4)
    .map((f) => `${f.label} (${f.id})`)
    .join(', ')}: write the id instead${places.length && actors.length ? ', or add "kind"' : ''}`;
}

/** As queries read a shared name: the governorate, else the one town or site (not the district named after it). */
function preferredPlaces(hits: Place[]): Place[] {
  if (hits.length < 2) return hits;
  const govs = hits.filter((p) => p.kind === 'governorate');
  if (govs.length === 1) return govs;
  const local = hits.filter((p) => p.kind === 'town' || p.kind === 'site');
  return local.length === 1 ? local : hits;
}
