import type { Clock } from '../../../src/core/clock.js';
import type { InputOrigin, Report, ReportInput } from '../../../src/reports/types.js';
import { validateReport } from '../../../src/reports/validate.js';
import type { IngestSummary, QueryEngine } from '../../../src/search/types.js';

/** A stand-in for the engine's `ingest`: real validation, dedupe by id, canonical URL and text, no index. */
export interface RecordingEngine extends Pick<QueryEngine, 'ingest'> {
  /** Every input passed to `ingest`, in call order. */
  inputs: ReportInput[];
  /** Reports accepted. */
  reports: Report[];
  /** Make the next `ingest` call throw (a full disk, say). */
  failNext(error: Error): void;
}

/** Build a {@link RecordingEngine}. */
export function createRecordingEngine(clock: Clock): RecordingEngine {
  const inputs: ReportInput[] = [];
  const reports: Report[] = [];
  let failure: Error | undefined;
  return {
    inputs,
    reports,
    failNext(error) {
      failure = error;
    },
    async ingest(batch: { input: ReportInput; origin: InputOrigin }[]): Promise<IngestSummary> {
      if (failure) {
        const err = failure;
        failure = undefined;
        throw err;
      }
      const summary: IngestSummary = {
        read: batch.length,
        added: 0,
        duplicates: 0,
        nothingFound: 0,
        capped: [],
        rejected: [],
        addedIds: [],
      };
      for (const { input, origin } of batch) {
        inputs.push(input);
        const v = validateReport(input, clock.now());
        if (!v.ok) {
          summary.rejected.push({ origin, reason: v.reason });
          continue;
        }
        const r = v.report;
        if (
          reports.some((x) => x.id === r.id || x.canonicalUrl === r.canonicalUrl || x.textHash === r.textHash)
        ) {
          summary.duplicates++;
          continue;
        }
        reports.push(r);
        summary.added++;
        summary.addedIds.push(r.id);
      }
      return summary;
    },
  };
}
