import type { ChannelTarget } from '../digest/service.js';

/** Health of one configured feed, for `/sources`. */
export interface SourceStatus {
  url: string;
  name?: string;
  /** Poll interval in minutes. */
  intervalMinutes: number;
  lastPolledAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
  consecutiveFailures: number;
  /** Paused after repeated failures until this time (ISO). */
  pausedUntil?: string;
  reportsAdded: number;
  /** The feed's own title, from its last successful fetch. */
  title?: string;
  /** When the next scheduled poll is due (ISO), while the poller runs. */
  nextPollAt?: string;
  /** Items the feed listed for the first time in the last 24 hours (a silent feed shows 0). */
  itemsLast24h?: number;
  /** When the feed last listed an item not seen before (ISO). */
  lastNewItemAt?: string;
}

/** What `/sources` needs from live ingestion. */
export interface FeedService {
  list(): SourceStatus[];
}

/** A standing request to be told about new events for a place or actor. */
export interface Watch extends ChannelTarget {
  id: string;
  kind: 'place' | 'actor';
  entityId: string;
  label: string;
  createdBy?: string;
  createdAt: string;
}

/** What `/watch` needs. */
export interface WatchService {
  /** Most alerts one channel gets per hour, for the confirmation text. */
  readonly hourlyCap?: number;
  /**
   * Watch a place or actor (`place:`/`actor:` prefixes settle names that are both) in a channel. Returns
   * the existing watch when the channel already has it; throws a UserError with choices for unknown or
   * ambiguous names.
   */
  add(target: ChannelTarget, query: string, by?: string): Promise<Watch>;
  /** The channel's watches, oldest first. */
  list(target: ChannelTarget): Watch[];
  /** Remove a channel's watch by id, label or any name of its place or actor; undefined when none matches. */
  remove(target: ChannelTarget, idOrQuery: string): Promise<Watch | undefined>;
}
