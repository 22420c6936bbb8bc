import { fileURLToPath } from 'node:url';
import type { Clock } from './core/clock.js';
import { DataDirBusyError, DataDirReadOnlyError, type LockFs, lockDataDir } from './core/dir-lock.js';
import type { Logger } from './core/logger.js';
import { loadActors } from './extract/actors.js';
import { DeskAliasesError, loadDeskAliases } from './extract/desk-aliases.js';
import { extractEvents } from './extract/extract-events.js';
import { loadGazetteer } from './extract/gazetteer.js';
import { ingestPaths } from './ingest/ingest-files.js';
import type { OpenLogFile } from './reports/store.js';
import { type Engine, openEngine } from './search/engine.js';
import { extractionFingerprint } from './search/fingerprint.js';

/** Folder of the bundled sample reports. */
export const SAMPLE_REPORTS_DIR = fileURLToPath(new URL('../index-data/reports/', import.meta.url));

/** Options for {@link openAppEngine}. */
export interface AppEngineOptions {
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** Fill an empty store from the bundled sample reports (the console's out-of-the-box index). */
  seedSample?: boolean;
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

/** Load reference data, open the store and index, and seed the sample when asked and the store is empty. */
export async function openAppEngine(options: AppEngineOptions): Promise<Engine> {
  // A desk's own names (DATA_DIR/aliases.json) join the reference data; changing them re-extracts.
  const bundledPlaces = loadGazetteer();
  const bundledActors = loadActors();
  const desk = await loadDeskAliases(options.dataDir, { places: bundledPlaces, actors: bundledActors });
  const places = desk.places.length ? loadGazetteer(undefined, { extraAliases: desk.places }) : bundledPlaces;
  const actors = desk.actors.length ? loadActors({ extraAliases: desk.actors }) : bundledActors;
  // One writer per data dir: throws DataDirBusyError when another live process has it.
  const lock = options.readOnly
    ? undefined
    : await lockDataDir(options.dataDir, {
        purpose: options.purpose ?? 'another process',
        now: options.clock.now(),
        ...(options.lockFs ? { fs: options.lockFs } : {}),
      });
  let engine: Engine;
  try {
    engine = await openEngine({
      ...(lock ? { lock } : { readOnly: true }),
      dataDir: options.dataDir,
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
  } catch (err) {
    await lock?.release();
    throw err;
  }
  if (options.seedSample && !options.readOnly && engine.stats().reports === 0) {
    const summary = await ingestPaths(engine, [SAMPLE_REPORTS_DIR]);
    options.logger.info('seeded the store with the bundled sample reports', {
      added: summary.added,
      rejected: summary.rejected.length,
    });
    await engine.searchReady.catch(() => {});
    await engine.saveIndex();
  }
  return engine;
}
