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
/** Arabic openings that carry on from the sentence before (كما، حيث، في حين، وجاء ذلك، يذكر أن ...). */
const CONTINUES_AR =
  /^[\s"'\u201c\u00ab(]*(?:و|ف)?(?:كما|حيث|في حين|فيما|بينما|في سياق متصل|في السياق ذاته|جاء ذلك|يأتي ذلك|ذلك|يذكر أن|يشار إلى|تجدر الإشارة|أضافت|أضاف|تابعت|أشارت|عقب ذلك|إثر ذلك|بعد ذلك|تزامنا|تزامناً|بالتزامن|كذلك|أيضا|أيضاً|قام|قامت|عمد|عمدت)(?![\u0621-\u064A])/u;
const BLANK_LINE = /\n[ \t\r]*\n/;
/** Arabic letters: Arabic prose is not hard-wrapped, so each line of it is a paragraph. */
const ARABIC_LETTER = /[\u0621-\u064A]/;

interface Unit extends Sentence {
  paragraph: number;
  index: number;
}

/** Read positions in the report's place and actor spans. */
interface Cursors {
  places: { i: number };
  actors: { i: number };
}

/** What earlier sentences leave for later ones: the last stated date. */
interface Chain {
  dated?: DatedContext;
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

/** An asterisk inside a word, as monitors write to get past platform filters ("IS*IS", "Gu*nmen"). */
const MASKED = /(\p{L})\*+(?=\p{L})/gu;

/** `text` with asterisks inside words removed. */
export function unmask(text: string): string {
  return text.includes('*') ? text.replace(MASKED, '$1') : text;
}

/** Most items kept from one report; a longer report keeps its first items and the ingest summary says so. */
export const MAX_ITEMS_PER_REPORT = 200;
/** Characters of a stand-in item's body kept for full-text search. */
const STAND_IN_SEARCH_CHARS = 2000;

/**
 * A headline or opening prefix naming the report's region, the way monitors write it: `Deir Ezzor | ...`,
 * `Deir Ezzor province: ...`, `محافظة دير الزور: ...`, `ريف حلب | ...`. Group 1 is the prefix.
 */
const REGION_PREFIX = /^\s*([^|:\n]{2,48}?)\s*[|:\uFF5C]\s*\S/u;

/** Place spans of the region prefix of `text` (starting at `offset` in the report), if it has one. */
function regionSpans(text: string, offset: number, spans: PlaceSpan[]): PlaceSpan[] {
  const m = REGION_PREFIX.exec(text);
  if (!m) return [];
  const end = offset + m.index + m[0].length - 1;
  return spans.filter((s) => s.start >= offset && s.end <= end);
}

/** Drop place spans inside an actor's name ("Shuhada al-Yarmouk", "Liwa al-Quds", "Ahrar al-Sham"). */
function outsideActorNames(places: PlaceSpan[], actors: ActorSpan[]): PlaceSpan[] {
  if (!actors.length) return places;
  let j = 0;
  return places.filter((p) => {
    while (j < actors.length && actors[j]!.end <= p.start) j++;
    for (let k = j; k < actors.length && actors[k]!.start <= p.start; k++) {
      if (actors[k]!.end >= p.end) return false;
    }
    return true;
  });
}

/**
 * Places of the whole report. When a name is shared by several places, the text is read again with the
 * governorates of the report's unambiguous places (and of its region prefix) as context.
 */
function reportPlaces(
  text: string,
  dir: PlaceDirectory,
  regionGovs: Set<string>,
  first: PlaceSpan[],
): PlaceSpan[] {
  const ambiguous = new Map<string, boolean>();
  for (const s of first) {
    if (!ambiguous.has(s.surface)) ambiguous.set(s.surface, dir.lookup(s.surface).length > 1);
  }
  if (![...ambiguous.values()].some(Boolean)) return first;
  const governorates = new Set<string>(regionGovs);
  for (const s of first) {
    if (ambiguous.get(s.surface)) continue;
    const gov = governorateIdOf(dir, s.placeId);
    if (gov) governorates.add(gov);
  }
  if (governorates.size === 0) return first;
  return [...dir.findMentions(text, { governorateIds: [...governorates] })].sort((a, b) => a.start - b.start);
}

/** A town named like its governorate (Daraa, Homs, Idlib) read as the governorate, for region prefixes. */
function asRegion(span: PlaceSpan, dir: PlaceDirectory): PlaceSpan {
  const p = dir.get(span.placeId);
  const gov = p?.governorateId ? dir.get(p.governorateId) : undefined;
  if (!p || !gov || p.kind === 'governorate' || p.name !== gov.name) return span;
  return { ...span, placeId: gov.id };
}

function governorateIdOf(dir: PlaceDirectory, id: string): string | undefined {
  const p = dir.get(id);
  return p?.kind === 'governorate' ? p.id : p?.governorateId;
}

/** Places borrowed from context read as "near" (precision 2) at best. */
function borrowed(places: PlaceMention[]): PlaceMention[] {
  return places.map((p) => ({ ...p, precision: p.precision === 1 ? 2 : p.precision }));
}

/**
 * Reads a report as dated, located items: events and mentions. Nothing a report says about a known place or
 * actor is lost:
 *
 * - Every sentence of the body that names a place or actor (or continues one that did) becomes an item. With
 *   event wording ({@link classifyEvent}) it is an `event` with an ACLED type; without, a `mention` with a null
 *   type. A sentence whose only dates lie long before publication (a recollection) is a mention dated then.
 * - Context carries, never past the paragraph: a sentence with event wording or an actor but no place takes
 *   the places of the last sentence of its paragraph that named one (at precision 2 or coarser), or of the
 *   sentence right before it when it opens as a continuation ("It is worth noting that..."); in the first
 *   paragraph, failing that, the headline's; failing that, the region of a headline prefix ("Deir Ezzor | ...").
 *   A sentence with no date takes the last date stated in its paragraph (or, when it opens as a continuation,
 *   in the paragraph before), else the publication day.
 * - Places that contain another place of the same item (a governorate around its town) are dropped, and so
 *   are place names inside an actor's name ("Liwa al-Quds").
 * - The headline is an item too when it names a place or actor that no body item names.
 * - A report in which nothing is recognised still gets one stand-in mention (its headline, with the start of
 *   its body for full-text search), so that every report can be found.
 *
 * At most {@link MAX_ITEMS_PER_REPORT} items are kept. Ids are `<report.id>#<n>`, counting from 1.
 */
export function extractEvents(
  report: Report,
  dirs: ExtractDirectories,
  options: ExtractOptions = {},
): ConflictEvent[] {
  // Monitors mask words against platform filters ("IS*IS", "assas*sinate"): read them whole.
  const title = unmask(report.title);
  const body = unmask(report.body);
  const resolve = createDateResolver(new Date(report.published), options);
  const bodyOffset = title.length + 2;
  const full = `${title}\n\n${body}`;
  const actorSpans = [...dirs.actors.findMentions(full)].sort((a, b) => a.start - b.start);
  const found = dirs.places.findMentions(full);
  const firstPass = outsideActorNames(found, actorSpans);
  const region = [...regionSpans(title, 0, firstPass), ...regionSpans(body, bodyOffset, firstPass)];
  const regionGovs = new Set<string>();
  for (const r of region) {
    const gov = governorateIdOf(dirs.places, r.placeId);
    if (gov) regionGovs.add(gov);
  }
  // A prefix names a region: "Daraa | ..." is the governorate, not the city that shares its name.
  const placeSpans = outsideActorNames(reportPlaces(full, dirs.places, regionGovs, found), actorSpans).map(
    (sp) => (region.some((r) => r.start === sp.start) ? asRegion(sp, dirs.places) : sp),
  );
  const regionPlaces = placesFrom(
    placeSpans.filter((s) => region.some((r) => r.start === s.start)),
    dirs.places,
  );

  const units: Unit[] = [];
  let paragraph = 0;
  let previousEnd = 0;
  for (const s of splitSentences(body)) {
    const gap = body.slice(previousEnd, s.start);
    if (units.length > 0 && (BLANK_LINE.test(gap) || (gap.includes('\n') && ARABIC_LETTER.test(s.text))))
      paragraph++;
    previousEnd = s.start + s.text.length;
    units.push({ text: s.text, start: s.start + bodyOffset, paragraph, index: units.length });
  }

  const titleCursors: Cursors = { places: { i: 0 }, actors: { i: 0 } };
  const titleEnd = title.length;
  const titlePlaces = placesFrom(take(placeSpans, titleCursors.places, 0, titleEnd), dirs.places);
  const titleActorSpans = take(actorSpans, titleCursors.actors, 0, titleEnd);

  const items: ConflictEvent[] = [];
  const push = (item: Omit<ConflictEvent, 'id' | 'reportId'>): void => {
    items.push({ id: '', reportId: report.id, ...item });
  };
  const chain: Chain = {};
  const cursors: Cursors = { places: { i: 0 }, actors: { i: 0 } };
  let namedPlaces: { places: PlaceMention[]; paragraph: number; index: number } | undefined;
  // Sentences that name nothing matter only for the date they may state; they are read lazily, newest
  // first, when a later item needs the last stated date (the same answer as reading every one in order).
  let pending: Unit[] = [];
  const latestStated = (): DatedContext | undefined => {
    for (let k = pending.length - 1; k >= 0; k--) {
      const d = resolve(pending[k]!.text);
      if (d.explicit && !d.background) {
        chain.dated = { date: d, paragraph: pending[k]!.paragraph };
        break;
      }
    }
    pending = [];
    return chain.dated;
  };
  for (const unit of units) {
    const placesHere = take(placeSpans, cursors.places, unit.start, unit.start + unit.text.length);
    const actorsHere = take(actorSpans, cursors.actors, unit.start, unit.start + unit.text.length);
    const continues = CONTINUES.test(unit.text) || CONTINUES_AR.test(unit.text);
    if (!placesHere.length && !actorsHere.length && !continues) {
      pending.push(unit);
      continue;
    }
    let date = resolve(unit.text);
    if (date.explicit && !date.background) {
      chain.dated = { date, paragraph: unit.paragraph };
      pending = [];
    }
    if (!date.explicit) {
      const dated = latestStated();
      if (
        dated &&
        (dated.paragraph === unit.paragraph || (continues && dated.paragraph >= unit.paragraph - 1))
      )
        date = dated.date;
    }
    let places = placesFrom(placesHere, dirs.places);
    if (places.length) namedPlaces = { places, paragraph: unit.paragraph, index: unit.index };
    const type = places.length || actorsHere.length || continues ? classifyEvent(unit.text) : null;
    if (!places.length && (type || actorsHere.length)) {
      // The paragraph's last named place; across a paragraph break only for a sentence that opens as a
      // continuation of the one right before it ("It is worth noting that the militias...").
      if (
        namedPlaces &&
        (namedPlaces.paragraph === unit.paragraph || (continues && namedPlaces.index === unit.index - 1))
      )
        places = borrowed(namedPlaces.places);
      else if (unit.paragraph === 0 && titlePlaces.length) places = borrowed(titlePlaces);
      else if (regionPlaces.length) places = borrowed(regionPlaces);
    }
    const actors = actorsFrom(actorsHere, dirs.actors, date.date);
    if (places.length === 0 && actors.length === 0) continue;
    const isEvent = type !== null && !date.background;
    push({
      kind: isEvent ? 'event' : 'mention',
      date: date.date,
      datePrecision: date.precision,
      eventType: isEvent ? type.eventType : null,
      subEventType: isEvent ? type.subEventType : null,
      places,
      actors,
      text: trimEventText(unit.text),
    });
  }

  // The headline, when it names a place or actor that no body item does.
  const titleDate = resolve(title);
  const titleActors = actorsFrom(titleActorSpans, dirs.actors, titleDate.date);
  const seenPlaces = new Set<string>();
  const seenActors = new Set<string>();
  for (const it of items) {
    for (const p of it.places) seenPlaces.add(p.id);
    for (const a of it.actors) seenActors.add(a.id);
  }
  const titleAddsSomething =
    titlePlaces.some((p) => !seenPlaces.has(p.id)) || titleActors.some((a) => !seenActors.has(a.id));
  if (title.trim() !== '' && (titleAddsSomething || items.length === 0)) {
    const type = classifyEvent(title);
    const isEvent = type !== null && !titleDate.background;
    const standIn = titlePlaces.length === 0 && titleActors.length === 0;
    items.unshift({
      id: '',
      reportId: report.id,
      kind: isEvent && !standIn ? 'event' : 'mention',
      date: titleDate.date,
      datePrecision: titleDate.precision,
      eventType: isEvent && !standIn ? type.eventType : null,
      subEventType: isEvent && !standIn ? type.subEventType : null,
      places: titlePlaces,
      actors: titleActors,
      text: trimEventText(title),
      // Nothing recognised anywhere: the report's stand-in, searchable by the words of its body.
      ...(standIn ? { searchText: body.slice(0, STAND_IN_SEARCH_CHARS) } : {}),
    });
  }
  const kept = items.length > MAX_ITEMS_PER_REPORT ? items.slice(0, MAX_ITEMS_PER_REPORT) : items;
  kept.forEach((it, i) => {
    it.id = `${report.id}#${i + 1}`;
  });
  return kept;
}
