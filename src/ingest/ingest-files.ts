import { stat } from 'node:fs/promises';
import { MAX_ITEMS_PER_REPORT } from '../extract/extract-events.js';
import { StoreWriteError } from '../reports/store.js';
import { formatOrigin, type InputOrigin, type ReportInput } from '../reports/types.js';
import { emptyIngestSummary, type IngestSummary, type QueryEngine } from '../search/types.js';
import { listInputFiles, type ReportDefaults, readInputFile } from './files.js';

/** Reports are handed to the engine in batches of this many (one fsync per batch). */
export const INGEST_BATCH = 500;

/** Progress callback: bytes done of bytes total. */
export type ProgressFn = (done: number, total: number) => void;

/**
 * Read files and folders and add their reports. Bad lines and files are counted as rejected with their
 * `file:line`; everything else still goes in.
 */
export async function ingestPaths(
  engine: Pick<QueryEngine, 'ingest'>,
  paths: string[],
  options: { onProgress?: ProgressFn; defaults?: ReportDefaults; details?: boolean } = {},
): Promise<IngestSummary> {
  const total = emptyIngestSummary(0, options.details);
  const { files, skipped, missing } = await listInputFiles(paths);
  for (const m of missing) total.rejected.push({ origin: { file: m }, reason: 'no such file or folder' });
  for (const s of skipped)
    total.rejected.push({
      origin: s,
      reason: 'unsupported file type (use .jsonl, .json, .md, .html or .txt)',
    });
  let totalBytes = 0;
  for (const f of files) totalBytes += (await stat(f)).size;
  let doneBytes = 0;
  let batch: { input: ReportInput; origin: InputOrigin }[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const s = await engine.ingest(batch, { details: options.details ?? false });
    total.nothingFound += s.nothingFound;
    total.capped.push(...s.capped);
    if (s.details) total.details?.push(...s.details);
    batch = [];
    total.read += s.read;
    total.added += s.added;
    total.duplicates += s.duplicates;
    if (s.removedBefore) total.removedBefore = (total.removedBefore ?? 0) + s.removedBefore;
    total.rejected.push(...s.rejected);
    total.addedIds.push(...s.addedIds);
  };
  try {
    await ingestFiles();
  } catch (err) {
    // Reports before the failed batch are stored; the batch and what follows are not, and are not counted.
    if (!(err instanceof StoreWriteError)) throw err;
    total.failed = err.message;
  }
  total.rejected.sort((a, b) =>
    formatOrigin(a.origin).localeCompare(formatOrigin(b.origin), 'en', { numeric: true }),
  );
  return total;

  async function ingestFiles(): Promise<void> {
    for (const file of files) {
      for await (const item of readInputFile(file, options.defaults)) {
        doneBytes += item.bytes;
        if (item.kind === 'error') {
          total.read++;
          total.rejected.push({ origin: item.origin, reason: item.reason });
        } else {
          batch.push({ input: item.input, origin: item.origin });
          if (batch.length >= INGEST_BATCH) await flush();
        }
        options.onProgress?.(Math.min(doneBytes, totalBytes), totalBytes);
      }
    }
    await flush();
    options.onProgress?.(totalBytes, totalBytes);
  }
}

/** The closing summary printed by `cli ingest`. */
export function renderIngestSummary(s: IngestSummary, maxRejected = 50): string {
  const lines = [
    `Read ${s.read}, added ${s.added}, duplicates ${s.duplicates}, rejected ${s.rejected.length}.`,
  ];
  if (s.removedBefore)
    lines.push(
      `${s.removedBefore} of the duplicates ${s.removedBefore === 1 ? 'was' : 'were'} removed earlier (npm run cli -- remove) and stay out.`,
    );
  if (s.added)
    lines.push(
      `${s.nothingFound} of the added reports gave no event and no mention (no known place or actor); /search still finds them by their words.`,
    );
  for (const c of s.capped)
    lines.push(
      `  ${formatOrigin(c.origin)}: report ${c.id} kept its first ${MAX_ITEMS_PER_REPORT} items only`,
    );
  for (const d of s.details ?? []) {
    lines.push(
      `  ${formatOrigin(d.origin)}: ${d.id} "${d.title}": ${d.items.length} item${d.items.length === 1 ? '' : 's'}`,
    );
    for (const it of d.items)
      lines.push(
        `    ${it.date} ${it.kind === 'mention' ? 'mention' : `${it.eventType}/${it.subEventType}`} [${it.places.map((p) => p.name).join(', ')}] [${it.actors.map((a) => a.name).join(', ')}] ${it.text}`,
      );
  }
  if (s.failed)
    lines.push(
      `Stopped early: ${s.failed}. The reports added before that are stored; run ingest again later.`,
    );
  for (const r of s.rejected.slice(0, maxRejected))
    lines.push(`  rejected ${formatOrigin(r.origin)}: ${r.reason}`);
  if (s.rejected.length > maxRejected) lines.push(`  … and ${s.rejected.length - maxRejected} more rejected`);
  return lines.join('\n');
}
