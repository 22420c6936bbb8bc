import { DateTime } from 'luxon';
import type { Reply, ReplyLine, ReplySection } from '../core/reply.js';
import type { PlaceDirectory } from '../extract/types.js';
import type { EventType } from '../reports/types.js';
import { shortType, truncate } from '../search/present.js';
import { type EventView, isTypedEvent, type TypedEventView } from '../search/types.js';
import { formatDay, formatOffset, localDayWindow } from './time.js';

/** A report as the digest lists it. */
export interface DigestReportRef {
  id: string;
  url: string;
  title: string;
  source: string;
  published: string;
}

/** Everything {@link composeDigest} needs; gathered from the engine by `collectDigestInput`. */
export interface DigestInput {
  /** Local day, `YYYY-MM-DD`. */
  day: string;
  /** IANA zone the day is read in. */
  tz: string;
  /** Events of reports published during the day. */
  events: EventView[];
  /** Events of reports published during the previous local day. */
  previousDayCount: number;
  /** Events per day over the seven local days before `day`. */
  sevenDayAverage: number;
  /** Events per place (every place an event names) over the seven local days before `day`. */
  placeHistory: Map<string, { last7: number }>;
  /** Reports published during the day. */
  reports: DigestReportRef[];
  /** When the digest is made; a day that has not ended yet is marked "so far". */
  now: Date;
  /** The scheduled time passed while the bot was not running. */
  late?: boolean;
}

/** Events at one place, newest first. */
export interface DigestPlaceGroup {
  placeId: string | null;
  /** Display name; null when the event names no place. */
  place: string | null;
  events: TypedEventView[];
}

/** Places of one governorate, busiest first. */
export interface DigestGovernorateGroup {
  governorateId: string | null;
  /** Display name; null when the governorate is not known. */
  governorate: string | null;
  eventCount: number;
  places: DigestPlaceGroup[];
}

/** How many events named an actor. */
export interface DigestActorCount {
  actorId: string;
  actor: string;
  events: number;
}

/** A place busier than usual. */
export interface UnusualPlace {
  placeId: string;
  place: string;
  governorate: string | null;
  /** Events naming the place during the day. */
  events: number;
  /** Events naming it in the seven days before. */
  last7: number;
  /** `new`: nothing in the previous seven days; `spike`: well above its daily average. */
  reason: 'new' | 'spike';
}

/** The digest as data: what {@link renderDigest} turns into messages and the CLI prints as JSON. */
export interface DigestDocument {
  day: string;
  tz: string;
  /** Local midnight and the next local midnight, ISO UTC. */
  from: string;
  to: string;
  /** Length of the day in hours (23 or 25 on daylight-saving days). */
  hours: number;
  /** The day has not ended yet at `now`. */
  partial: boolean;
  late: boolean;
  totals: { events: number; reports: number };
  /** Event counts by type, largest first. */
  byType: { type: EventType; count: number }[];
  previousDay: number;
  sevenDayAverage: number;
  groups: DigestGovernorateGroup[];
  topActors: DigestActorCount[];
  unusualPlaces: UnusualPlace[];
  /** Newest first. */
  reports: DigestReportRef[];
}

/** One event in the `--json` output. Field names are a contract. */
export interface DigestJsonEvent {
  reportId: string;
  url: string;
  title: string;
  date: string;
  /** 1 = exact day, 2 = week known, 3 = month known (ACLED time precision). */
  datePrecision: number;
  eventType: string;
  subEventType: string;
  actors: string[];
  text: string;
}

/** The CLI's `--json` digest and the `data` of the first message. Field names are a contract. */
export interface DigestJson {
  date: string;
  tz: string;
  from: string;
  to: string;
  totals: { events: number; reports: number };
  byType: Record<string, number>;
  previousDay: number;
  sevenDayAverage: number;
  groups: { governorate: string | null; places: { place: string | null; events: DigestJsonEvent[] }[] }[];
  topActors: { actor: string; events: number }[];
  unusualPlaces: {
    place: string;
    governorate: string | null;
    events: number;
    last7: number;
    reason: 'new' | 'spike';
  }[];
  reports: { reportId: string; url: string; title: string }[];
}

/** Size limits of one chat message. */
export interface DigestLimits {
  /** Most lines (events, reports, list entries) in one message. */
  maxLinesPerMessage: number;
  /** Most characters of line text in one message (titles and headings count too). */
  maxCharsPerMessage: number;
  /** Most unusual places listed; the rest are counted in one line. */
  maxUnusualShown: number;
}

