import { type FileHandle, open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from './core/clock.js';
import { DataDirBusyError, DataDirReadOnlyError, type LockFs, lockDataDir } from './core/dir-lock.js';
import type { Logger } from './core/logger.js';
import { projectPath } from './core/paths.js';
import { loadActors } from './extract/actors.js';
import { DeskAliasesError, loadDeskAliases } from './extract/desk-aliases.js';
import { extractEvents } from './extract/extract-events.js';
import { loadGazetteer } from './extract/gazetteer.js';
import { openReferenceCache } from './extract/reference-cache.js';
import { ingestPaths } from './ingest/ingest-files.js';
import { loadRemovals, REMOVALS_FILE } from './reports/removals.js';
import type { OpenLogFile } from './reports/store.js';
import { type Engine, openEngine } from './search/engine.js';
import { extractionFingerprint } from './search/fingerprint.js';

/** Folder of the bundled sample reports. */
export const SAMPLE_REPORTS_DIR = `${projectPath('index-data', 'reports')}${path.sep}`;

/** Where the sample store lives inside a desk's data dir: apart from the desk's own log, under its lock. */
export const SAMPLE_SUBDIR = 'sample';

/** The first line of a console (or CLI answer) over the sample. */
export const SAMPLE_NOTICE =
  'Showing the bundled sample: illustrative reports, not real reporting. Your own reports replace it once you ingest some (npm run cli -- ingest <files>) or list feeds in FEEDS.';

/** Options for {@link openAppEngine}. */
export interface AppEngineOptions {
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /**
   * When the desk has no data of its own (nothing ingested, polled or removed), answer from the bundled sample
   * instead, kept in `DATA_DIR/sample/` and never in the desk's own log.
   */
  seedSample?: boolean;
  /**
   * Take out of the desk's own log any bundled sample reports an older version seeded into it (they are
   * recorded as removals, so they never come back there).
   */
  apartFromSample?: boolean;
  /** Wait for the full-text index before returning (CLI one-shots); the bot loads it in the background. */
  waitForSearch?: boolean;
  /** Searches matching more reports than this are listed newest first (tests lower it). */
  commonQueryReports?: number;
  /** What this process is, named to a second process that finds the data dir in use ("the bot", "cli ingest"). */
  purpose?: string;
  /** Read the data dir without taking its lock or writing anything (another process owns it). */
  readOnly?: boolean;
  /** How the report log is opened for appending (tests inject failing file handles). */
  openLog?: OpenLogFile;
  /** File operations for taking the lock (tests pass ones that fail like a read-only file system). */
  lockFs?: LockFs;
}

/**
 * The message for a data dir that cannot be opened (in use by another process, read-only, or a desk aliases
 * file that does not check), to print instead of a stack trace; undefined for any other error.
 */
export function explainDataDirError(err: unknown): string | undefined {
  if (
    err instanceof DataDirBusyError ||
    err instanceof DataDirReadOnlyError ||
    err instanceof DeskAliasesError
  )
    return err.message;
  return undefined;
}

/** An engine, and whether it is answering from the bundled sample rather than the desk's own reports. */
export type AppEngine = Engine & { readonly sample: boolean };

/** True for a report the bundled sample put in a store (its ids start `sample-`, its links go to example.org). */
export function isSampleReport(r: { id: string; url: string }): boolean {
  return r.id.startsWith('sample-') && /^https:\/\/example\.org\//.test(r.url);
}

/** True when the desk has data of its own in `dataDir`: a report log with something in it, or removals. */
export async function hasDeskData(dataDir: string): Promise<boolean> {
  const size = async (name: string) =>
    (await stat(path.join(dataDir, name)).catch(() => undefined))?.size ?? 0;
  return (await size('reports.jsonl')) > 0 || (await size(REMOVALS_FILE)) > 0;
}

/**
 * True when the desk's log begins with a bundled sample report: an older version seeded the sample into an
 * empty store first, so this one look at the first line finds a mixed store without reading the log (its
 * checksum field, when it has one, comes before the id).
 */
async function startsWithSample(dataDir: string): Promise<boolean> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(path.join(dataDir, 'reports.jsonl'), 'r');
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(256), 0, 256, 0);
    // Lines written since checksums start with their CRC field: `{"crc":"…","id":"sample-…`.
    return /^\{\s*(?:"crc"\s*:\s*"[0-9a-f]{8}"\s*,\s*)?"id"\s*:\s*"sample-/.test(
      buffer.toString('utf8', 0, bytesRead),
    );
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}

