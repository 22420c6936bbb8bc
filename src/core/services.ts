import type { PlaceDirectory } from '../extract/types.js';
import type { EventView, QueryEngine } from '../search/types.js';
import type { Reply } from './reply.js';

/**
 * The services commands use, defined here, below the features that provide them: the digest (src/digest/),
 * live feeds and watches (src/ingest/) and pictures (src/pictures/) implement these interfaces, and a command
 * sees only them. Tests pass their own implementations.
 *
 * The query engine's interface is in src/search/types.ts, beside the event and report types it returns: that
 * file holds types only, and imports nothing but the other type files.
 */
export type { QueryEngine };

// --- Digest --------------------------------------------------------------------------------------------------

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

// --- Live feeds and watches ----------------------------------------------------------------------------------

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

// --- Pictures ------------------------------------------------------------------------------------------------

/** The two pictures an answer can carry. */
export type PictureKind = 'map' | 'timeline';

/** A rendered picture: PNG bytes with the words that say the same thing. */
export interface PictureImage {
  kind: PictureKind;
  /** PNG bytes. */
  png: Uint8Array;
  /** Alt text: what the picture shows, in one or two sentences. */
  alt: string;
  /** File name for uploads and attachments, e.g. `map-al-bukamal.png`. */
  filename: string;
  width: number;
  height: number;
}

/** Language of labels: Arabic when the user asked in Arabic script. */
export type LabelLanguage = 'en' | 'ar';

/** What a picture is about, and the period it covers. */
export interface PictureScope {
  /** `place`: events in it ("in Deir ez-Zor"); `actor`: events naming it ("involving Hezbollah"). */
  subjectKind: 'place' | 'actor' | 'area';
  /** Display name, e.g. `Deir ez-Zor`, `Hezbollah`. */
  subject: string;
  /** Name shown in the picture's heading when labels are Arabic. */
  subjectArabic?: string;
  /** The `since:` filter, `YYYY-MM-DD`. */
  since?: string;
  /** Last day covered (inclusive); default the latest event's date. */
  until?: string;
  language: LabelLanguage;
  /**
   * Words for the period, used in headings and alt text instead of the ones worked out from the dates, e.g.
   * `reported on 23 Nov 2026` for the digest's map (whose events may be dated earlier than the day).
   */
  period?: string;
  /** File name part instead of the subject's slug, e.g. `digest-2026-11-23` gives `map-digest-2026-11-23.png`. */
  fileStem?: string;
}

/** What to draw: which pictures, of which events, about what. */
export interface PictureRequest {
  kinds: readonly PictureKind[];
  events: readonly EventView[];
  places: PlaceDirectory;
  scope: PictureScope;
}

/** The pictures drawn, and for each one that could not be, a sentence saying why. */
export interface PictureResult {
  images: PictureImage[];
  /** For the asker: `Nothing to draw: no incidents in Tartus since 1 Nov.` */
  notes: string[];
  /** Unexpected errors (bugs), for the caller to log; each also has a note. */
  failures: unknown[];
}

/** Draws maps and timelines. Commands get one through `Services.pictures`; tests pass their own. */
export interface PictureRenderer {
  draw(request: PictureRequest): PictureResult;
}