/**
 * Limits that fit both platforms: Slack allows 50 blocks per message and Discord about 6,000 characters across
 * the embeds of one message, whatever the adapter's layout.
 */
export const DEFAULT_DIGEST_LIMITS: DigestLimits = {
  maxLinesPerMessage: 15,
  maxCharsPerMessage: 3500,
  maxUnusualShown: 8,
};

/**
 * When a place counts as unusual: at least `minEvents` and `factor` times its daily average of the week before
 * (a spike), or any activity where the week before had none while the desk had events elsewhere (new). Only
 * towns, sites and sub-districts are flagged: districts and governorates are already the digest's grouping,
 * and a district named after its town would repeat the town.
 */
export const UNUSUAL_ACTIVITY = { minEvents: 3, factor: 3 } as const;

/** How many actors the digest names as the most active. */
export const TOP_ACTOR_COUNT = 5;

/** Longest event sentence in a digest line. */
const MAX_SENTENCE = 300;

const NO_GOVERNORATE = 'Other or unstated locations';
const NO_PLACE = 'Place not stated';

function newestFirst(a: EventView, b: EventView): number {
  if (a.date !== b.date) return a.date < b.date ? 1 : -1;
  if (a.report.published !== b.report.published) return a.report.published < b.report.published ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function byCountThenName<T>(count: (x: T) => number, name: (x: T) => string | null) {
  return (a: T, b: T) => {
    const an = name(a);
    const bn = name(b);
    if ((an === null) !== (bn === null)) return an === null ? 1 : -1;
    return count(b) - count(a) || (an ?? '').localeCompare(bn ?? '');
  };
}

function governorateOfPlace(placeId: string, places: PlaceDirectory): { id: string; name: string } | null {
  const place = places.get(placeId);
  const gid = place?.kind === 'governorate' ? place.id : place?.governorateId;
  const gov = gid ? places.get(gid) : undefined;
  return gov ? { id: gov.id, name: gov.name } : null;
}

function governorateOf(e: EventView, places: PlaceDirectory): { id: string; name: string } | null {
  if (e.governorate) return e.governorate;
  for (const mention of e.places) {
    const gov = governorateOfPlace(mention.id, places);
    if (gov) return gov;
  }
  return null;
}

function placeName(id: string, fallback: string, places: PlaceDirectory): string {
  return places.get(id)?.name ?? fallback;
}

/**
 * Build the digest of one local day from fixed inputs. Pure: the same input always gives the same document.
 * Events are grouped by governorate, then by their first place, newest first; duplicates (same event id) count once.
 */
export function composeDigest(input: DigestInput, places: PlaceDirectory): DigestDocument {
  const window = localDayWindow(input.day, input.tz);
  // The digest tells what happened: typed events only (mentions stay findable by /events and /actor).
  const unique = new Map<string, TypedEventView>();
  for (const e of input.events) if (isTypedEvent(e) && !unique.has(e.id)) unique.set(e.id, e);
  const events = [...unique.values()].sort(newestFirst);

  const typeCounts = new Map<EventType, number>();
  for (const e of events) typeCounts.set(e.eventType, (typeCounts.get(e.eventType) ?? 0) + 1);
  const byType = [...typeCounts.entries()]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));

  const govs = new Map<string, DigestGovernorateGroup>();
  for (const e of events) {
    const gov = governorateOf(e, places);
    const govKey = gov?.id ?? '';
    let group = govs.get(govKey);
    if (!group) {
      group = { governorateId: gov?.id ?? null, governorate: gov?.name ?? null, eventCount: 0, places: [] };
      govs.set(govKey, group);
    }
    group.eventCount++;
    const first = e.places[0];
    const placeId = first?.id ?? null;
    let placeGroup = group.places.find((p) => p.placeId === placeId);
    if (!placeGroup) {
      placeGroup = { placeId, place: first ? placeName(first.id, first.name, places) : null, events: [] };
      group.places.push(placeGroup);
    }
    placeGroup.events.push(e);
  }
  const groups = [...govs.values()].sort(
    byCountThenName(
      (g) => g.eventCount,
      (g) => g.governorate,
    ),
  );
  for (const g of groups) {
    g.places.sort(
      byCountThenName(
        (p) => p.events.length,
        (p) => p.place,
      ),
    );
  }

  const actorCounts = new Map<string, DigestActorCount>();
  const placeCounts = new Map<string, { name: string; gov: string | null; count: number }>();
  for (const e of events) {
    for (const a of new Map(e.actors.map((x) => [x.id, x])).values()) {
      const entry = actorCounts.get(a.id) ?? { actorId: a.id, actor: a.name, events: 0 };
      entry.events++;
      actorCounts.set(a.id, entry);
    }
    for (const p of new Map(e.places.map((x) => [x.id, x])).values()) {
      const entry = placeCounts.get(p.id) ?? {
        name: placeName(p.id, p.name, places),
        gov:
          governorateOfPlace(p.id, places)?.name ??
          (p.id === e.places[0]?.id ? (e.governorate?.name ?? null) : null),
        count: 0,
      };
      entry.count++;
      placeCounts.set(p.id, entry);
    }
  }
  const topActors = [...actorCounts.values()]
    .sort((a, b) => b.events - a.events || a.actor.localeCompare(b.actor))
    .slice(0, TOP_ACTOR_COUNT);

  const unusualPlaces: UnusualPlace[] = [];
  // With no events at all the week before (a new store), every place would look new: say nothing instead.
  const hasHistory = input.sevenDayAverage > 0 || [...input.placeHistory.values()].some((h) => h.last7 > 0);
  for (const [placeId, { name, gov, count }] of placeCounts) {
    const kind = places.get(placeId)?.kind;
    if (kind === 'country' || kind === 'region' || kind === 'governorate' || kind === 'district') continue;
    const last7 = input.placeHistory.get(placeId)?.last7 ?? 0;
    const reason =
      last7 === 0
        ? hasHistory
          ? 'new'
          : null
        : count >= UNUSUAL_ACTIVITY.minEvents && count >= UNUSUAL_ACTIVITY.factor * (last7 / 7)
          ? 'spike'
          : null;
    if (reason) unusualPlaces.push({ placeId, place: name, governorate: gov, events: count, last7, reason });
  }
  // Spikes first (a known place far busier than usual), then places new this week; busiest first within each.
  unusualPlaces.sort(
    (a, b) =>
      Number(a.reason === 'new') - Number(b.reason === 'new') ||
      b.events - a.events ||
      a.place.localeCompare(b.place),
  );

  const reports = [...input.reports].sort((a, b) =>
    a.published < b.published ? 1 : a.published > b.published ? -1 : a.id.localeCompare(b.id),
  );

  return {
    day: input.day,
    tz: input.tz,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    hours: Math.round((window.to.getTime() - window.from.getTime()) / 3_600_000),
    partial: input.now.getTime() < window.to.getTime(),
    late: input.late ?? false,
    totals: { events: events.length, reports: reports.length },
    byType,
    previousDay: input.previousDayCount,
    sevenDayAverage: Math.round(input.sevenDayAverage * 10) / 10,
    groups,
    topActors,
    unusualPlaces,
    reports,
  };
}