/**
 * Load reference data, open the store and index. With `seedSample` and no data of the desk's own, the engine
 * answers from the bundled sample (seeded into `DATA_DIR/sample/` on first use) and says so in `sample`.
 */
export async function openAppEngine(options: AppEngineOptions): Promise<AppEngine> {
  // What loading the reference data worked out last time (word folds, files that passed their schema).
  const cache = await openReferenceCache(path.join(options.dataDir, 'index'));
  // A desk's own names (DATA_DIR/aliases.json) join the reference data; changing them re-extracts.
  const bundledPlaces = loadGazetteer(undefined, { checks: cache.checks });
  const bundledActors = loadActors();
  const desk = await loadDeskAliases(options.dataDir, { places: bundledPlaces, actors: bundledActors });
  const places = desk.places.length
    ? loadGazetteer(undefined, { extraAliases: desk.places, checks: cache.checks })
    : bundledPlaces;
  const actors = desk.actors.length ? loadActors({ extraAliases: desk.actors }) : bundledActors;
  if (!options.readOnly) await cache.save();
  // One writer per data dir: throws DataDirBusyError when another live process has it.
  const lock = options.readOnly
    ? undefined
    : await lockDataDir(options.dataDir, {
        purpose: options.purpose ?? 'another process',
        now: options.clock.now(),
        ...(options.lockFs ? { fs: options.lockFs } : {}),
      });
  const openAt = (dataDir: string, withLock: boolean) =>
    openEngine({
      ...(withLock && lock ? { lock } : options.readOnly ? { readOnly: true } : {}),
      dataDir,
      places,
      actors,
      extract: (report) => extractEvents(report, { places, actors }),
      extractionFingerprint: extractionFingerprint(desk.hash),
      clock: options.clock,
      logger: options.logger,
      backgroundIndex: !options.waitForSearch,
      ...(options.openLog ? { openLog: options.openLog } : {}),
      ...(options.commonQueryReports !== undefined ? { commonQueryReports: options.commonQueryReports } : {}),
    });
  try {
    if (options.apartFromSample && !options.readOnly && (await startsWithSample(options.dataDir))) {
      const own = await openAt(options.dataDir, false);
      const mixedIn = own
        .findReports({ idPrefix: 'sample-' })
        .filter(isSampleReport)
        .map((r) => r.id);
      if (mixedIn.length) {
        await own.removeReports(mixedIn, "bundled sample report (kept apart from the desk's own reports)");
        options.logger.warn("moved the bundled sample out of the desk's own reports", {
          reports: mixedIn.length,
        });
      }
      const left = own.stats().reports;
      await own.close();
      // Only sample reports were there (an older version seeded them): the desk has no data of its own.
      if (left === 0 && mixedIn.length && (await loadRemovals(options.dataDir)).every(isSampleReport)) {
        await rm(path.join(options.dataDir, 'reports.jsonl'), { force: true });
        await rm(path.join(options.dataDir, REMOVALS_FILE), { force: true });
      }
    }
    if (options.seedSample && !(await hasDeskData(options.dataDir))) {
      const sampleDir = path.join(options.dataDir, SAMPLE_SUBDIR);
      const engine = await openAt(sampleDir, true);
      if (!options.readOnly && engine.stats().reports === 0) {
        const summary = await ingestPaths(engine, [SAMPLE_REPORTS_DIR]);
        options.logger.info('seeded the sample store with the bundled sample reports', {
          added: summary.added,
          rejected: summary.rejected.length,
        });
        await engine.searchReady.catch(() => {});
        await engine.saveIndex();
      }
      return Object.assign(engine, { sample: true });
    }
    return Object.assign(await openAt(options.dataDir, true), { sample: false });
  } catch (err) {
    await lock?.release();
    throw err;
  }
}
