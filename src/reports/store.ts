import { createReadStream } from 'node:fs';
import { appendFile, type FileHandle, mkdir, open, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.js';
import type { Logger } from '../core/logger.js';
import type { StoredReport, StoredReportHead } from './types.js';

/** What loading the store found. */
export interface StoreLoadResult {
  reports: number;
  /** Lines that could not be read, moved to the quarantine file (line numbers in the log). */
  damagedLines: number[];
  /** Bytes of an unfinished last write that were cut off (a crash mid-append). */
  truncatedBytes: number;
  /** Size of the log after loading, in bytes. */
  bytes: number;
}

/**
 * Durable, append-only report log: `<dataDir>/reports.jsonl`, one stored report per line.
 *
 * Appends are a single write followed by fsync, so a crash or `kill -9` can leave at most one unfinished last
 * line, which the next load detects and cuts off (the report was never acknowledged as stored). Damaged lines
 * elsewhere are copied to `reports.quarantine.jsonl` and skipped, never silently dropped.
 *
 * Each line holds the report's body last (see {@link serializeReport}), so a load that does not need bodies
 * decodes and parses only the part before it (at 100k reports, about a third of the log is left undecoded).
 */
export interface ReportStore {
  readonly file: string;
  /**
   * Stream every stored report to `onReport`, repairing an unfinished tail. Bodies are left out unless
   * `bodies` is set (reports written before bodies went last come with theirs either way).
   */
  load(
    onReport: (report: StoredReportHead, byteOffset: number) => void,
    options?: { bodies?: boolean },
  ): Promise<StoreLoadResult>;
  /** Append reports durably; resolves after fsync with the byte offset of each report's line. */
  append(reports: readonly StoredReport[]): Promise<number[]>;
  /**
   * Rewrite the log keeping only the reports whose id `keep` accepts, atomically (temp file, fsync, rename),
   * so a crash leaves the old log or the new one whole. Resolves with each kept report's new byte offset.
   */
  rewrite(keep: (id: string) => boolean): Promise<Map<string, number>>;
  /** Current size of the log in bytes. */
  bytes(): number;
  close(): Promise<void>;
}

/** One log line (without its newline): the report with its body as the last field. */
export function serializeReport(report: StoredReport): string {
  const { body, ...head } = report;
  return JSON.stringify({ ...head, body });
}

const BODY_KEY = Buffer.from(',"body":"');
const QUOTE = 0x22;
const CLOSE_BRACE = 0x7d;

/**
 * The text of a line to parse: without the body when it is not wanted and the line ends with it. The key's
 * quotes cannot occur unescaped inside a JSON string, so the only `,"body":"` is the report's own field.
 */
function lineText(line: Buffer, bodies: boolean): string {
  if (
    !bodies &&
    line.length > 2 &&
    line[line.length - 1] === CLOSE_BRACE &&
    line[line.length - 2] === QUOTE
  ) {
    const at = line.lastIndexOf(BODY_KEY);
    if (at > 0) return `${line.toString('utf8', 0, at)}}`;
  }
  return line.toString('utf8');
}

/**
 * Open (creating if needed) the store in `dataDir`. With `readOnly` nothing is created or repaired: an
 * unfinished last line (perhaps being written by the process that owns the store) and damaged lines are
 * skipped, and `append` refuses.
 */
export async function openReportStore(
  dataDir: string,
  logger: Logger,
  options: { readOnly?: boolean } = {},
): Promise<ReportStore> {
  const readOnly = options.readOnly ?? false;
  if (!readOnly) await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'reports.jsonl');
  const quarantine = path.join(dataDir, 'reports.quarantine.jsonl');
  let handle: FileHandle | undefined;
  let size = 0;
  let writing: Promise<unknown> = Promise.resolve();

  async function ensureHandle(): Promise<FileHandle> {
    if (!handle) {
      handle = await open(file, 'a');
      size = (await handle.stat()).size;
    }
    return handle;
  }

  return {
    file,
    async load(onReport, options = {}) {
      const bodies = options.bodies ?? false;
      const result: StoreLoadResult = { reports: 0, damagedLines: [], truncatedBytes: 0, bytes: 0 };
      let exists = true;
      try {
        size = (await stat(file)).size;
      } catch {
        exists = false;
        size = 0;
      }
      if (!exists) return result;
      let offset = 0;
      let lineNo = 0;
      let pending: Buffer[] = [];
      let pendingLen = 0;
      let goodEnd = 0;
      const quarantined: string[] = [];
      const handleLine = (buf: Buffer, start: number) => {
        lineNo++;
        if (buf.length === 0) return;
        try {
          const parsed = JSON.parse(lineText(buf, bodies)) as StoredReportHead;
          if (typeof parsed?.id !== 'string' || !Array.isArray(parsed.events))
            throw new Error('not a stored report');
          onReport(parsed, start);
          result.reports++;
        } catch {
          result.damagedLines.push(lineNo);
          quarantined.push(buf.toString('utf8'));
        }
      };
      const stream = createReadStream(file, { highWaterMark: 1 << 20 });
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        let from = 0;
        for (let i = chunk.indexOf(10, from); i !== -1; i = chunk.indexOf(10, from)) {
          const piece = chunk.subarray(from, i);
          const line = pendingLen ? Buffer.concat([...pending, piece], pendingLen + piece.length) : piece;
          const start = offset;
          offset += line.length + 1;
          pending = [];
          pendingLen = 0;
          handleLine(line, start);
          goodEnd = offset;
          from = i + 1;
        }
        if (from < chunk.length) {
          const rest = chunk.subarray(from);
          pending.push(Buffer.from(rest));
          pendingLen += rest.length;
        }
      }
      if (pendingLen > 0 && readOnly) {
        // Not ours to repair: perhaps the owner is writing it right now.
        result.truncatedBytes = pendingLen;
      } else if (pendingLen > 0) {
        // An unfinished last line: the append that wrote it never completed, so it was never acknowledged.
        const tail = Buffer.concat(pending, pendingLen).toString('utf8');
        let complete = false;
        try {
          const parsed = JSON.parse(tail) as StoredReport;
          complete = typeof parsed?.id === 'string' && Array.isArray(parsed.events);
          if (complete) {
            onReport(parsed, goodEnd);
            result.reports++;
          }
        } catch {
          complete = false;
        }
        if (complete) {
          await appendFile(file, '\n');
          goodEnd += pendingLen + 1;
        } else {
          await truncate(file, goodEnd);
          result.truncatedBytes = pendingLen;
          logger.warn('report store: cut off an unfinished last write', { file, bytes: pendingLen });
        }
      }
      if (quarantined.length && readOnly) {
        logger.warn('report store: damaged lines skipped (read-only, not quarantined)', {
          file,
          lines: result.damagedLines.slice(0, 20),
        });
      } else if (quarantined.length) {
        await appendFile(quarantine, `${quarantined.join('\n')}\n`);
        logger.warn('report store: damaged lines skipped and copied to quarantine', {
          file,
          quarantine,
          lines: result.damagedLines.slice(0, 20),
        });
      }
      size = goodEnd;
      result.bytes = goodEnd;
      return result;
    },
    append(reports) {
      if (readOnly) return Promise.reject(new Error('the report store was opened read-only'));
      if (!reports.length) return writing.then(() => []);
      const lines = reports.map(serializeReport);
      const payload = `${lines.join('\n')}\n`;
      const next = writing.then(async () => {
        const fh = await ensureHandle();
        await fh.write(payload);
        await fh.datasync();
        const offsets: number[] = [];
        let at = size;
        for (const line of lines) {
          offsets.push(at);
          at += Buffer.byteLength(line) + 1;
        }
        size = at;
        return offsets;
      });
      writing = next.catch(() => {});
      return next;
    },
    rewrite(keep) {
      if (readOnly) return Promise.reject(new Error('the report store was opened read-only'));
      const next = writing.then(async () => {
        await handle?.close();
        handle = undefined;
        const offsets = new Map<string, number>();
        let at = 0;
        // Streamed, one kept line at a time: a large log is never held in memory whole.
        async function* kept(): AsyncIterable<string> {
          let exists = true;
          await stat(file).catch(() => {
            exists = false;
          });
          if (!exists) return;
          let pending = Buffer.alloc(0);
          const keepLine = (line: Buffer): string | undefined => {
            if (!line.length) return undefined;
            let id: unknown;
            try {
              id = (JSON.parse(lineText(line, false)) as { id?: unknown }).id;
            } catch {
              id = undefined;
            }
            // Lines that do not parse were quarantined at load; they are not carried over.
            if (typeof id !== 'string' || !keep(id)) return undefined;
            offsets.set(id, at);
            at += line.length + 1;
            return `${line.toString('utf8')}\n`;
          };
          for await (const chunk of createReadStream(file, {
            highWaterMark: 1 << 20,
          }) as AsyncIterable<Buffer>) {
            const data = pending.length ? Buffer.concat([pending, chunk]) : chunk;
            let from = 0;
            for (let i = data.indexOf(10, from); i !== -1; i = data.indexOf(10, from)) {
              const out = keepLine(data.subarray(from, i));
              if (out !== undefined) yield out;
              from = i + 1;
            }
            pending = Buffer.from(data.subarray(from));
          }
          const last = keepLine(pending);
          if (last !== undefined) yield last;
        }
        await writeFileAtomic(file, kept());
        size = at;
        return offsets;
      });
      writing = next.catch(() => {});
      return next;
    },
    bytes: () => size,
    async close() {
      await writing;
      await handle?.close();
      handle = undefined;
    },
  };
}
