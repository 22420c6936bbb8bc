import type { ActorMention, ConflictEvent, PlaceMention, Report } from '../reports/types.js';
import { actorKey } from './actors.js';
import { createDateResolver, type DateOptions, type ResolvedDate } from './dates.js';
import { classifyEvent } from './event-types.js';
import { type Sentence, splitSentences } from './sentences.js';
import type { ActorDirectory, ActorSpan, PlaceDirectory, PlaceSpan } from './types.js';

/** The read sides extraction needs. */
export interface ExtractDirectories {
  places: PlaceDirectory;
  actors: ActorDirectory;
}

/** Options for {@link extractEvents}: the report's time zone for "today" and "yesterday". */
export type ExtractOptions = DateOptions;

/** Longest event text kept; longer sentences are cut at a word boundary and end with an ellipsis. */
export const EVENT_TEXT_LIMIT = 280;

/**
 * Openings that carry on from the sentence before ("It is worth noting that the militias...", "They also...",
 * "The exercises included..."); such a sentence may borrow the previous event's place and date.
 */
const CONTINUES =
  /^[\s"'\u201c\u2018(]*(?:it is (?:worth|noteworthy|notable)|it (?:was|is) (?:noted|reported)|notably|this (?:came|comes)|these came|they|their|those|where|the (?:same |latter |former |\w+ )?(?:militias?|forces|group|exercises?|drills?|training|attacks?|strikes?|raids?|shelling|clashes|fighting|bombardment|operations?|convoy|reinforcements)|in addition|additionally|also|moreover|furthermore|in contrast)\b/i;
const BLANK_LINE = /\n[ \t\r]*\n/;

interface Unit extends Sentence {
  paragraph: number;
  index: number;
}

interface PreviousEvent {
  index: number;
  paragraph: number;
  places: PlaceMention[];
}

/** Read positions in the report's place and actor spans. */
interface Cursors {
  places: { i: number };
  actors: { i: number };
}

/** What earlier sentences leave for later ones: the last stated date and the last event. */
interface Chain {
  dated?: DatedContext;
  previous?: PreviousEvent;
}

interface DatedContext {
  date: ResolvedDate;
  paragraph: number;
}

/** `text` with whitespace collapsed, cut to {@link EVENT_TEXT_LIMIT} characters at a word boundary. */
export function trimEventText(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EVENT_TEXT_LIMIT) return flat;
  const room = flat.slice(0, EVENT_TEXT_LIMIT - 1);
  const space = room.lastIndexOf(' ');
  const cut = space > EVENT_TEXT_LIMIT / 2 ? room.slice(0, space) : room;
  return `${cut.replace(/[\s,;:.\u2013\u2014-]+$/, '')}\u2026`;
}

/** Spans with `start` in [from, to); `spans` are sorted by start and `cursor` only moves forward. */
function take<T extends { start: number }>(spans: T[], cursor: { i: number }, from: number, to: number): T[] {
  while (cursor.i < spans.length && spans[cursor.i]!.start < from) cursor.i++;
  const out: T[] = [];
  let j = cursor.i;
  while (j < spans.length && spans[j]!.start < to) out.push(spans[j++]!);
  return out;
}

function placesFrom(spans: PlaceSpan[], dir: PlaceDirectory): PlaceMention[] {
  const byId = new Map<string, PlaceMention>();
  for (const s of spans) {
    const seen = byId.get(s.placeId);
    if (seen) {
      if (s.precision < seen.precision) seen.precision = s.precision;
      continue;
    }
    byId.set(s.placeId, {
      id: s.placeId,
      name: dir.get(s.placeId)?.name ?? s.surface,
      precision: s.precision,
    });
  }
  const places = [...byId.values()];
  if (places.length < 2) return places;
  // "Al-Bokamal Desert in Deir Ezzor countryside" is one place: drop the places that contain another, and
  // the country itself ("near the borders between Syria and Iraq") when anything more precise is named.
  const containers = new Set<string>();
  for (const p of places) for (const a of dir.ancestors(p.id)) containers.add(a.id);
  const kept = places.filter((p) => !containers.has(p.id));
  const local = kept.filter((p) => dir.get(p.id)?.kind !== 'country');
  return local.length > 0 ? local : kept;
}

const keysOfSuccession = new WeakMap<object, Set<string>>();
/** The folded keys of a succession's names, computed once per registry entry. */
function successorKeys(succession: { aliases: string[] }): Set<string> {
  let keys = keysOfSuccession.get(succession);
  if (!keys) {
    keys = new Set(succession.aliases.map(actorKey));
    keysOfSuccession.set(succession, keys);
  }
  return keys;
}

/**
 * The actors of an event dated `date`. A name that outlived its actor ("government forces" after December
 * 2024) is read as the successor the registry names for events from that date on.
 */
