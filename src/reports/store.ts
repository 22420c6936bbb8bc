import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from '../core/atomic-file.js';
import { UserError } from '../core/errors.js';
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
  /** Lines whose report id was already stored earlier in the log: the first copy is kept. */
  repeatedIds: { line: number; id: string }[];
  /** True when damaged or repeated lines were removed from the log (a copy is in the quarantine file). */
  rewritten: boolean;
}

/**
 * The part of an open log file that appending uses; a Node `FileHandle` opened for appending fits. Tests pass
 * handles that write short or fail.
 */
export interface LogFileHandle {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

/** Opens the log for appending (default: `fs.open(file, 'a')`). */
export type OpenLogFile = (file: string) => Promise<LogFileHandle>;

const openForAppend: OpenLogFile = async (file) => {
  const fh = await open(file, 'a');
  return {
    write: (buffer, offset, length) => fh.write(buffer, offset, length),
    datasync: () => fh.datasync(),
    truncate: (length) => fh.truncate(length),
    stat: () => fh.stat(),
    close: () => fh.close(),
  };
};

/**
 * A batch that could not be written in full. Nothing of it counts as stored: the log is cut back to its last
 * whole line, and reports stored before are untouched.
 */
export class StoreWriteError extends UserError {
  constructor(
    readonly reports: number,
    readonly reason: string,
    readonly error: unknown,
    readonly cutBack: boolean,
  ) {
    super(
      'store-write-failed',
      `${reason}: 0 of ${reports} report${reports === 1 ? '' : 's'} saved; ` +
        (cutBack
          ? 'nothing lost'
          : 'reports saved before are intact, and the partial write is cut off before the next one'),
    );
    this.name = 'StoreWriteError';
  }
}

/** The calm name of a write failure ("disk full"), from its errno code. */
export function describeWriteError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC') return 'disk full';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  if (code === 'EROFS') return 'the data directory is read-only';
  if (code === 'EACCES' || code === 'EPERM') return 'no permission to write the report log';
  if (code === 'EIO') return 'the disk reported an I/O error';
  if (code === 'short-write') return 'the disk accepted no more bytes';
  return `could not write the report log${code ? ` (${code})` : ''}`;
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

/**
 * One log line (without its newline): the report with its body as the last field, behind a checksum of the
 * rest of the line: `{"crc":"<crc32 hex>",...}`, where the checksum covers the line as it reads without the
 * `"crc":"…",` field. A bit flip that still leaves valid JSON is then caught like any damaged line.
 */
export function serializeReport(report: StoredReport): string {
  const { body, crc: _crc, ...head } = report as StoredReport & { crc?: unknown };
  return withChecksum(JSON.stringify({ ...head, body }));
}

const CRC_PREFIX = Buffer.from('{"crc":"');
/** Bytes of `{"crc":"xxxxxxxx",`. */
const CRC_FIELD_END = CRC_PREFIX.length + 10;
const OPEN_BRACE = Buffer.from('{');
const BRACE_CRC = crc32(OPEN_BRACE);

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** Put the checksum field in front of a serialised JSON object line (which must start with `{`). */
export function withChecksum(line: string): string {
  return `{"crc":"${hex8(crc32(line))}",${line.slice(1)}`;
}

/**
 * Check a line's checksum: `true` when it matches, `false` when it does not, `undefined` when the line has
 * none (written before checksums).
 */
function checksumMatches(line: Buffer): boolean | undefined {
  if (
    line.length < CRC_FIELD_END + 1 ||
    line.compare(CRC_PREFIX, 0, CRC_PREFIX.length, 0, CRC_PREFIX.length) !== 0
  )
    return undefined;
  if (line[CRC_FIELD_END - 2] !== QUOTE_CHAR || line[CRC_FIELD_END - 1] !== COMMA) return false;
  const stated = line.toString('latin1', CRC_PREFIX.length, CRC_PREFIX.length + 8);
  return stated === hex8(crc32(line.subarray(CRC_FIELD_END), BRACE_CRC));
}
const QUOTE_CHAR = 0x22;
const COMMA = 0x2c;

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

/** Options for {@link openReportStore}. */
export interface ReportStoreOptions {
  /** Read without creating, repairing or appending anything (another process owns the store). */
  readOnly?: boolean;
  /** How the log is opened for appending (tests inject handles that write short or fail). */
  openLog?: OpenLogFile;
}

/**
 * Open (creating if needed) the store in `dataDir`. With `readOnly` nothing is created or repaired: an
 * unfinished last line (perhaps being written by the process that owns the store) and damaged lines are
 * skipped, and `append` refuses.
 */
export async function openReportStore(
  dataDir: string,
  logger: Logger,
  options: ReportStoreOptions = {},
): Promise<ReportStore> {
  const readOnly = options.readOnly ?? false;
  const openLog = options.openLog ?? openForAppend;
  if (!readOnly) await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'reports.jsonl');
  const quarantine = path.join(dataDir, 'reports.quarantine.jsonl');
  let handle: LogFileHandle | undefined;
  /** End of the last whole line: everything before it is acknowledged, nothing after it is. */
  let size = 0;
  /** A failed append may have left bytes past `size`; they are cut off before the next append. */
  let needsCut = false;
  let writing: Promise<unknown> = Promise.resolve();

  async function ensureHandle(): Promise<LogFileHandle> {
    if (!handle) {
      handle = await openLog(file);
      size = (await handle.stat()).size;
    }
    return handle;
  }

  /** Parse a line into a report head, or throw when it is damaged. */
  function parseLine(buf: Buffer, bodies: boolean): StoredReportHead {
    const sum = checksumMatches(buf);
    if (sum === false) throw new Error('checksum mismatch');
    const parsed = JSON.parse(lineText(buf, bodies)) as StoredReportHead & { crc?: string };
    if (typeof parsed?.id !== 'string' || !Array.isArray(parsed.events))
      throw new Error('not a stored report');
    if (sum) delete parsed.crc;
    return parsed;
  }

