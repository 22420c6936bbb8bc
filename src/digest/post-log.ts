import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChannelTarget } from '../core/services.js';

/** File name of the post log inside the data dir. */
export const POST_LOG_FILE = 'digest-posts.jsonl';

/**
 * Stage of one scheduled digest. `posting` is the claim written before the first message goes out;
 * `posted`, `failed` (will be retried), `gave-up` and `interrupted` (the process stopped while posting)
 * are outcomes.
 */
export type PostStatus = 'posting' | 'posted' | 'failed' | 'gave-up' | 'interrupted';

/** One line of `digest-posts.jsonl`. */
export interface PostLogEntry {
  v: 1;
  status: PostStatus;
  platform: ChannelTarget['platform'];
  channel: string;
  /** Local day of the posting slot (`YYYY-MM-DD`); one digest per channel per `day`. */
  day: string;
  /** The day the digest covers. */
  digestDate: string;
  tz: string;
  /** When this line was written (ISO). */
  at: string;
  /** 1 for the first try, then one more per retry. */
  attempt: number;
  late?: boolean;
  /** `posted`: when the last message went out. */
  postedAt?: string;
  /** `posted`: every report the digest cited. */
  reportIds?: string[];
  /** `posting`: messages planned; `posted`: messages sent. */
  messages?: number;
  /** `failed`: messages confirmed sent so far, so a retry continues after them. */
  sentParts?: number;
  error?: string;
  /** `failed`: earliest time of the next try (ISO). */
  nextAttemptAt?: string;
}

/** What the log says about one (channel, day). */
export interface SlotState {
  status: PostStatus;
  /** Tries started (claims written). */
  attempts: number;
  /** Messages confirmed sent. */
  sentParts: number;
  nextAttemptAt?: string;
  lastError?: string;
  postedAt?: string;
  /** Whether the first try was already late; retries keep that mark. */
  late?: boolean;
}

/** Key of one (platform, channel, day). */
export function slotKey(platform: string, channel: string, day: string): string {
  return `${platform}:${channel}:${day}`;
}

const FINAL: ReadonlySet<PostStatus> = new Set(['posted', 'gave-up', 'interrupted']);

function applyEntry(states: Map<string, SlotState>, e: PostLogEntry): void {
  const key = slotKey(e.platform, e.channel, e.day);
  const prev = states.get(key);
  if (prev && FINAL.has(prev.status)) return;
  const next: SlotState = prev ? { ...prev } : { status: e.status, attempts: 0, sentParts: 0 };
  next.status = e.status;
  next.attempts = Math.max(next.attempts, e.attempt);
  if (next.late === undefined && e.late !== undefined) next.late = e.late;
  if (e.status === 'posted' && e.postedAt) next.postedAt = e.postedAt;
  if (e.status === 'failed') {
    next.sentParts = e.sentParts ?? next.sentParts;
    if (e.nextAttemptAt) next.nextAttemptAt = e.nextAttemptAt;
  }
  if (e.error) next.lastError = e.error;
  states.set(key, next);
}

/** Fold log lines, in order, into the state of each (channel, day). Outcomes that end a day stay final. */
export function reducePostLog(entries: readonly PostLogEntry[]): Map<string, SlotState> {
  const states = new Map<string, SlotState>();
  for (const e of entries) applyEntry(states, e);
  return states;
}

function isEntry(value: unknown): value is PostLogEntry {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.status === 'string' &&
    ['posting', 'posted', 'failed', 'gave-up', 'interrupted'].includes(v.status) &&
    (v.platform === 'slack' || v.platform === 'discord') &&
    typeof v.channel === 'string' &&
    typeof v.day === 'string' &&
    typeof v.attempt === 'number'
  );
}

/** Parse the log's text; lines that are not entries (a torn last line after a crash) are reported by number. */
export function parsePostLog(text: string): { entries: PostLogEntry[]; badLines: number[] } {
  const entries: PostLogEntry[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const value: unknown = JSON.parse(line);
      if (isEntry(value)) entries.push(value);
      else badLines.push(i + 1);
    } catch {
      badLines.push(i + 1);
    }
  });
  return { entries, badLines };
}

/** The append-only record of digest posts. */
export interface PostLog {
  /** Read the file (missing is empty). Returns the numbers of lines that could not be read. */
  load(): Promise<{ entries: number; badLines: number[] }>;
  state(target: ChannelTarget, day: string): SlotState | undefined;
  /** Every (channel, day) with its state. */
  states(): ReadonlyMap<string, SlotState>;
  entries(): readonly PostLogEntry[];
  /** Append one line and fsync it before resolving. Appends are written one at a time, in call order. */
  append(entry: PostLogEntry): Promise<void>;
}

/** Open the post log at `file` (usually `<dataDir>/digest-posts.jsonl`). */
export function createPostLog(file: string): PostLog {
  let all: PostLogEntry[] = [];
  let states = new Map<string, SlotState>();
  let needsNewline = false;
  let queue: Promise<void> = Promise.resolve();

  async function write(line: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const fh = await open(file, 'a');
    try {
      // A torn last line from a crash must not swallow the next entry.
      await fh.write(`${needsNewline ? '\n' : ''}${line}\n`);
      await fh.sync();
      needsNewline = false;
    } finally {
      await fh.close();
    }
  }

  return {
    async load() {
      let text = '';
      try {
        text = await readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      needsNewline = text.length > 0 && !text.endsWith('\n');
      const parsed = parsePostLog(text);
      all = parsed.entries;
      states = reducePostLog(all);
      return { entries: all.length, badLines: parsed.badLines };
    },
    state(target, day) {
      return states.get(slotKey(target.platform, target.channelId, day));
    },
    states: () => states,
    entries: () => all,
    append(entry) {
      const run = queue.then(async () => {
        await write(JSON.stringify(entry));
        all.push(entry);
        applyEntry(states, entry);
      });
      queue = run.catch(() => {});
      return run;
    },
  };
}
