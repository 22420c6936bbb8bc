import type { Clock } from '../../core/clock.js';

/** Remembers ids seen recently, to drop a second delivery of the same request. */
export interface RecentIds {
  /** True when `id` was already seen within the window; otherwise records it and returns false. */
  seenBefore(id: string): boolean;
}

/** Options of {@link createRecentIds}. */
export interface RecentIdsOptions {
  /** How long an id is remembered. Default 10 minutes (Slack retries within a few minutes). */
  ttlMs?: number;
  /** Most ids kept; the oldest are forgotten first. Default 5,000. */
  max?: number;
}

/** An in-memory, bounded set of recently seen ids. */
export function createRecentIds(clock: Clock, options: RecentIdsOptions = {}): RecentIds {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const max = options.max ?? 5000;
  // A Map keeps insertion order, so the first entries are always the oldest.
  const seen = new Map<string, number>();
  return {
    seenBefore(id) {
      const now = clock.now().getTime();
      for (const [key, at] of seen) {
        if (now - at < ttlMs && seen.size < max) break;
        seen.delete(key);
      }
      const at = seen.get(id);
      if (at !== undefined && now - at < ttlMs) return true;
      seen.set(id, now);
      return false;
    },
  };
}
