/** A report as it arrives from a file or feed, before validation. */
export interface ReportInput {
  /** Kept when given; otherwise derived from the canonical URL or the text. */
  id?: string;
  url: string;
  title: string;
  /** Date (`2024-09-17`) or date-time (`2024-09-17T08:00:00Z`). */
  published: string;
  source: string;
  body: string;
}

/** Where an input came from, for error messages (`file:line`). */
export interface InputOrigin {
  file: string;
  /** 1-based line in a line-oriented file. */
  line?: number;
  /** 1-based position in a JSON array. */
  item?: number;
}

/** `file:line`, `file[item]` or `file`, for messages. */
export function formatOrigin(o: InputOrigin): string {
  if (o.line !== undefined) return `${o.file}:${o.line}`;
  if (o.item !== undefined) return `${o.file}[${o.item}]`;
  return o.file;
}

/** A validated, normalised report. */
export interface Report {
  id: string;
  url: string;
  /** URL with tracking parameters, fragments, `www.` and trailing slashes removed; used for dedupe. */
  canonicalUrl: string;
  title: string;
  /** ISO 8601 date-time (UTC). Date-only inputs are taken as midday UTC. */
  published: string;
  source: string;
  body: string;
  /** Hash of the normalised title+body; used for dedupe. */
  textHash: string;
  /** ISO date-time when the bot stored it. */
  ingestedAt: string;
}

/** ACLED event types. */
export type EventType =
  | 'Battles'
  | 'Explosions/Remote violence'
  | 'Violence against civilians'
  | 'Protests'
  | 'Riots'
  | 'Strategic developments';

/** 1 = exact day, 2 = week known, 3 = month known (ACLED time precision). */
export type DatePrecision = 1 | 2 | 3;

/** 1 = the town or site itself, 2 = near a town / part of a district, 3 = a larger region. */
export type PlacePrecision = 1 | 2 | 3;

/** A place named in an event. */
export interface PlaceMention {
  id: string;
  name: string;
  precision: PlacePrecision;
}

/** An actor named in an event. */
export interface ActorMention {
  id: string;
  name: string;
}

/**
 * What an item is: `event`, a sentence with event wording (typed by ACLED's codebook); `mention`, a sentence
 * that names a place or actor without event wording (or a report's stand-in when nothing in it was
 * recognised), listed so that nothing a report says about a place or actor is lost.
 */
export type ItemKind = 'event' | 'mention';

/** One dated item extracted from a report (usually one sentence or clause): an event or a mention. */
export interface ConflictEvent {
  /** `<reportId>#<n>` */
  id: string;
  reportId: string;
  /** `event` or `mention`; items stored before mentions existed have no kind and are events. */
  kind?: ItemKind;
  /** `YYYY-MM-DD`; for precision 2/3 the first day of the week/month meant. */
  date: string;
  datePrecision: DatePrecision;
  /** Null for a mention. */
  eventType: EventType | null;
  /** Null for a mention. */
  subEventType: string | null;
  places: PlaceMention[];
  actors: ActorMention[];
  /** The sentence the event was read from, trimmed to a readable length. */
  text: string;
  /**
   * Only on a report's stand-in item (nothing in the report was recognised): the start of its body, so that
   * `/search` finds the report by the words of its body as well as its title.
   */
  searchText?: string;
}

/** A report together with the events extracted from it; what the store keeps. */
/** A stored report as loaded for indexing: everything but the body, which stays on disk. */
export type StoredReportHead = Omit<StoredReport, 'body'> & { body?: string };

export interface StoredReport extends Report {
  events: ConflictEvent[];
}
