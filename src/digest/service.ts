import type { Reply } from '../core/reply.js';

/** A channel the bot posts into. */
export interface ChannelTarget {
  platform: 'slack' | 'discord';
  channelId: string;
}

/** A channel's digest subscription. */
export interface DigestSubscription extends ChannelTarget {
  /** Local posting time, `HH:MM`. */
  time: string;
  /** IANA time zone, e.g. `Asia/Damascus`. */
  tz: string;
  /** Who subscribed it, and when (ISO). */
  createdBy?: string;
  createdAt: string;
  /** From environment configuration rather than a chat command. */
  fromConfig?: boolean;
}

/** What the `/digest` command needs from the digest feature. */
export interface DigestService {
  /** The digest for one local day as one or more messages (continuations are never silently dropped). */
  compose(options: { date?: string; tz?: string }): Promise<Reply[]>;
  subscribe(
    target: ChannelTarget,
    options: { time?: string; tz?: string; by?: string },
  ): Promise<DigestSubscription>;
  unsubscribe(target: ChannelTarget): Promise<boolean>;
  list(): DigestSubscription[];
  /**
   * The digest as one paged answer (for `/digest`, shown only to the asker): the headline on every page, then
   * events and new reports. Optional: without it the command joins the messages of {@link compose}.
   */
  show?(options: {
    date?: string;
    tz?: string;
    page: { offset: number; limit: number | null };
  }): Promise<Reply>;
}