/** The document in the `--json` contract shape. */
export function toDigestJson(doc: DigestDocument): DigestJson {
  return {
    date: doc.day,
    tz: doc.tz,
    from: doc.from,
    to: doc.to,
    totals: { ...doc.totals },
    byType: Object.fromEntries(doc.byType.map((t) => [t.type, t.count])),
    previousDay: doc.previousDay,
    sevenDayAverage: doc.sevenDayAverage,
    groups: doc.groups.map((g) => ({
      governorate: g.governorate,
      places: g.places.map((p) => ({
        place: p.place,
        events: p.events.map((e) => ({
          reportId: e.report.id,
          url: e.report.url,
          title: e.report.title,
          date: e.date,
          datePrecision: e.datePrecision,
          eventType: e.eventType,
          subEventType: e.subEventType,
          actors: e.actors.map((a) => a.name),
          text: e.text,
        })),
      })),
    })),
    topActors: doc.topActors.map((a) => ({ actor: a.actor, events: a.events })),
    unusualPlaces: doc.unusualPlaces.map(({ place, governorate, events, last7, reason }) => ({
      place,
      governorate,
      events,
      last7,
      reason,
    })),
    reports: doc.reports.map((r) => ({ reportId: r.id, url: r.url, title: r.title })),
  };
}

/** Every report id the digest cites (events' reports and new reports), each once. */
export function digestReportIds(doc: DigestDocument): string[] {
  const ids = new Set<string>();
  for (const g of doc.groups) for (const p of g.places) for (const e of p.events) ids.add(e.report.id);
  for (const r of doc.reports) ids.add(r.id);
  return [...ids];
}

