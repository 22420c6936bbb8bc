import type { ChatAdapter } from '../../src/core/adapter.js';
import type { Reply } from '../../src/core/reply.js';
import type { ActorDirectory, Place, PlaceDirectory } from '../../src/extract/types.js';
import type { EventType } from '../../src/reports/types.js';
import type { EventView, QueryEngine } from '../../src/search/types.js';

/** A tiny gazetteer, enough to group events by governorate. */
const PLACES: Place[] = [
  { id: 'syria', name: 'Syria', kind: 'country', aliases: [], weight: 1 },
  {
    id: 'gov-deir-ez-zor',
    name: 'Deir ez-Zor',
    kind: 'governorate',
    parentId: 'syria',
    governorateId: 'gov-deir-ez-zor',
    aliases: [],
    weight: 1,
  },
  {
    id: 'dist-abu-kamal',
    name: 'Abu Kamal district',
    kind: 'district',
    parentId: 'gov-deir-ez-zor',
    governorateId: 'gov-deir-ez-zor',
    aliases: [],
    weight: 1,
  },
  {
    id: 'al-bukamal',
    name: 'Al-Bukamal',
    kind: 'town',
    parentId: 'dist-abu-kamal',
    governorateId: 'gov-deir-ez-zor',
    aliases: [],
    weight: 1,
  },
  {
    id: 'al-mayadin',
    name: 'Al-Mayadin',
    kind: 'town',
    parentId: 'gov-deir-ez-zor',
    governorateId: 'gov-deir-ez-zor',
    aliases: [],
    weight: 1,
  },
  {
    id: 'gov-aleppo',
    name: 'Aleppo',
    kind: 'governorate',
    parentId: 'syria',
    governorateId: 'gov-aleppo',
    aliases: [],
    weight: 1,
  },
  {
    id: 'manbij',
    name: 'Manbij',
    kind: 'town',
    parentId: 'gov-aleppo',
    governorateId: 'gov-aleppo',
    aliases: [],
    weight: 1,
  },
  {
    id: 'gov-homs',
    name: 'Homs',
    kind: 'governorate',
    parentId: 'syria',
    governorateId: 'gov-homs',
    aliases: [],
    weight: 1,
  },
  {
    id: 'palmyra',
    name: 'Palmyra',
    kind: 'town',
    parentId: 'gov-homs',
    governorateId: 'gov-homs',
    aliases: [],
    weight: 1,
  },
];

const ACTORS: Record<string, string> = {
  sdf: 'SDF',
  hezbollah: 'Hezbollah',
  irgc: 'IRGC',
  'syrian-army': 'Syrian Army',
  'islamic-state': 'Islamic State',
  civilians: 'Civilians',
};

function unused(name: string): never {
  throw new Error(`${name} is not used by the digest tests`);
}

/** A place directory over {@link PLACES}. */
export const places: PlaceDirectory = {
  get: (id) => PLACES.find((p) => p.id === id),
  lookup: () => unused('lookup'),
  suggest: () => unused('suggest'),
  complete: () => unused('complete'),
  findMentions: () => unused('findMentions'),
  descendants: () => unused('descendants'),
  ancestors: () => unused('ancestors'),
  label(id) {
    const p = PLACES.find((x) => x.id === id);
    const gov =
      p?.governorateId && p.governorateId !== p.id ? PLACES.find((x) => x.id === p.governorateId) : undefined;
    return p ? `${p.name}${gov ? ` (${gov.name})` : ''}` : id;
  },
  all: () => PLACES,
};

const actors: ActorDirectory = {
  get: () => undefined,
  lookup: () => [],
  suggest: () => [],
  complete: () => [],
  findMentions: () => [],
  related: () => [],
  all: () => [],
};

/** What a test event needs; the rest is filled in. */
export interface EventSpec {
  n: number;
  /** Report publication time, ISO. */
  published: string;
  /** Event date; defaults to the publication date. */
  date?: string;
  type?: EventType;
  sub?: string;
  places?: string[];
  actors?: string[];
  text?: string;
  /** Report id; defaults to one report per event. */
  report?: string;
}

/** Build an event view as the engine would. */
export function ev(spec: EventSpec): EventView {
  const reportId = spec.report ?? `r${spec.n}`;
  const placeIds = spec.places ?? ['al-bukamal'];
  const first = PLACES.find((p) => p.id === placeIds[0]);
  const gov = first?.governorateId ? PLACES.find((p) => p.id === first.governorateId) : undefined;
  return {
    id: `${reportId}#${spec.n}`,
    reportId,
    date: spec.date ?? spec.published.slice(0, 10),
    datePrecision: 1,
    eventType: spec.type ?? 'Explosions/Remote violence',
    subEventType: spec.sub ?? 'Air/drone strike',
    places: placeIds.map((id) => ({ id, name: PLACES.find((p) => p.id === id)?.name ?? id, precision: 1 })),
    actors: (spec.actors ?? ['hezbollah']).map((id) => ({ id, name: ACTORS[id] ?? id })),
    text: spec.text ?? `Test event number ${spec.n}: a drone hit a truck on the river road.`,
    report: {
      id: reportId,
      url: `https://news.example.test/${reportId}`,
      title: `Desk note ${reportId}`,
      source: 'Example Wire',
      published: spec.published,
    },
    ...(gov ? { governorate: { id: gov.id, name: gov.name } } : {}),
  };
}

/** A query engine over fixed events; only what the digest reads is implemented. */
export function createFakeEngine(events: EventView[]): QueryEngine & { events: EventView[] } {
  const inRange = (iso: string, from: string, to: string) => {
    const t = Date.parse(iso);
    return t >= Date.parse(from) && t < Date.parse(to);
  };
  return {
    events,
    places,
    actors,
    resolvePlace: () => unused('resolvePlace'),
    resolveActor: () => unused('resolveActor'),
    eventsForPlace: () => unused('eventsForPlace'),
    eventsForActor: () => unused('eventsForActor'),
    search: () => unused('search'),
    latest: () => unused('latest'),
    eventsPublishedBetween: (from, to) => events.filter((e) => inRange(e.report.published, from, to)),
    eventsDatedBetween: (from, to) => events.filter((e) => e.date >= from && e.date <= to),
    reportsPublishedBetween(from, to) {
      const seen = new Map<string, EventView['report']>();
      for (const e of events) if (inRange(e.report.published, from, to)) seen.set(e.report.id, e.report);
      return [...seen.values()].sort((a, b) => (a.published < b.published ? 1 : -1));
    },
    stats: () => ({ reports: 0, events: events.length, searchReady: true }),
    ingest: () => unused('ingest'),
    onAdded: () => () => {},
  };
}

/** A chat adapter that records posts; `fail` decides, per call, whether the platform refuses. */
export function createRecordingPoster(
  platform: 'slack' | 'discord',
  fail: (channelId: string, call: number) => Error | undefined = () => undefined,
): ChatAdapter & { posts: { channelId: string; reply: Reply }[]; calls: number } {
  const poster = {
    platform,
    posts: [] as { channelId: string; reply: Reply }[],
    calls: 0,
    start: async () => {},
    stop: async () => {},
    async post(channelId: string, reply: Reply) {
      poster.calls++;
      const error = fail(channelId, poster.calls);
      if (error) throw error;
      poster.posts.push({ channelId, reply });
    },
  };
  return poster;
}

/** Every event line's link across a set of messages. */
export function linksIn(replies: Reply[]): string[] {
  return replies.flatMap((r) =>
    r.sections.flatMap((s) => s.lines.map((l) => l.link?.url).filter((u): u is string => !!u)),
  );
}
