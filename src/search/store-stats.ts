import type { QueryEngine } from './types.js';

/** What a data dir holds, for `cli stats`. Field names are a contract of `stats --json`. */
export interface StoreStats {
  reports: number;
  /** Typed events and untyped mentions. */
  events: number;
  mentions: number;
  /** Earliest and latest event dates, and the publication span of the reports. */
  firstEventDate?: string;
  lastEventDate?: string;
  firstPublished?: string;
  lastPublished?: string;
  /** Reports per source, most first, with each source's newest publication. */
  sources: { name: string; reports: number; lastPublished: string }[];
  topPlaces: { name: string; items: number }[];
  topActors: { name: string; items: number }[];
  /** Reports removed from this data dir (`cli remove`). */
  removed: number;
}

const ALL_FROM = '0000-01-01T00:00:00Z';
const ALL_TO = '9999-12-31T00:00:00Z';

const top = (counts: Map<string, number>, n: number) =>
  [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([name, items]) => ({ name, items }));

/** Count what the engine holds: every item once, every report once. */
export function computeStoreStats(engine: QueryEngine, removed: number, topN = 10): StoreStats {
  const items = engine.eventsDatedBetween('0000-01-01', '9999-12-31');
  const counts = engine.countEvents?.(items);
  const places = new Map<string, number>();
  const actors = new Map<string, number>();
  let mentions = 0;
  if (counts) {
    for (const [k, v] of counts.places) places.set(k, v);
    for (const [k, v] of counts.actors) actors.set(k, v);
    mentions = counts.mentions;
  } else {
    for (const e of items) {
      if (e.eventType === null) mentions++;
      for (const p of new Set(e.places.map((x) => x.name))) places.set(p, (places.get(p) ?? 0) + 1);
      for (const a of new Set(e.actors.map((x) => x.name))) actors.set(a, (actors.get(a) ?? 0) + 1);
    }
  }
  const reports = engine.reportsPublishedBetween(ALL_FROM, ALL_TO);
  const bySource = new Map<string, { reports: number; lastPublished: string }>();
  for (const r of reports) {
    const s = bySource.get(r.source);
    if (!s) bySource.set(r.source, { reports: 1, lastPublished: r.published });
    else {
      s.reports++;
      if (r.published > s.lastPublished) s.lastPublished = r.published;
    }
  }
  const dates = items.length ? { first: items[items.length - 1]!.date, last: items[0]!.date } : undefined;
  return {
    reports: engine.stats().reports,
    events: items.length - mentions,
    mentions,
    ...(dates ? { firstEventDate: dates.first, lastEventDate: dates.last } : {}),
    ...(reports.length
      ? { firstPublished: reports[reports.length - 1]!.published, lastPublished: reports[0]!.published }
      : {}),
    sources: [...bySource.entries()]
      .map(([name, s]) => ({ name, ...s }))
      .sort((a, b) => b.reports - a.reports || (a.name < b.name ? -1 : 1)),
    topPlaces: top(places, topN),
    topActors: top(actors, topN),
    removed,
  };
}

/** Stats as terminal text. Pure. */
export function renderStoreStats(s: StoreStats, dataDir: string): string {
  const lines = [`${dataDir}`];
  lines.push(
    `  ${s.reports} reports, ${s.events} events, ${s.mentions} mentions${s.removed ? `; ${s.removed} reports removed` : ''}`,
  );
  if (s.firstEventDate) lines.push(`  events dated ${s.firstEventDate} to ${s.lastEventDate}`);
  if (s.firstPublished)
    lines.push(`  reports published ${s.firstPublished.slice(0, 10)} to ${s.lastPublished!.slice(0, 10)}`);
  const list = (title: string, rows: string[]) => {
    if (!rows.length) return;
    lines.push('', `${title}:`, ...rows.map((r) => `  ${r}`));
  };
  list(
    `Sources (${s.sources.length})`,
    s.sources.map(
      (x) =>
        `${x.name}: ${x.reports} report${x.reports === 1 ? '' : 's'}, newest ${x.lastPublished.slice(0, 10)}`,
    ),
  );
  list(
    'Top places',
    s.topPlaces.map((x) => `${x.name} (${x.items})`),
  );
  list(
    'Top actors',
    s.topActors.map((x) => `${x.name} (${x.items})`),
  );
  return lines.join('\n');
}
