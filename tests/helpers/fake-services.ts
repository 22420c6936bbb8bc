import type { Services } from '../../src/core/command.js';
import type { Actor, ActorDirectory, Place, PlaceDirectory } from '../../src/extract/types.js';
import type { ConflictEvent, EventType } from '../../src/reports/types.js';
import type { EngineStats, EventFilter, EventView, QueryEngine, Resolution } from '../../src/search/types.js';

/**
 * Small, platform-neutral fakes of the services commands use, for adapter tests (Slack, Discord, console).
 * Behaviour is deliberately simple (exact, case-insensitive name matching; substring search).
 */

/** Options of {@link createFakeEngine}. */
export interface FakeEngineOptions {
  places?: Place[];
  actors?: Actor[];
  events?: EventView[];
  /** Make these engine methods throw this error (to test how adapters answer internal errors). */
  throwing?: Partial<Record<keyof QueryEngine, Error>>;
}

/** A fake engine plus the names of the methods called, in order. */
export type FakeEngine = QueryEngine & { calls: string[]; events: EventView[] };

/** Build a place with defaults. */
export function fakePlace(id: string, name: string, extra: Partial<Place> = {}): Place {
  return { id, name, kind: 'town', aliases: [], weight: 1, ...extra };
}

/** Build an actor with defaults. */
export function fakeActor(id: string, name: string, extra: Partial<Actor> = {}): Actor {
  return { id, name, kind: 'militia', aliases: [], related: [], ...extra };
}

let eventSeq = 0;

/** Build an event view with defaults; every field can be overridden. */
export function fakeEvent(
  extra: Partial<Omit<EventView, 'report'>> & { report?: Partial<EventView['report']> } = {},
): EventView {
  eventSeq++;
  const reportId = extra.reportId ?? `r${eventSeq}`;
  const base: ConflictEvent = {
    id: `${reportId}#1`,
    reportId,
    date: '2024-09-17',
    datePrecision: 1,
    eventType: 'Strategic developments' as EventType,
    subEventType: 'Other',
    places: [],
    actors: [],
    text: `Test event number ${eventSeq}.`,
  };
  const { report, ...rest } = extra;
  return {
    ...base,
    ...rest,
    report: {
      id: reportId,
      url: `https://example.org/reports/${reportId}`,
      title: `Test report ${reportId}`,
      source: 'Example Monitor',
      published: '2024-09-17T12:00:00Z',
      ...report,
    },
  };
}

const norm = (s: string) => s.trim().toLowerCase();

function namesOf(entity: { name: string; aliases: string[] }): string[] {
  return [entity.name, ...entity.aliases].map(norm);
}

function placeDirectory(places: Place[]): PlaceDirectory {
  const byId = new Map(places.map((p) => [p.id, p]));
  return {
    get: (id) => byId.get(id),
    lookup: (q) => places.filter((p) => namesOf(p).includes(norm(q))),
    suggest: (q, limit) =>
      places.filter((p) => namesOf(p).some((n) => n.startsWith(norm(q).slice(0, 3)))).slice(0, limit),
    complete: (prefix, limit) =>
      places.filter((p) => namesOf(p).some((n) => n.startsWith(norm(prefix)))).slice(0, limit),
    findMentions: () => [],
    descendants: (id) => [id, ...places.filter((p) => p.parentId === id).map((p) => p.id)],
    ancestors: (id) => {
      const out: Place[] = [];
      for (let p = byId.get(byId.get(id)?.parentId ?? ''); p; p = byId.get(p.parentId ?? '')) out.push(p);
      return out;
    },
    label: (id) => byId.get(id)?.name ?? id,
    all: () => places,
  };
}

function actorDirectory(actors: Actor[]): ActorDirectory {
  const byId = new Map(actors.map((a) => [a.id, a]));
  return {
    get: (id) => byId.get(id),
    lookup: (q) => actors.filter((a) => namesOf(a).includes(norm(q))),
    suggest: (q, limit) =>
      actors.filter((a) => namesOf(a).some((n) => n.startsWith(norm(q).slice(0, 3)))).slice(0, limit),
    complete: (prefix, limit) =>
      actors.filter((a) => namesOf(a).some((n) => n.startsWith(norm(prefix)))).slice(0, limit),
    findMentions: () => [],
    related: (id) => actors.filter((a) => a.parentId === id || byId.get(id)?.related.includes(a.id)),
    all: () => actors,
  };
}

