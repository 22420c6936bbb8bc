import { DateTime } from 'luxon';
import type { CommandContext } from '../core/command.js';
import { UserError } from '../core/errors.js';
import type { ReplyLine, ReplyPaging } from '../core/reply.js';
import type { DatePrecision, ItemKind } from '../reports/types.js';
import type { EventView, SummaryCounts } from './types.js';

/** One item of the CLI's `--json` answer. Field names are a contract. */
export interface AskItem {
  reportId: string;
  url: string;
  title: string;
  source: string;
  published: string;
  date: string;
  datePrecision: DatePrecision;
  /** `event` (typed) or `mention` (names a place or actor without event wording). */
  kind: ItemKind;
  /** Null for a mention. */
  eventType: string | null;
  /** Null for a mention. */
  subEventType: string | null;
  places: string[];
  actors: string[];
  text: string;
}

/** The CLI's `--json` answer to one command. Field names are a contract. */
export interface AskResult {
  command: string;
  query: string;
  resolved: {
    kind: 'place' | 'actor';
    id: string;
    name: string;
    within: string[];
    /** Other readings of the name typed (the city beside the governorate, a namesake village). */
    alsoMeans?: { id: string; name: string; within: string[] }[];
  } | null;
  total: number;
  summary: string;
  items: AskItem[];
  suggestions: string[];
  /** Related items answered apart (the groups an actor backs), not part of `items` or `total`. */
  apart?: { label: string; actors: { id: string; name: string }[]; total: number; items: AskItem[] };
}

/** Default number of items in one chat answer. */
export const DEFAULT_PAGE_SIZE = 10;

/** An event as a JSON item. */
export function toAskItem(e: EventView): AskItem {
  return {
    reportId: e.report.id,
    url: e.report.url,
    title: e.report.title,
    source: e.report.source,
    published: e.report.published,
    date: e.date,
    datePrecision: e.datePrecision,
    kind: e.kind ?? 'event',
    eventType: e.eventType,
    subEventType: e.subEventType,
    places: e.places.map((p) => p.name),
    actors: e.actors.map((a) => a.name),
    text: e.text,
  };
}

/** `17 Sep 2026`, `week of 14 Sep 2026`, `Sep 2026` by precision. */
export function formatEventDate(date: string, precision: DatePrecision): string {
  const d = DateTime.fromISO(date, { zone: 'utc' });
  if (!d.isValid) return date;
  if (precision === 3) return d.toFormat('LLL yyyy');
  if (precision === 2) return `week of ${d.toFormat('d LLL yyyy')}`;
  return d.toFormat('d LLL yyyy');
}

/** Short form of an ACLED type for one-line display. */
export function shortType(e: Pick<EventView, 'eventType' | 'subEventType'>): string {
  if (e.eventType === null) return 'Mention';
  return e.subEventType && e.subEventType !== 'Other' ? e.subEventType : e.eventType;
}

/**
 * One event as one line: date, the sentence, then type, place and actors, and the source link.
 * `omitPlace` drops the place when the answer is already about that place alone.
 */
export function eventLine(e: EventView, options: { omitPlaceId?: string } = {}): ReplyLine {
  const placeNames = e.places.filter((p) => p.id !== options.omitPlaceId).map((p) => p.name);
  const detail = [
    shortType(e),
    placeNames.slice(0, 3).join(', '),
    e.actors
      .slice(0, 4)
      .map((a) => a.name)
      .join(', '),
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    lead: formatEventDate(e.date, e.datePrecision),
    text: e.text,
    detail,
    link: { url: e.report.url, label: `${e.report.source}: ${truncate(e.report.title, 90)}` },
  };
}

/** Cut text at a word boundary with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.5 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function topCounts(counts: Map<string, number>, n: number): [string, number][] {
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/**
 * Summary counts by walking the events themselves. The engine counts its own (large) answers from compact
 * columns instead ({@link QueryEngine.countEvents}); this serves everything else.
 */
export function slowCounts(events: readonly EventView[]): SummaryCounts {
  // Events of one report share one report object: counting objects avoids hashing tens of thousands of ids.
  const reportRefs = new Set<object>();
  const eventRefs = new Set<object>();
  let mentions = 0;
  const types = new Map<string, number>();
  const actors = new Map<string, number>();
  const places = new Map<string, number>();
  let firstDate: string | undefined;
  let lastDate: string | undefined;
  for (const e of events) {
    reportRefs.add(e.report);
    if (e.eventType === null) mentions++;
    else {
      eventRefs.add(e.report);
      bump(types, e.eventType);
    }
    for (const name of new Set(e.actors.map((a) => a.name))) bump(actors, name);
    for (const name of new Set(e.places.map((p) => p.name))) bump(places, name);
    if (firstDate === undefined || e.date < firstDate) firstDate = e.date;
    if (lastDate === undefined || e.date > lastDate) lastDate = e.date;
  }
  return {
    reports: reportRefs.size,
    events: events.length - mentions,
    eventReports: eventRefs.size,
    mentions,
    mentionOnlyReports: reportRefs.size - eventRefs.size,
    types,
    actors,
    places,
    ...(firstDate && lastDate ? { firstDate, lastDate } : {}),
  };
}

