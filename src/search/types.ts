import type { ActorDirectory, PlaceDirectory } from '../extract/types.js';
import type { ConflictEvent, EventType, InputOrigin, ReportInput } from '../reports/types.js';

/** An event joined with what a reader needs to cite it. */
export interface EventView extends ConflictEvent {
  report: { id: string; url: string; title: string; source: string; published: string };
  /** Governorate of the event's first place, when known. */
  governorate?: { id: string; name: string };
}

/** An event with an ACLED type (not a mention). */
export type TypedEventView = EventView & { eventType: EventType; subEventType: string };

/** True for a typed event, false for a mention. */
export function isTypedEvent(e: EventView): e is TypedEventView {
  return e.eventType !== null;
}

/** Counts behind an answer's summary: distinct reports, and events by type, actor and place. */
export interface SummaryCounts {
  reports: number;
  /** Typed events, and the reports they come from. */
  events: number;
  eventReports: number;
  /** Mentions (untyped items), and the reports that only mention (no event in this list). */
  mentions: number;
  mentionOnlyReports: number;
  /** Events by ACLED type; mentions are not counted here. */
  types: Map<string, number>;
  actors: Map<string, number>;
  places: Map<string, number>;
  /** Earliest and latest event dates (`YYYY-MM-DD`); absent for an empty list. */
  firstDate?: string;
  lastDate?: string;
}

/** Filters shared by place, actor and search queries. */
export interface EventFilter {
  /** Inclusive lower bound on the event date, `YYYY-MM-DD`. */
  since?: string;
  /** Inclusive upper bound on the event date, `YYYY-MM-DD`. */
  until?: string;
  /** Keep only these event types. */
  types?: EventType[];
}

/** What a name resolved to. */
export type Resolution<T> =
  /** `alsoMeans`: other readings of the same name, most plausible first (offered, not answered). */
  | { status: 'found'; entity: T; alsoMeans?: T[] }
  | { status: 'ambiguous'; options: T[] }
  | { status: 'unknown'; suggestions: T[] };

/** Counts for `/help` and health lines. */
export interface EngineStats {
  reports: number;
  events: number;
  /** Earliest and latest event dates. */
  firstDate?: string;
  lastDate?: string;
  /** False while the full-text index is still loading; place/actor answers work regardless. */
  searchReady: boolean;
}

/** Result of adding reports. */
export interface IngestSummary {
  read: number;
  added: number;
  duplicates: number;
  rejected: { origin: InputOrigin; reason: string }[];
  /** Ids of the reports added. */
  addedIds: string[];
  /** Added reports in which no place or actor was recognised (kept, and found by /search alone). */
  nothingFound: number;
  /** Added reports cut to the most items a report may give. */
  capped: { origin: InputOrigin; id: string }[];
  /** Of the duplicates, reports that were removed earlier (`cli remove`) and so stay out. */
  removedBefore?: number;
  /** With `details`: each added report's items. */
  details?: { id: string; title: string; origin: InputOrigin; items: ConflictEvent[] }[];
  /** Why ingesting stopped early (the report log could not be written); nothing after it was saved. */
  failed?: string;
}

/** An ingest summary with nothing counted yet (`details` collects each added report's items). */
export function emptyIngestSummary(read = 0, details = false): IngestSummary {
  return {
    read,
    added: 0,
    duplicates: 0,
    rejected: [],
    addedIds: [],
    nothingFound: 0,
    capped: [],
    ...(details ? { details: [] } : {}),
  };
}

/** Read and write access to the indexed reports; what commands, the digest and feeds use. */
export interface QueryEngine {
  readonly places: PlaceDirectory;
  readonly actors: ActorDirectory;
  resolvePlace(query: string): Resolution<import('../extract/types.js').Place>;
  resolveActor(query: string): Resolution<import('../extract/types.js').Actor>;
  /** Events at the place or anywhere inside it, newest first. */
  eventsForPlace(placeId: string, filter?: EventFilter): EventView[];
  /** Events naming the actor, newest first. */
  eventsForActor(actorId: string, filter?: EventFilter): EventView[];
  /** Events naming any of the actors (or their units), newest first, each once. */
  eventsForActors?(actorIds: string[], filter?: EventFilter): EventView[];
  /**
   * How many events name any of the actors (or their units) but not `exceptActorId`'s family, and the `limit`
   * newest of them, without listing them all.
   */
  newestForActors?(
    actorIds: string[],
    limit: number,
    filter?: EventFilter,
    exceptActorId?: string,
  ): { total: number; newest: EventView[] };
  /** Full-text search over event sentences and titles, best first. */
  search(query: string, filter?: EventFilter): EventView[];
  /** Most recent events, newest first (by event date, then publication). */
  latest(limit: number): EventView[];
  /** Events whose report was published in [fromIso, toIso). */
  eventsPublishedBetween(fromIso: string, toIso: string): EventView[];
  /** Events dated within [from, to] (`YYYY-MM-DD`, inclusive). */
  eventsDatedBetween(from: string, to: string): EventView[];
  /** Reports published in [fromIso, toIso). */
  reportsPublishedBetween(
    fromIso: string,
    toIso: string,
  ): { id: string; url: string; title: string; source: string; published: string }[];
  stats(): EngineStats;
  /** Validate, dedupe, extract, store durably and index; searchable when the promise resolves. */
  ingest(
    inputs: { input: ReportInput; origin: InputOrigin }[],
    options?: { details?: boolean },
  ): Promise<IngestSummary>;
  /**
   * Summary counts for a list this engine returned (from compact columns, fast for large answers);
   * undefined for lists it does not know, which callers count themselves.
   */
  countEvents?(events: readonly EventView[]): SummaryCounts | undefined;
  /** True for a search answer listed newest first because its words were too common to rank. */
  isNewestFirst?(events: readonly EventView[]): boolean;
  /** Subscribe to newly added reports (for watches); returns an unsubscribe function. */
  onAdded(listener: (events: EventView[]) => void): () => void;
}