function actorsFrom(spans: ActorSpan[], dir: ActorDirectory, date: string): ActorMention[] {
  const byId = new Map<string, ActorMention>();
  for (const s of spans) {
    let id = s.actorId;
    const succession = dir.get(id)?.succession;
    if (succession && date >= succession.from && successorKeys(succession).has(actorKey(s.surface)))
      id = succession.to;
    if (!byId.has(id)) byId.set(id, { id, name: dir.get(id)?.name ?? s.surface });
  }
  return [...byId.values()];
}

/**
 * Places of the whole report. When a name is shared by several places, the text is read again with the
 * governorates of the report's unambiguous places as context.
 */
function reportPlaces(text: string, dir: PlaceDirectory): PlaceSpan[] {
  const first = dir.findMentions(text);
  const ambiguous = new Map<string, boolean>();
  for (const s of first) {
    if (!ambiguous.has(s.surface)) ambiguous.set(s.surface, dir.lookup(s.surface).length > 1);
  }
  if (![...ambiguous.values()].some(Boolean)) return first;
  const governorates = new Set<string>();
  for (const s of first) {
    if (ambiguous.get(s.surface)) continue;
    const p = dir.get(s.placeId);
    const gov = p?.kind === 'governorate' ? p.id : p?.governorateId;
    if (gov) governorates.add(gov);
  }
  if (governorates.size === 0) return first;
  return [...dir.findMentions(text, { governorateIds: [...governorates] })].sort((a, b) => a.start - b.start);
}

/**
 * Reads a report as dated, typed, located events. Each sentence of the body is a candidate: it becomes an
 * event when it has an event type ({@link classifyEvent}) and at least one place or actor. Dates come from
 * the sentence ({@link createDateResolver}); a sentence without one takes the last date stated in its
 * paragraph (or, when it opens as a continuation, in the paragraph before), else the publication day.
 * Sentences whose only dates lie long before publication are background and skipped. A continuation sentence
 * with no place borrows the places of the event sentence just before it, at precision 2 or coarser. Places
 * that contain another place of the same event (a governorate around its town) are dropped. The title is
 * read only when the body yields no event. Ids are `<report.id>#<n>`, counting from 1.
 */
export function extractEvents(
  report: Report,
  dirs: ExtractDirectories,
  options: ExtractOptions = {},
): ConflictEvent[] {
  const resolve = createDateResolver(new Date(report.published), options);
  const bodyOffset = report.title.length + 2;
  const full = `${report.title}\n\n${report.body}`;
  const placeSpans = reportPlaces(full, dirs.places);
  const actorSpans = [...dirs.actors.findMentions(full)].sort((a, b) => a.start - b.start);

  const units: Unit[] = [];
  let paragraph = 0;
  let previousEnd = 0;
  for (const s of splitSentences(report.body)) {
    if (units.length > 0 && BLANK_LINE.test(report.body.slice(previousEnd, s.start))) paragraph++;
    previousEnd = s.start + s.text.length;
    units.push({ text: s.text, start: s.start + bodyOffset, paragraph, index: units.length });
  }

  const events: ConflictEvent[] = [];
  const emit = (unit: Unit, chain: Chain, cursors: Cursors): void => {
    const placesHere = take(placeSpans, cursors.places, unit.start, unit.start + unit.text.length);
    const actorsHere = take(actorSpans, cursors.actors, unit.start, unit.start + unit.text.length);
    const continues = CONTINUES.test(unit.text);
    let date = resolve(unit.text);
    if (date.background) return;
    const dated = chain.dated;
    if (date.explicit) chain.dated = { date, paragraph: unit.paragraph };
    else if (
      dated &&
      (dated.paragraph === unit.paragraph || (continues && dated.paragraph >= unit.paragraph - 1))
    ) {
      date = dated.date;
    }
    const prev = chain.previous;
    const canBorrow =
      continues && prev !== undefined && (prev.index === unit.index - 1 || prev.paragraph === unit.paragraph);
    if (placesHere.length === 0 && actorsHere.length === 0 && !canBorrow) return;
    const type = classifyEvent(unit.text);
    if (!type) return;
    let places = placesFrom(placesHere, dirs.places);
    if (places.length === 0 && canBorrow) {
      places = prev.places.map((p) => ({ ...p, precision: p.precision === 1 ? 2 : p.precision }));
    }
    const actors = actorsFrom(actorsHere, dirs.actors, date.date);
    if (places.length === 0 && actors.length === 0) return;
    events.push({
      id: `${report.id}#${events.length + 1}`,
      reportId: report.id,
      date: date.date,
      datePrecision: date.precision,
      eventType: type.eventType,
      subEventType: type.subEventType,
      places,
      actors,
      text: trimEventText(unit.text),
    });
    chain.previous = { index: unit.index, paragraph: unit.paragraph, places };
  };

  const chain: Chain = {};
  const cursors: Cursors = { places: { i: 0 }, actors: { i: 0 } };
  for (const unit of units) emit(unit, chain, cursors);
  if (events.length === 0 && report.title.trim() !== '') {
    emit(
      { text: report.title, start: 0, paragraph: -1, index: -1 },
      {},
      { places: { i: 0 }, actors: { i: 0 } },
    );
  }
  return events;
}
