import type { PictureScope } from '../core/services.js';
import type { PlaceDirectory } from '../extract/types.js';
import type { EventType } from '../reports/types.js';
import type { EventView } from '../search/types.js';
import { EVENT_TYPE_ORDER, TYPE_SHORT } from './palette.js';
import { formatAverage, shortDate } from './timeline.js';

export type { PictureScope } from '../core/services.js';

import type { LabelLanguage, MapLabel, MapPoint, MapSpec, TimelineBucket, TimelineSpec } from './types.js';

const DAY_MS = 86_400_000;
/** Longest span drawn by day; longer spans are drawn by week. */
const MAX_DAILY_SPAN = 31;
/** Most weeks drawn when no `since:` is given. */
const MAX_WEEKS = 52;

/** Only typed events are incidents; mentions are left out of both pictures (see decision 0006). */
function incidents(events: readonly EventView[]): (EventView & { eventType: EventType })[] {
  return events.filter((e): e is EventView & { eventType: EventType } => e.eventType !== null);
}

/** `Al-Bukamal (9) and Al-Mayadin (6)`, `A (3), B (2) and C (1)`. */
function listCounts(items: { name: string; count: number }[]): string {
  const parts = items.map((i) => `${i.name} (${i.count})`);
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
    : (parts[0] ?? '');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function subjectPhrase(scope: PictureScope): string {
  if (scope.subjectKind === 'actor') return `involving ${scope.subject}`;
  return `in ${scope.subject}`;
}

/** `since 1 Nov`, `on 4 Nov`, `from 3 Sep to 12 Nov 2024`. */
export function periodPhrase(scope: PictureScope, first: string, last: string): string {
  const years = new Set([first.slice(0, 4), last.slice(0, 4), scope.since?.slice(0, 4)].filter(Boolean));
  const withYear = years.size > 1;
  if (scope.since) return `since ${shortDate(scope.since, withYear || Boolean(scope.until))}`;
  if (first === last) return `on ${shortDate(first, true)}`;
  return `from ${shortDate(first, withYear)} to ${shortDate(last, true)}`;
}

/** The period in an empty picture's message: ` since 1 Nov 2026`, or the scope's own words. */
function emptyPeriod(scope: PictureScope): string {
  if (scope.period) return ` ${scope.period}`;
  return scope.since ? ` since ${shortDate(scope.since, true)}` : '';
}

/** File name part: `deir-ez-zor`, `hezbollah`. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return s || 'answer';
}

/**
 * Where to draw an event: every place it names that has coordinates, except a place that contains another
 * one named (an event in "Al-Mayadin, Deir ez-Zor" is drawn at Al-Mayadin only). An event naming two towns
 * counts at both, as in the answer's "Where" line.
 */
export function placesOf(e: EventView, places: PlaceDirectory): { id: string; lat: number; lon: number }[] {
  const found: { id: string; lat: number; lon: number }[] = [];
  for (const m of e.places) {
    const p = places.get(m.id);
    if (p?.lat === undefined || p.lon === undefined || found.some((f) => f.id === p.id)) continue;
    found.push({ id: p.id, lat: p.lat, lon: p.lon });
  }
  if (found.length < 2) return found;
  const containers = new Set<string>();
  for (const f of found) for (const a of places.ancestors(f.id)) containers.add(a.id);
  return found.filter((f) => !containers.has(f.id));
}

function dominantType(counts: Map<EventType, number>): EventType {
  let best: EventType = 'Battles';
  let n = -1;
  for (const t of EVENT_TYPE_ORDER) {
    const c = counts.get(t) ?? 0;
    if (c > n) {
      best = t;
      n = c;
    }
  }
  return best;
}

let governorateCache: { places: PlaceDirectory; labels: Record<LabelLanguage, MapLabel[]> } | undefined;

/** Governorate names at the gazetteer's governorate coordinates. */
export function governorateLabels(places: PlaceDirectory, language: LabelLanguage): MapLabel[] {
  if (governorateCache?.places !== places) {
    const govs = [...places.all()].filter(
      (p) => p.kind === 'governorate' && p.lat !== undefined && p.lon !== undefined,
    );
    governorateCache = {
      places,
      labels: {
        en: govs.map((p) => ({ label: p.name.toUpperCase(), lat: p.lat!, lon: p.lon! })),
        ar: govs.map((p) => ({ label: p.arabic ?? p.name.toUpperCase(), lat: p.lat!, lon: p.lon! })),
      },
    };
  }
  return governorateCache.labels[language];
}

/**
 * The map of a list of events: one point per place (each incident counted once, at its most precise place
 * with coordinates), sized by count and coloured by its most frequent type, and the alt text that says it
 * in words: `23 incidents in Deir ez-Zor since 1 Nov: most in Al-Bukamal (9) and Al-Mayadin (6)`.
 */
export function buildMapSpec(
  events: readonly EventView[],
  places: PlaceDirectory,
  scope: PictureScope,
): MapSpec {
  const typed = incidents(events);
  const byPlace = new Map<
    string,
    { lat: number; lon: number; count: number; types: Map<EventType, number> }
  >();
  let unplaced = 0;
  let first = '';
  let last = '';
  for (const e of typed) {
    if (!first || e.date < first) first = e.date;
    if (!last || e.date > last) last = e.date;
    const at = placesOf(e, places);
    if (!at.length) unplaced++;
    for (const a of at) {
      let entry = byPlace.get(a.id);
      if (!entry) {
        entry = { lat: a.lat, lon: a.lon, count: 0, types: new Map() };
        byPlace.set(a.id, entry);
      }
      entry.count++;
      entry.types.set(e.eventType, (entry.types.get(e.eventType) ?? 0) + 1);
    }
  }
  const points: MapPoint[] = [...byPlace].map(([id, v]) => {
    const p = places.get(id);
    const name = p?.name ?? id;
    return {
      id,
      label: scope.language === 'ar' && p?.arabic ? p.arabic : name,
      lat: v.lat,
      lon: v.lon,
      count: v.count,
      dominant: dominantType(v.types),
    };
  });
  points.sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  const heading = scope.language === 'ar' && scope.subjectArabic ? scope.subjectArabic : scope.subject;
  const file = `map-${scope.fileStem ?? slug(scope.subject)}.png`;
  const governorates = governorateLabels(places, scope.language);
  if (!typed.length) {
    const alt = `Nothing to draw: no incidents ${subjectPhrase(scope)}${emptyPeriod(scope)}.`;
    return { title: heading, points: [], governorates, language: scope.language, alt, filename: file };
  }
  const period = scope.period ?? periodPhrase(scope, first, last);
  let alt: string;
  if (!points.length) {
    alt = `Nothing to draw: none of the ${plural(typed.length, 'incident')} ${subjectPhrase(scope)} ${period} has a place with known coordinates.`;
  } else {
    const named = (id: string) => places.get(id)?.name ?? id;
    const top = points.slice(0, 3).filter((p, i) => i < 2 || p.count > 1);
    alt =
      points.length === 1
        ? `${plural(typed.length, 'incident')} ${subjectPhrase(scope)} ${period}: all in ${named(points[0]!.id)}`
        : `${plural(typed.length, 'incident')} ${subjectPhrase(scope)} ${period}: most in ${listCounts(top.map((p) => ({ name: named(p.id), count: p.count })))}`;
    alt += points.length > top.length ? `, ${plural(points.length, 'place')} in all.` : '.';
    if (unplaced)
      alt += ` ${plural(unplaced, 'incident')} without a mapped place ${unplaced === 1 ? 'is' : 'are'} not drawn.`;
  }
  return {
    title: `${heading} · ${plural(typed.length, 'incident')} ${period}`,
    points,
    governorates,
    language: scope.language,
    alt,
    filename: file,
  };
}

function toDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function dayMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** Monday on or before `day`. */
function mondayOf(day: string): string {
  const ms = dayMs(day);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7;
  return toDay(ms - weekday * DAY_MS);
}

/**
 * The timeline of a list of events: incidents per day (spans up to 31 days) or per week (Monday first;
 * at most the last 52 weeks when no `since:` is given), stacked by type, with the total and the average over
 * the period's last four weeks.
 */
export function buildTimelineSpec(events: readonly EventView[], scope: PictureScope): TimelineSpec {
  const typed = incidents(events);
  const heading = scope.language === 'ar' && scope.subjectArabic ? scope.subjectArabic : scope.subject;
  const file = `timeline-${scope.fileStem ?? slug(scope.subject)}.png`;
  if (!typed.length) {
    const alt = `Nothing to draw: no incidents ${subjectPhrase(scope)}${emptyPeriod(scope)}.`;
    return {
      title: heading,
      unit: 'day',
      buckets: [],
      total: 0,
      average4w: 0,
      averageLabel: '4-week average',
      language: scope.language,
      alt,
      filename: file,
    };
  }
  let last = scope.until ?? '';
  let latest = '';
  for (const e of typed) if (e.date > latest) latest = e.date;
  if (!last) last = latest;
  let start = scope.since;
  if (!start) {
    let earliest = latest;
    for (const e of typed) if (e.date < earliest) earliest = e.date;
    const floor = toDay(dayMs(mondayOf(last)) - (MAX_WEEKS - 1) * 7 * DAY_MS);
    start = earliest;
    if (floor > earliest) start = floor;
  }
  const spanDays = Math.round((dayMs(last) - dayMs(start)) / DAY_MS) + 1;
  const unit: 'day' | 'week' = spanDays <= MAX_DAILY_SPAN ? 'day' : 'week';
  const firstBucket = unit === 'day' ? start : mondayOf(start);
  const step = unit === 'day' ? DAY_MS : 7 * DAY_MS;
  const buckets: TimelineBucket[] = [];
  for (let ms = dayMs(firstBucket); ms <= dayMs(last); ms += step)
    buckets.push({ start: toDay(ms), counts: {}, total: 0 });
  const startMs = dayMs(firstBucket);
  let total = 0;
  let recent = 0;
  const windowDays = Math.min(28, spanDays);
  const recentFrom = dayMs(last) - (windowDays - 1) * DAY_MS;
  const byType = new Map<EventType, number>();
  for (const e of typed) {
    if (e.date < start || e.date > last) continue;
    const ms = dayMs(e.date);
    const b = buckets[Math.floor((ms - startMs) / step)];
    if (!b) continue;
    b.counts[e.eventType] = (b.counts[e.eventType] ?? 0) + 1;
    b.total++;
    total++;
    byType.set(e.eventType, (byType.get(e.eventType) ?? 0) + 1);
    if (ms >= recentFrom) recent++;
  }
  const average4w = unit === 'day' ? recent / windowDays : (recent / windowDays) * 7;
  // Over a period shorter than four weeks the average is over the whole period, and says so.
  const averageLabel = windowDays < 28 ? `${windowDays}-day average` : '4-week average';
  const per = unit === 'week' ? 'week' : 'day';
  const period =
    scope.period ??
    periodPhrase({ ...scope, since: start === scope.since ? start : undefined } as PictureScope, start, last);
  const busiest = buckets.reduce((a, b) => (b.total > a.total ? b : a), buckets[0]!);
  const mainType = dominantType(byType);
  const alt =
    total === 0
      ? `Nothing to draw: no incidents ${subjectPhrase(scope)} ${period}.`
      : `${plural(total, 'incident')} ${subjectPhrase(scope)} ${period}, by ${per}: busiest ${per === 'week' ? 'the week of' : 'day'} ${shortDate(busiest.start, true)} (${busiest.total}); ` +
        `${averageLabel} ${formatAverage(average4w)} a ${per}; mostly ${TYPE_SHORT[mainType].toLowerCase()} (${byType.get(mainType)}).`;
  return {
    title: `${heading} · incidents per ${per} ${period}`,
    unit,
    buckets,
    total,
    average4w,
    averageLabel,
    language: scope.language,
    alt,
    filename: file,
  };
}