const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;

/**
 * The count line: events and their reports, then the reports that only mention the subject ("12 events in 9
 * reports; 3 other reports mention Al-Bukamal").
 */
export function countLine(counts: SummaryCounts, subject?: string): string {
  const about = subject ? ` mention ${subject}` : ' mention it';
  const aboutOne = subject ? ` mentions ${subject}` : ' mentions it';
  if (counts.events === 0)
    return `No events; ${plural(counts.reports, 'report')}${counts.reports === 1 ? aboutOne : about}`;
  const head = `${plural(counts.events, 'event')} in ${plural(counts.reports - counts.mentionOnlyReports, 'report')}`;
  if (!counts.mentionOnlyReports) return head;
  const n = counts.mentionOnlyReports;
  return `${head}; ${plural(n, 'other report')}${n === 1 ? aboutOne : about}`;
}

/**
 * The short summary above a list: how many, over which dates, which types, who (or where), in any order;
 * `counts` may come precomputed from the engine.
 */
export function summarizeEvents(
  events: readonly EventView[],
  focus: 'actors' | 'places' | 'both' = 'actors',
  precomputed?: SummaryCounts,
  subject?: string,
): string {
  if (!events.length) return 'No events.';
  const counts = precomputed ?? slowCounts(events);
  // Search answers come best first, not by date: the span comes from the dates themselves.
  const first = counts.firstDate ?? events[events.length - 1]!.date;
  const last = counts.lastDate ?? events[0]!.date;
  const span =
    first === last
      ? `on ${formatEventDate(first, 1)}`
      : `from ${formatEventDate(first, 1)} to ${formatEventDate(last, 1)}`;
  const lines = [`${countLine(counts, subject)}, ${span}.`];
  if (counts.types.size)
    lines.push(
      `Types: ${topCounts(counts.types, 6)
        .map(([t, c]) => `${t} ${c}`)
        .join(', ')}.`,
    );
  if (focus === 'actors' || focus === 'both') {
    const who = topCounts(counts.actors, 5);
    if (who.length) lines.push(`Who: ${who.map(([a, c]) => `${a} (${c})`).join(', ')}.`);
  }
  if (focus === 'places' || focus === 'both') {
    const where = topCounts(counts.places, 5);
    if (where.length) lines.push(`Where: ${where.map(([p, c]) => `${p} (${c})`).join(', ')}.`);
  }
  return lines.join('\n');
}

/** The page of `items` the context asks for, and its paging record. */
export function pageOf<T>(
  items: T[],
  ctx: Pick<CommandContext, 'page'>,
): { items: T[]; paging?: ReplyPaging } {
  const { offset, limit } = ctx.page;
  if (limit === null) return { items: items.slice(offset) };
  const slice = items.slice(offset, offset + limit);
  return { items: slice, paging: { offset, limit, total: items.length } };
}

/** Footer text for a paged list. */
export function pagingFooter(
  paging: ReplyPaging | undefined,
  shown: number,
  total: number,
): string | undefined {
  if (!paging) return undefined;
  const from = paging.offset + 1;
  const to = paging.offset + shown;
  if (total <= shown && paging.offset === 0) return undefined;
  return `Showing ${from}-${to} of ${total}.`;
}

/**
 * Parse `since:` values: `7d`, `2w`, `3m`, `1y`, `2026-11-01`, `2026-11`. Returns a `YYYY-MM-DD` lower bound.
 */
export function parseSince(value: string, now: Date): string {
  const v = value.trim().toLowerCase();
  const today = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day');
  const rel = /^(\d{1,4})\s*(d|day|days|w|wk|week|weeks|m|mo|month|months|y|yr|year|years)$/.exec(v);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2]![0];
    const d =
      unit === 'd'
        ? today.minus({ days: n })
        : unit === 'w'
          ? today.minus({ weeks: n })
          : unit === 'm'
            ? today.minus({ months: n })
            : today.minus({ years: n });
    return d.toISODate()!;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = DateTime.fromISO(v, { zone: 'utc' });
    if (d.isValid) return d.toISODate()!;
  }
  if (/^\d{4}-\d{2}$/.test(v)) {
    const d = DateTime.fromISO(`${v}-01`, { zone: 'utc' });
    if (d.isValid) return d.toISODate()!;
  }
  throw new UserError(
    'bad-since',
    `I could not read since:${value}. Use a number of days or weeks (since:7d, since:2w, since:3m) or a date (since:2026-11-01).`,
  );
}

/**
 * Reject queries that cannot be names: empty, or no letters in any script.
 */
export function requireName(value: string | number | undefined, what: string, example: string): string {
  const s = typeof value === 'string' ? value.trim() : value === undefined ? '' : String(value);
  if (!s) throw new UserError('missing-query', `Which ${what}? For example: ${example}`);
  // Mentions (@everyone, <!channel>, <@U123>) and numbers are not names: never a did-you-mean for them.
  const words = s.replace(/<[!@#][^>]*>/g, ' ').replace(/@\S*/g, ' ');
  if (!/\p{L}/u.test(words)) {
    throw new UserError(
      'bad-query',
      `That is not a ${what} name: type a ${what} name, for example ${example}`,
    );
  }
  return s;
}