function resolve<T>(found: T[], suggest: () => T[]): Resolution<T> {
  if (found.length === 1) return { status: 'found', entity: found[0]! };
  if (found.length > 1) return { status: 'ambiguous', options: found };
  return { status: 'unknown', suggestions: suggest() };
}

function applyFilter(events: EventView[], filter: EventFilter = {}): EventView[] {
  return events.filter(
    (e) =>
      (!filter.since || e.date >= filter.since) &&
      (!filter.until || e.date <= filter.until) &&
      (!filter.types?.length || (e.eventType !== null && filter.types.includes(e.eventType))),
  );
}

const newestFirst = (a: EventView, b: EventView) =>
  b.date.localeCompare(a.date) || b.report.published.localeCompare(a.report.published);

/** A fake {@link QueryEngine} over in-memory places, actors and events. */
export function createFakeEngine(options: FakeEngineOptions = {}): FakeEngine {
  const places = placeDirectory(options.places ?? []);
  const actors = actorDirectory(options.actors ?? []);
  const events = [...(options.events ?? [])];
  const listeners = new Set<(events: EventView[]) => void>();
  const calls: string[] = [];
  const track = (name: keyof QueryEngine) => {
    calls.push(name);
    const err = options.throwing?.[name];
    if (err) throw err;
  };
  return {
    calls,
    events,
    places,
    actors,
    resolvePlace(q) {
      track('resolvePlace');
      return resolve(places.lookup(q), () => places.suggest(q, 3));
    },
    resolveActor(q) {
      track('resolveActor');
      return resolve(actors.lookup(q), () => actors.suggest(q, 3));
    },
    eventsForPlace(placeId, filter) {
      track('eventsForPlace');
      const ids = new Set(places.descendants(placeId));
      return applyFilter(events, filter)
        .filter((e) => e.places.some((p) => ids.has(p.id)))
        .sort(newestFirst);
    },
    eventsForActor(actorId, filter) {
      track('eventsForActor');
      return applyFilter(events, filter)
        .filter((e) => e.actors.some((a) => a.id === actorId))
        .sort(newestFirst);
    },
    search(query, filter) {
      track('search');
      const q = norm(query);
      return applyFilter(events, filter).filter((e) => norm(`${e.text} ${e.report.title}`).includes(q));
    },
    latest(limit) {
      track('latest');
      return [...events].sort(newestFirst).slice(0, limit);
    },
    eventsPublishedBetween(from, to) {
      track('eventsPublishedBetween');
      return events.filter((e) => e.report.published >= from && e.report.published < to);
    },
    eventsDatedBetween(from, to) {
      track('eventsDatedBetween');
      return events.filter((e) => e.date >= from && e.date <= to);
    },
    reportsPublishedBetween(from, to) {
      track('reportsPublishedBetween');
      const seen = new Map<string, EventView['report']>();
      for (const e of events)
        if (e.report.published >= from && e.report.published < to) seen.set(e.report.id, e.report);
      return [...seen.values()];
    },
    stats(): EngineStats {
      track('stats');
      const dates = events.map((e) => e.date).sort();
      return {
        reports: new Set(events.map((e) => e.reportId)).size,
        events: events.length,
        ...(dates.length ? { firstDate: dates[0]!, lastDate: dates[dates.length - 1]! } : {}),
        searchReady: true,
      };
    },
    async ingest(inputs) {
      track('ingest');
      return {
        read: inputs.length,
        added: 0,
        duplicates: 0,
        rejected: [],
        addedIds: [],
        nothingFound: 0,
        capped: [],
      };
    },
    onAdded(listener) {
      track('onAdded');
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Services for adapter tests: a fake engine plus any optional services given. */
export function createFakeServices(
  options: FakeEngineOptions & Omit<Partial<Services>, 'engine'> & { engine?: QueryEngine } = {},
): Services & { engine: QueryEngine } {
  const { digest, feeds, watches, engine, ...engineOptions } = options;
  return {
    engine: engine ?? createFakeEngine(engineOptions),
    ...(digest ? { digest } : {}),
    ...(feeds ? { feeds } : {}),
    ...(watches ? { watches } : {}),
  };
}
