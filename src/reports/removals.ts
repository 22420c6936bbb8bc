import path from 'node:path';
import { readJsonFile, writeFileAtomic } from '../core/atomic-file.js';

/** File in the data dir that records every removed report. */
export const REMOVALS_FILE = 'removed-reports.json';

/** One removed report: enough to say what went and why, and to keep it from coming back. */
export interface RemovalRecord {
  id: string;
  url: string;
  canonicalUrl: string;
  textHash: string;
  title: string;
  source: string;
  published: string;
  /** ISO date-time of the removal. */
  removedAt: string;
  /** Why, as given to `cli remove` ("legal takedown", "mistaken import"). */
  reason: string;
}

/** Thrown when the removals file exists but cannot be read: starting would bring removed reports back. */
export class RemovalsFileError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(
      `${file} could not be read (${detail}). It lists reports removed from this data dir; starting without it would show them again. Restore it from a backup, or move it away deliberately.`,
    );
    this.name = 'RemovalsFileError';
  }
}

interface RemovalsFile {
  version: 1;
  removed: RemovalRecord[];
}

/** Read the removals of a data dir (none when the file is missing). Never moves or rewrites the file. */
export async function loadRemovals(dataDir: string): Promise<RemovalRecord[]> {
  const file = path.join(dataDir, REMOVALS_FILE);
  const read = await readJsonFile<RemovalsFile>(file, new Date(), { moveAsideCorrupt: false });
  if (read.status === 'missing') return [];
  if (read.status === 'corrupt') throw new RemovalsFileError(file, read.error);
  if (!Array.isArray(read.value?.removed)) throw new RemovalsFileError(file, 'no "removed" list');
  return read.value.removed.filter((r) => typeof r?.id === 'string');
}

/** Replace the removals file atomically (a crash leaves the old list or the new one, whole). */
export async function saveRemovals(dataDir: string, records: readonly RemovalRecord[]): Promise<void> {
  const body: RemovalsFile = { version: 1, removed: [...records] };
  await writeFileAtomic(path.join(dataDir, REMOVALS_FILE), `${JSON.stringify(body, null, 1)}\n`);
}
