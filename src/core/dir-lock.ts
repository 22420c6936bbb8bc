import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

/** Who holds a data dir. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  /** What the holder is doing, for the message ("bot", "cli ingest", ...). */
  purpose: string;
}

/** The data dir is in use by another live process. */
export class DataDirBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data dir ${dir} is in use by ${holder.purpose} (process ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
        'Only one process may write it at a time: stop that one first, or point this one at another DATA_DIR. ' +
        `If that process is gone, delete ${path.join(dir, LOCK_FILE)}.`,
    );
    this.name = 'DataDirBusyError';
  }
}

/** The data dir cannot be written at all (a read-only file system, or no permission). */
export class DataDirReadOnlyError extends Error {
  constructor(
    readonly dir: string,
    readonly code: string,
  ) {
    super(
      `The data dir ${dir} is read-only (${code}), so nothing can be added or saved there. ` +
        'Point DATA_DIR (or --data-dir) at a writable directory, or make this one writable.',
    );
    this.name = 'DataDirReadOnlyError';
  }
}

/** Error codes that mean "this directory cannot be written". */
const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM']);

/** The file operations taking the lock needs; tests pass ones that fail like a read-only file system. */
export interface LockFs {
  mkdir(dir: string, options: { recursive: true }): Promise<unknown>;
  writeFile(file: string, data: string): Promise<void>;
}

/** A held lock. */
export interface DirLock {
  release(): Promise<void>;
}

export const LOCK_FILE = 'lock.json';

/** Whether a process is running here (EPERM means it runs under another user). */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the single-writer lock on `dir`: the report log, the index snapshot and the digest and feed state all
 * assume one writer, so a second bot or a `cli ingest` beside a running bot is refused with a clear message
 * instead of leaving two processes with different views of the log.
 *
 * The lock file is created whole or not at all (written beside, then hard-linked into place), so a reader
 * never sees half of one. A lock whose process is gone on this host (a crash, `kill -9`) is taken over; one
 * held from another host is respected, since its process cannot be checked from here.
 *
 * Taking over is atomic: the stale file is renamed to a name of this process's own (only one contender's
 * rename can move it), checked to be the very lock judged stale, and only then removed; the lock is then
 * created by the same exclusive hard link as always. A contender that moved a fresh lock instead (another
 * process took over first) puts it back and finds the data dir busy.
 */
export async function lockDataDir(
  dir: string,
  options: {
    purpose: string;
    now?: Date;
    isAlive?: (pid: number) => boolean;
    host?: string;
    /** This process's id as written in the lock (tests run several contenders in one process). */
    pid?: number;
    fs?: LockFs;
  },
): Promise<DirLock> {
  const fs: LockFs = options.fs ?? { mkdir, writeFile };
  const file = path.join(dir, LOCK_FILE);
  const isAlive = options.isAlive ?? processIsAlive;
  const me: LockHolder = {
    pid: options.pid ?? process.pid,
    host: options.host ?? hostname(),
    since: (options.now ?? new Date()).toISOString(),
    purpose: options.purpose,
  };
  const mine = JSON.stringify(me);
  const unique = `${me.pid}.${randomBytes(4).toString('hex')}`;
  const tmp = path.join(dir, `.${LOCK_FILE}.${unique}.tmp`);
  const moved = path.join(dir, `.${LOCK_FILE}.${unique}.stale`);
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(tmp, mine);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code && NOT_WRITABLE.has(code)) throw new DataDirReadOnlyError(dir, code);
    throw err;
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(tmp, file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const { holder, raw } = await readHolder(file);
      const stale =
        raw !== undefined &&
        (holder === undefined || (holder.host === me.host && holder.pid !== me.pid && !isAlive(holder.pid)));
      if (raw !== undefined && (!stale || attempt >= 4))
        throw new DataDirBusyError(dir, holder ?? { ...me, purpose: 'another process' });
      if (raw === undefined) {
        if (attempt >= 4) throw new DataDirBusyError(dir, { ...me, purpose: 'another process' });
        continue; // Gone between the link and the read: try again.
      }
      // Gone (a crash or kill -9): take it over, atomically (see above).
      try {
        await rename(file, moved);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // another contender moved it
        throw err;
      }
      const movedText = await readFile(moved, 'utf8').catch(() => undefined);
      if (movedText !== raw) {
        // Not the stale lock: a contender's fresh one. Put it back; it holds the dir.
        await link(moved, file).catch(() => {});
        await unlink(moved).catch(() => {});
        const now = await readHolder(file);
        throw new DataDirBusyError(dir, now.holder ?? { ...me, purpose: 'another process' });
      }
      await unlink(moved).catch(() => {});
    }
  } finally {
    await unlink(tmp).catch(() => {});
  }
  heldFiles.add(file);
  return {
    async release() {
      if (!heldFiles.delete(file)) return;
      const { holder } = await readHolder(file);
      if (holder && holder.pid === me.pid && holder.since === me.since) await unlink(file).catch(() => {});
    },
  };
}

/** Lock files this process holds, dropped at exit even when nothing called release. */
const heldFiles = new Set<string>();
process.once('exit', () => {
  for (const file of heldFiles) {
    try {
      unlinkSync(file);
    } catch {
      // Already gone.
    }
  }
});

/**
 * The holder named in a lock file (undefined when it is damaged: never a live lock, see above) and the file's
 * text (undefined when there is no file).
 */
async function readHolder(file: string): Promise<{ holder?: LockHolder; raw?: string }> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  try {
    const value = JSON.parse(raw) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      return {
        raw,
        holder: {
          pid: value.pid,
          host: value.host,
          since: String(value.since ?? 'an unknown time'),
          purpose: String(value.purpose ?? 'another process'),
        },
      };
    }
  } catch {
    // Damaged.
  }
  return { raw };
}