/** `+13`, `-4`, `±0`. */
function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `${n}` : '±0';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The headline: totals, comparison with the previous day and the 7-day average, and counts by type. */
export function digestHeadline(doc: DigestDocument): string {
  const { events, reports } = doc.totals;
  const avg = doc.sevenDayAverage;
  const vsAvg =
    avg > 0
      ? `${signed(Math.round(((events - avg) / avg) * 100))}%`
      : events > 0
        ? 'none before'
        : 'also none';
  const lines = [
    `${plural(events, 'event')} from ${plural(reports, 'new report')}${doc.partial ? ' so far' : ''}. ` +
      `Previous day: ${doc.previousDay} (${signed(events - doc.previousDay)}). 7-day average: ${avg} (${vsAvg}).`,
  ];
  if (doc.byType.length) lines.push(`By type: ${doc.byType.map((t) => `${t.type} ${t.count}`).join(', ')}.`);
  if (doc.late) lines.push('Posted late: the scheduled time passed while the bot was not running.');
  return lines.join('\n');
}

function windowFooter(doc: DigestDocument): string {
  const zone = doc.tz === 'UTC' ? 'UTC' : `${doc.tz} (${formatOffset(new Date(doc.from), doc.tz)})`;
  const changed = doc.hours !== 24 ? ` The clocks changed that day, so it was ${doc.hours} hours long.` : '';
  return `Covers reports published on ${formatDay(doc.day, { year: true })}, 00:00-24:00 ${zone}.${changed}`;
}

function digestTitle(doc: DigestDocument, part?: { index: number; count: number }): string {
  const base = `Digest for ${formatDay(doc.day)}${doc.partial ? ' so far' : ''}${doc.late ? ', posted late' : ''}`;
  return part && part.count > 1 ? `${base} (part ${part.index} of ${part.count})` : base;
}

function eventLineFor(e: EventView, placeLabel: string, day: string): ReplyLine {
  const actors = e.actors.slice(0, 4).map((a) => a.name);
  if (e.actors.length > 4) actors.push(`${e.actors.length - 4} more`);
  const detail = [shortType(e), actors.length ? actors.join(', ') : 'no actor named'];
  if (e.date !== day) detail.push(`event dated ${formatDay(e.date)}`);
  return {
    lead: placeLabel,
    text: truncate(e.text, MAX_SENTENCE),
    detail: detail.join(' · '),
    link: { url: e.report.url, label: `${e.report.source}: ${truncate(e.report.title, 80)}` },
  };
}

function reportLine(r: DigestReportRef, tz: string): ReplyLine {
  const at = DateTime.fromISO(r.published, { zone: tz });
  return {
    text: truncate(r.title, 150),
    ...(at.isValid ? { detail: `published ${at.toFormat('HH:mm')}` } : {}),
    link: { url: r.url, label: r.source },
  };
}

/** A titled run of lines that may be split across messages. */
interface Block {
  heading: string;
  lines: ReplyLine[];
}

function governorateBlocks(doc: DigestDocument): Block[] {
  return doc.groups.map((g) => ({
    heading: `${g.governorate ?? NO_GOVERNORATE} · ${plural(g.eventCount, 'event')}`,
    lines: g.places.flatMap((p) => p.events.map((e) => eventLineFor(e, p.place ?? NO_PLACE, doc.day))),
  }));
}

function overviewBlocks(doc: DigestDocument, limits: DigestLimits): Block[] {
  const blocks: Block[] = [];
  if (doc.topActors.length) {
    blocks.push({
      heading: 'Most active',
      lines: [{ text: doc.topActors.map((a) => `${a.actor} (${a.events})`).join(', ') }],
    });
  }
  if (doc.unusualPlaces.length) {
    const shown = doc.unusualPlaces.slice(0, limits.maxUnusualShown);
    const lines: ReplyLine[] = shown.map((u) => ({
      lead: u.governorate ? `${u.place} (${u.governorate})` : u.place,
      text:
        u.reason === 'new'
          ? `${plural(u.events, 'event')}; none in the previous 7 days`
          : `${plural(u.events, 'event')}; ${u.last7} in the previous 7 days (${Math.round((u.last7 / 7) * 10) / 10} a day)`,
    }));
    const rest = doc.unusualPlaces.length - shown.length;
    if (rest > 0) lines.push({ text: `and ${plural(rest, 'more place')} with unusual activity` });
    blocks.push({ heading: 'Unusual activity', lines });
  }
  return blocks;
}