  return {
    file,
    async load(onReport, options = {}) {
      const bodies = options.bodies ?? false;
      const result: StoreLoadResult = {
        reports: 0,
        damagedLines: [],
        truncatedBytes: 0,
        bytes: 0,
        repeatedIds: [],
        rewritten: false,
      };
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
      /** Bytes of damaged or repeated lines so far: they leave the log, so later offsets move down by this. */
      let removed = 0;
      const quarantined: string[] = [];
      /** Line numbers (1-based) to leave out when the log is rewritten. */
      const dropLines = new Set<number>();
      const ids = new Set<string>();
      const deliver = (parsed: StoredReportHead, start: number, line: number): boolean => {
        if (ids.has(parsed.id)) {
          result.repeatedIds.push({ line, id: parsed.id });
          return false;
        }
        ids.add(parsed.id);
        onReport(parsed, readOnly ? start : start - removed);
        result.reports++;
        return true;
      };
      const handleLine = (buf: Buffer, start: number) => {
        lineNo++;
        if (buf.length === 0) return;
        let parsed: StoredReportHead;
        try {
          parsed = parseLine(buf, bodies);
        } catch {
          result.damagedLines.push(lineNo);
          quarantined.push(buf.toString('utf8'));
          dropLines.add(lineNo);
          removed += buf.length + 1;
          return;
        }
        if (!deliver(parsed, start, lineNo)) {
          quarantined.push(buf.toString('utf8'));
          dropLines.add(lineNo);
          removed += buf.length + 1;
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
        const tail = Buffer.concat(pending, pendingLen);
        let complete = false;
        try {
          const parsed = parseLine(tail, true);
          complete = true;
          lineNo++;
          if (!deliver(parsed, goodEnd, lineNo)) {
            // A repeat of a stored report: nothing new in it.
            complete = false;
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
      if (result.repeatedIds.length) {
        logger.warn('report store: a report id was stored more than once; the first copy is kept', {
          file,
          repeats: result.repeatedIds.slice(0, 20),
          total: result.repeatedIds.length,
        });
      }
      if (quarantined.length && readOnly) {
        logger.warn('report store: damaged lines skipped (read-only, not quarantined)', {
          file,
          lines: result.damagedLines.slice(0, 20),
        });
      } else if (quarantined.length) {
        // Copied once, then removed from the log, so the next start neither copies them again nor rebuilds.
        await appendFile(quarantine, `${quarantined.join('\n')}\n`);
        goodEnd = await rewriteWithout(file, dropLines, goodEnd);
        result.rewritten = true;
        logger.warn('report store: damaged or repeated lines moved to quarantine and removed from the log', {
          file,
          quarantine,
          lines: result.damagedLines.slice(0, 20),
          repeated: result.repeatedIds.length,
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
      const payload = Buffer.from(`${lines.join('\n')}\n`);
      const next = writing.then(async () => {
        let fh: LogFileHandle;
        try {
          fh = await ensureHandle();
          if (needsCut) {
            await fh.truncate(size);
            needsCut = false;
          }
        } catch (err) {
          throw new StoreWriteError(reports.length, describeWriteError(err), err, !needsCut);
        }
        try {
          // A write may take fewer bytes than offered (a nearly full disk): keep writing the rest, and fail
          // the batch when the disk takes nothing more.
          let done = 0;
          while (done < payload.length) {
            const { bytesWritten } = await fh.write(payload, done, payload.length - done);
            if (bytesWritten <= 0)
              throw Object.assign(new Error('the write accepted no bytes'), { code: 'short-write' });
            done += bytesWritten;
          }
          await fh.datasync();
        } catch (err) {
          // Cut the log back to its last whole line, so the next batch does not continue a partial one.
          let cutBack = true;
          try {
            await fh.truncate(size);
            await fh.datasync();
          } catch (cutErr) {
            cutBack = false;
            needsCut = true;
            logger.error('report store: could not cut off a failed write; will retry before the next', {
              file,
              err: cutErr,
            });
          }
          throw new StoreWriteError(reports.length, describeWriteError(err), err, cutBack);
        }
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
            // Lines that do not parse or fail their checksum were quarantined at load; they are not carried
            // over. Kept lines are copied byte for byte, so their checksums (or their lack of one, for lines
            // written before checksums) stay as they were.
            if (typeof id !== 'string' || checksumMatches(line) === false || !keep(id)) return undefined;
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
        // The new log holds whole lines only: nothing of a failed append is left to cut.
        needsCut = false;
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

/**
 * Rewrite the log without the given lines (1-based), atomically; the kept lines stay byte for byte, so the
 * offsets handed out while loading (shifted down past each dropped line) hold. Returns the new length.
 */
async function rewriteWithout(file: string, drop: ReadonlySet<number>, end: number): Promise<number> {
  let length = 0;
  async function* kept(): AsyncIterable<string> {
    let lineNo = 0;
    let pending = '';
    const stream = createReadStream(file, { end: end - 1, encoding: 'utf8', highWaterMark: 1 << 20 });
    for await (const chunk of stream as AsyncIterable<string>) {
      const parts = (pending + chunk).split('\n');
      pending = parts.pop()!;
      const out: string[] = [];
      for (const line of parts) {
        lineNo++;
        if (drop.has(lineNo)) continue;
        out.push(line);
      }
      if (out.length) {
        const text = `${out.join('\n')}\n`;
        length += Buffer.byteLength(text);
        yield text;
      }
    }
  }
  if (end === 0) return 0;
  await writeFileAtomic(file, kept());
  return length;
}
