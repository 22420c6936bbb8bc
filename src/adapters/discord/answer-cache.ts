import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { DispatchRequest } from '../../core/dispatch.js';
import type { ReplyChoice } from '../../core/reply.js';

/** What a button on an answer needs to act: the request to re-run for another page, and the offered choices. */
export interface AnswerSession {
  /** The command as first asked; absent for posted messages that only offer choices. */
  request?: DispatchRequest;
  choices: ReplyChoice[];
}

/** A small in-memory LRU of answers that carry buttons, keyed by a short random id. */
export interface AnswerCache {
  /** Store a session and return its key (8 URL-safe characters). */
  put(session: AnswerSession): string;
  /** The session, or undefined when it was evicted or has expired. Refreshes its place in the LRU. */
  get(key: string): AnswerSession | undefined;
  readonly size: number;
}

/** Options of {@link createAnswerCache}. */
export interface AnswerCacheOptions {
  /** Most sessions kept; the least recently used goes first. */
  max: number;
  /** How long a session stays usable after it was stored. */
  ttlMs: number;
  clock: Clock;
}

/**
 * Create the cache. Buttons outlive the process (they stay on old messages), so a miss is normal and the
 * adapter answers it with "this answer has expired".
 */
export function createAnswerCache(options: AnswerCacheOptions): AnswerCache {
  const entries = new Map<string, { session: AnswerSession; storedAt: number }>();
  return {
    put(session) {
      let key = randomBytes(6).toString('base64url');
      while (entries.has(key)) key = randomBytes(6).toString('base64url');
      entries.set(key, { session, storedAt: options.clock.now().getTime() });
      while (entries.size > options.max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return key;
    },
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (options.clock.now().getTime() - entry.storedAt > options.ttlMs) return undefined;
      entries.set(key, entry);
      return entry.session;
    },
    get size() {
      return entries.size;
    },
  };
}
