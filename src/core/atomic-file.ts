import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Replace `file` with `data` so that a crash at any moment leaves either the old or the new content, never a
 * mix: write a temporary file beside it, fsync it, rename over the target, fsync the directory. `data` may
 * arrive in chunks (an async iterable), so a large file need not exist as one string.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array | AsyncIterable<string>,
): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    if (typeof data === 'string' || data instanceof Uint8Array) await fh.writeFile(data);
    else for await (const chunk of data) await fh.write(chunk);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(tmp, file);
  try {
    const dh = await open(dir, 'r');
    await dh.sync().catch(() => {});
    await dh.close();
  } catch {
    // Some platforms cannot open directories; the rename itself is still atomic.
  }
}

/** Result of reading a JSON state file. */
export type JsonRead<T> =
  | { status: 'missing' }
  | { status: 'ok'; value: T }
  | { status: 'corrupt'; error: string; backup: string };

/**
 * Read a JSON state file. A file that does not parse is moved aside to `<file>.corrupt-<timestamp>` (so nothing
 * is lost and the next write does not overwrite the evidence) and reported as `corrupt`; with
 * `moveAsideCorrupt: false` (a reader that must not write) it is left where it is.
 */
export async function readJsonFile<T>(
  file: string,
  now: Date = new Date(),
  options: { moveAsideCorrupt?: boolean } = {},
): Promise<JsonRead<T>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    throw err;
  }
  try {
    return { status: 'ok', value: JSON.parse(text) as T };
  } catch (err) {
    const backup = `${file}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
    if (options.moveAsideCorrupt === false)
      return { status: 'corrupt', error: (err as Error).message, backup: file };
    await rename(file, backup);
    return { status: 'corrupt', error: (err as Error).message, backup };
  }
}

/** Names {@link writeFileAtomic} gives its temporary files: `.<name>.<pid>.<8 hex>.tmp`. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Remove temporary files that {@link writeFileAtomic} left in `dir` when its process was killed mid-write
 * (a snapshot save of several hundred megabytes, say). Only the caller's own writes can be under way, since
 * it holds the data dir's lock, so every temporary file of another process is stale. Returns the names removed.
 */
export async function removeStaleTempFiles(dir: string, ownPid: number = process.pid): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    // The lock's own temporary files belong to processes trying to take it right now.
    if (!m || Number(m[2]) === ownPid || m[1] === 'lock.json') continue;
    await rm(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