function reportBlocks(doc: DigestDocument): Block[] {
  if (!doc.reports.length) return [];
  return [
    { heading: `New reports · ${doc.reports.length}`, lines: doc.reports.map((r) => reportLine(r, doc.tz)) },
  ];
}

function lineSize(line: ReplyLine): number {
  return (
    (line.lead?.length ?? 0) +
    line.text.length +
    (line.detail?.length ?? 0) +
    (line.link ? line.link.label.length + line.link.url.length : 0) +
    10
  );
}

/** Pack blocks into messages within the limits; a block cut at a message boundary continues under its heading. */
function pack(blocks: Block[], limits: DigestLimits, firstPartChars: number): ReplySection[][] {
  const parts: ReplySection[][] = [];
  let sections: ReplySection[] = [];
  let lines = 0;
  let chars = firstPartChars;
  for (const block of blocks) {
    let current: ReplySection | undefined;
    let started = false;
    for (const line of block.lines) {
      const size = lineSize(line);
      if (lines > 0 && (lines + 1 > limits.maxLinesPerMessage || chars + size > limits.maxCharsPerMessage)) {
        parts.push(sections);
        sections = [];
        lines = 0;
        chars = 0;
        current = undefined;
      }
      if (!current) {
        current = { heading: started ? `${block.heading} (continued)` : block.heading, lines: [] };
        sections.push(current);
        chars += current.heading?.length ?? 0;
      }
      started = true;
      current.lines.push(line);
      lines++;
      chars += size;
    }
  }
  parts.push(sections);
  return parts;
}

/**
 * Turn a digest into chat messages. Every event and every new report appears: when a message is full the
 * digest continues in the next one, titled `Digest for 23 Nov (part 2 of 3)`. The first message carries the
 * headline and, in `data`, the whole digest as {@link DigestJson}.
 */
export function renderDigest(doc: DigestDocument, limits: Partial<DigestLimits> = {}): Reply[] {
  const lim = { ...DEFAULT_DIGEST_LIMITS, ...limits };
  const summary = digestHeadline(doc);
  const tone = doc.totals.events || doc.totals.reports ? 'answer' : 'empty';
  const blocks = [...overviewBlocks(doc, lim), ...governorateBlocks(doc), ...reportBlocks(doc)];
  const parts = pack(blocks, lim, summary.length + 40);
  const count = parts.length;
  return parts.map((sections, i) => {
    const index = i + 1;
    const last = index === count;
    const reply: Reply = {
      tone,
      title: digestTitle(doc, { index, count }),
      sections,
      footer: last ? windowFooter(doc) : `Continues in part ${index + 1} of ${count}.`,
    };
    if (index === 1) {
      reply.summary = summary;
      reply.data = toDigestJson(doc);
    }
    return reply;
  });
}

/**
 * One page of the digest as a single answer (for `/digest`, shown only to the asker): the headline on every
 * page, the overview on the first, then events and new reports paged by `page`. `limit: null` shows all.
 */
export function renderDigestPage(doc: DigestDocument, page: { offset: number; limit: number | null }): Reply {
  const items: { heading: string; line: ReplyLine }[] = [];
  for (const block of [...governorateBlocks(doc), ...reportBlocks(doc)]) {
    for (const line of block.lines) items.push({ heading: block.heading, line });
  }
  const offset = Math.max(0, Math.min(page.offset, items.length));
  const end = page.limit === null ? items.length : Math.min(items.length, offset + page.limit);
  const sections: ReplySection[] =
    offset === 0
      ? overviewBlocks(doc, DEFAULT_DIGEST_LIMITS).map((b) => ({ heading: b.heading, lines: b.lines }))
      : [];
  for (const item of items.slice(offset, end)) {
    const prev = sections[sections.length - 1];
    if (prev && prev.heading === item.heading) prev.lines.push(item.line);
    else sections.push({ heading: item.heading, lines: [item.line] });
  }
  const paged = page.limit !== null && items.length > page.limit;
  const footer = [
    paged ? `Showing ${offset + 1}-${end} of ${items.length} events and reports.` : '',
    windowFooter(doc),
  ]
    .filter(Boolean)
    .join(' ');
  return {
    tone: doc.totals.events || doc.totals.reports ? 'answer' : 'empty',
    title: digestTitle(doc),
    summary: digestHeadline(doc),
    sections,
    footer,
    ...(paged && page.limit !== null ? { paging: { offset, limit: page.limit, total: items.length } } : {}),
    data: toDigestJson(doc),
  };
}
