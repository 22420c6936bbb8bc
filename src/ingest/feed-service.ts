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
  add(target: ChannelTarget, query: string, by?: string): Promise<Watch>;
  list(target: ChannelTarget): Watch[];
  remove(target: ChannelTarget, idOrQuery: string): Promise<Watch | undefined>;
}
