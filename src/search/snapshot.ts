import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { writeFileAtomic } from '../core/atomic-file.js';

/**
 * A MiniSearch index saved and loaded one term at a time.
 *
 * `JSON.stringify(miniSearch)` first copies the whole index into plain objects and then into one string, and
 * `MiniSearch.loadJSON` parses the whole string into a tree before rebuilding its maps: at 100k reports each
 * held several hundred megabytes on top of the index itself. The file written here is still MiniSearch's own
 * JSON (serialization version 2, readable by `MiniSearch.loadJSON`), laid out one term per line:
 *
 *     {"documentCount":…,"nextId":…,…,"serializationVersion":2,"index":[
 *     ["term",{"0":{"12":1}}]
 *     ,["other",{"0":{"3":2},"1":{"3":1}}]
 *     ]}
 *
 * so it can be written from the live index and read back line by line into `MiniSearch.loadJSAsync`, which
 * accepts any iterable of entries. A SHA-256 of the bytes goes into the caller's metadata; a file whose hash,
 * layout or any line is wrong is rejected whole, never half-loaded.
 */

/** What a written snapshot holds, for the caller's metadata. */
export interface SnapshotInfo {
  sha256: string;
  bytes: number;
  terms: number;
}

type FieldTermData = Map<number, Map<number, number>>;

/** Read access to the state MiniSearch serialises (its protected fields are visible to a subclass). */
class SnapshotAccess<T> extends MiniSearch<T> {
  static header<D>(m: MiniSearch<D>): Omit<AsPlainObject, 'index'> {
    const s = m as SnapshotAccess<D>;
    return {
      documentCount: s._documentCount,
      nextId: s._nextId,
      documentIds: Object.fromEntries(s._documentIds),
      fieldIds: s._fieldIds,
      fieldLength: Object.fromEntries(s._fieldLength),
      averageFieldLength: s._avgFieldLength,
      storedFields: Object.fromEntries(s._storedFields),
      dirtCount: s._dirtCount,
      serializationVersion: 2,
    };
  }

  static entries<D>(m: MiniSearch<D>): Iterable<[string, FieldTermData]> | undefined {
    const index = (m as SnapshotAccess<D>)._index as unknown;
    if (!index || typeof (index as Iterable<unknown>)[Symbol.iterator] !== 'function') return undefined;
    return index as Iterable<[string, FieldTermData]>;
  }
}

const INDEX_OPEN = ',"index":[';
const CLOSE = ']}';

function entryJson(term: string, data: FieldTermData): string {
  let out = `[${JSON.stringify(term)},{`;
  let firstField = true;
  for (const [fieldId, freqs] of data) {
    out += `${firstField ? '' : ','}"${fieldId}":{`;
    firstField = false;
    let firstDoc = true;
    for (const [doc, freq] of freqs) {
      out += `${firstDoc ? '' : ','}"${doc}":${freq}`;
      firstDoc = false;
    }
    out += '}';
  }
  return `${out}}]`;
}

/**
 * The snapshot's text in chunks of about `chunkChars`. The index must not change while this is being consumed
 * (the engine holds new documents back until a save finishes).
 */
export function* snapshotChunks<T>(
  mini: MiniSearch<T>,
  chunkChars = 1 << 20,
  counted: { terms: number } = { terms: 0 },
): Generator<string> {
  const entries = SnapshotAccess.entries(mini);
  // Guarded by a round-trip test against MiniSearch's own toJSON; fails loudly if an upgrade renames its fields.
  if (!entries) throw new Error('this MiniSearch version does not expose its index for snapshots');
  const header = JSON.stringify(SnapshotAccess.header(mini));
  let chunk = `${header.slice(0, -1)}${INDEX_OPEN}\n`;
  let first = true;
  for (const [term, data] of entries) {
    chunk += `${first ? '' : ','}${entryJson(term, data)}\n`;
    first = false;
    counted.terms++;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}${CLOSE}\n`;
}

/** Write the snapshot atomically (temporary file, fsync, rename) and return its hash and size. */
export async function writeSnapshot<T>(
  file: string,
  mini: MiniSearch<T>,
  yieldBetweenChunks: () => Promise<void> = () => new Promise((r) => setImmediate(r)),
): Promise<SnapshotInfo> {
  const hash = createHash('sha256');
  let bytes = 0;
  const counted = { terms: 0 };
  async function* hashed(): AsyncGenerator<string> {
    for (const chunk of snapshotChunks(mini, 1 << 20, counted)) {
      hash.update(chunk);
      bytes += Buffer.byteLength(chunk);
      yield chunk;
      await yieldBetweenChunks();
    }
  }
  await writeFileAtomic(file, hashed());
  return { sha256: hash.digest('hex'), bytes, terms: counted.terms };
}

/** A snapshot that cannot be trusted. */
export class SnapshotError extends Error {}

/** Lines of a file read synchronously in 1 MB blocks, hashing the bytes as they go. */
function* fileLines(file: string, hash: ReturnType<typeof createHash>): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(1 << 20);
    let rest = '';
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
      const text = rest + decoder.write(buffer.subarray(0, n));
      const lines = text.split('\n');
      rest = lines.pop()!;
      yield* lines;
    }
    rest += decoder.end();
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}

/**
 * Load a snapshot written by {@link writeSnapshot}, one term at a time, checking it against the expected hash.
 * Throws {@link SnapshotError} for anything but an intact file.
 */
export async function loadSnapshot<T>(
  file: string,
  options: Options<T>,
  expected: { sha256: string; terms: number },
): Promise<MiniSearch<T>> {
  const hash = createHash('sha256');
  const lines = fileLines(file, hash);
  const first = lines.next();
  if (first.done || !first.value.endsWith(INDEX_OPEN))
    throw new SnapshotError('the index file does not start with a snapshot header');
  let header: Omit<AsPlainObject, 'index'>;
  try {
    header = JSON.parse(`${first.value.slice(0, -INDEX_OPEN.length)}}`);
  } catch {
    throw new SnapshotError('the index file header is damaged');
  }
  let terms = 0;
  let closed = false;
  function* entries(): Generator<[string, AsPlainObject['index'][number][1]]> {
    for (const line of lines) {
      if (closed) {
        if (line !== '') throw new SnapshotError('the index file has data after its end');
        continue;
      }
      if (line === CLOSE) {
        closed = true;
        continue;
      }
      let entry: unknown;
      try {
        entry = JSON.parse(terms === 0 ? line : line.slice(1));
      } catch {
        throw new SnapshotError(`line ${terms + 2} of the index file is damaged`);
      }
      if (
        (terms > 0 && line[0] !== ',') ||
        !Array.isArray(entry) ||
        typeof entry[0] !== 'string' ||
        typeof entry[1] !== 'object' ||
        entry[1] === null
      )
        throw new SnapshotError(`line ${terms + 2} of the index file is not an index entry`);
      terms++;
      yield entry as [string, AsPlainObject['index'][number][1]];
    }
  }
  // loadJSAsync only iterates `index` once, in order, so a generator serves where its type says array; the
  // round-trip tests in tests/search/snapshot.test.ts hold it to that.
  const plain = { ...header, index: entries() } as unknown as AsPlainObject;
  const mini = await MiniSearch.loadJSAsync<T>(plain, options);
  if (!closed) throw new SnapshotError('the index file is cut short');
  if (terms !== expected.terms)
    throw new SnapshotError(`the index file holds ${terms} terms, not ${expected.terms}`);
  if (hash.digest('hex') !== expected.sha256)
    throw new SnapshotError('the index file does not match its checksum');
  return mini;
}
