import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { DatePrecision } from '../reports/types.js';

/** Options for date resolution. */
export interface DateOptions {
  /**
   * IANA time zone the report was written in; decides which calendar day "today" and "yesterday" refer to for
   * a publication time near midnight. Default `UTC` (date-only reports are stored as midday UTC, so their day
   * is the same in any zone within twelve hours of it).
   */
  tz?: string;
}

/** The date a sentence refers to. */
export interface ResolvedDate {
  /** `YYYY-MM-DD`; for precision 2 the first day of the window meant, for precision 3 the first of the month. */
  date: string;
  precision: DatePrecision;
  /** True when the sentence itself states the date; false when the publication day was assumed. */
  explicit: boolean;
  /**
   * True when the sentence's only dates end more than {@link BACKGROUND_DAYS} days before publication: it
   * recalls the past ("was appointed on January 3, 2020") rather than reporting a new event.
   */
  background: boolean;
}

/** A date (or window) that ends this many days or more before publication marks a background sentence. */
export const BACKGROUND_DAYS = 60;

/** A day-month without a year that would fall more than this many days after publication is last year's. */
export const FUTURE_TOLERANCE_DAYS = 2;

const DAY_MS = 86_400_000;

/** The publication moment as a local calendar day. */
interface PubDay {
  /** Days since 1970-01-01. */
  day: number;
  year: number;
  month: number;
  /** Local wall-clock time as a UTC instant, so chrono (told offset 0) computes in local days. */
  reference: Date;
}

/** A date found in a sentence. */
interface Mention {
  index: number;
  end: number;
  /** First day meant. */
  day: number;
  /** Last day meant (the same as `day` for precision 1). */
  lastDay: number;
  precision: DatePrecision;
  /** Only good for marking background (a bare year). */
  backgroundOnly?: boolean;
}

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const MONTH_NAME =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?';

/**
 * Words that can start or end a date. chrono's cost grows with the text it reads, so it only reads a window
 * around each of these; month names must be capitalised ("may", "march" are verbs).
 */
const DATE_HINT = new RegExp(
  `\\b(?:${MONTH_NAME})\\b|\\b(?:19|20)\\d\\d\\b|\\b(?:[Yy]ester|[Tt]o)day\\b|\\b(?:[Mm]on|[Tt]ues|[Ww]ednes|[Tt]hurs|[Ff]ri|[Ss]atur|[Ss]un)days?\\b|\\b[Dd]ays?\\b|\\b(?:[Nn]ight|[Mm]orning|[Ee]vening|[Aa]fternoon|[Oo]vernight)\\b|\\b[Ww]eek|\\b[Mm]onths?\\b|\\b[Yy]ears?\\b|\\bago\\b|\\b[Tt]onight\\b|\\b\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b|\\b\\d{4}-\\d\\d-\\d\\d\\b`,
  'g',
);
const WINDOW_BEFORE = 28;
const WINDOW_AFTER = 36;
const NUMERIC_DATE = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/g;
const MONTH_DAY = new RegExp(
  `\\b(${MONTH_NAME})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`,
  'gi',
);
const DAY_MONTH = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_NAME})\\b(?:,?\\s+(\\d{4})\\b)?`,
  'gi',
);
const BARE_YEAR = /\b(?:in|during)\s+((?:19|20)\d{2})\b(?![-/])/gi;
/** A date after these words bounds a period ("since", "until") or compares; it is not when the event happened. */
const NOT_EVENT_DATE = /\b(?:since|until|till|than|before|next)\s+(?:the\s+)?$/i;
const PRESENT = /^(?:right )?now$|^currently$/;
const FUTURE_WORDS = /\b(?:next|tomorrow|coming|upcoming)\b/i;
const WORD_NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
};

function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function isValidDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** `YYYY-MM-DD` for a day number. */
function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Monday of the ISO week containing `day`. */
function mondayOf(day: number): number {
  // 1970-01-01 was a Thursday.
  return day - ((day + 3) % 7);
}

/** 0 = Sunday ... 6 = Saturday. */
function weekdayOf(day: number): number {
  return (day + 4) % 7;
}

function monthWindow(year: number, month: number): { day: number; lastDay: number } {
  return { day: dayNumber(year, month, 1), lastDay: dayNumber(year, month + 1, 1) - 1 };
}

function toPubDay(published: Date, tz: string): PubDay {
  if (Number.isNaN(published.getTime())) throw new Error('publication date is not a valid date');
  const local = DateTime.fromJSDate(published, { zone: tz });
  if (!local.isValid) throw new Error(`unknown time zone "${tz}": use an IANA name such as Asia/Damascus`);
  return {
    day: dayNumber(local.year, local.month, local.day),
    year: local.year,
    month: local.month,
    reference: new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute)),
  };
}

/** The latest year in which `month`/`day` exists and is not after publication (plus the tolerance). */
function inferYear(pub: PubDay, month: number, day: number): number | undefined {
  for (let year = pub.year; year >= pub.year - 8; year--) {
    if (isValidDay(year, month, day) && dayNumber(year, month, day) <= pub.day + FUTURE_TOLERANCE_DAYS) {
      return year;
    }
  }
  return undefined;
}

function countIn(text: string): number | undefined {
  const m = /\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:days?|weeks?)\b/i.exec(text);
  if (!m) return undefined;
  const word = m[1]!.toLowerCase();
  return WORD_NUMBERS[word] ?? Number(word);
}

function exactDay(pub: PubDay, year: number | undefined, month: number, day: number): Mention | undefined {
  const y = year ?? inferYear(pub, month, day);
  if (y === undefined || !isValidDay(y, month, day)) return undefined;
  const dn = dayNumber(y, month, day);
  if (dn > pub.day + FUTURE_TOLERANCE_DAYS) return undefined;
  return { index: 0, end: 0, day: dn, lastDay: dn, precision: 1 };
}

function week(day: number): Pick<Mention, 'day' | 'lastDay' | 'precision'> {
  const monday = mondayOf(day);
  return { day: monday, lastDay: monday + 6, precision: 2 };
}

/** "A few days ago", "in the past week": the seven days before publication. */
function recentDays(pub: PubDay): Pick<Mention, 'day' | 'lastDay' | 'precision'> {
  return { day: pub.day - 7, lastDay: pub.day - 1, precision: 2 };
}

/** Reads one chrono result as a mention, or undefined when it is no event date. */
function fromChrono(
  sentence: string,
  r: chrono.ParsedResult,
  index: number,
  pub: PubDay,
): Mention | undefined {
  const text = r.text.toLowerCase();
  const before = sentence.slice(Math.max(0, index - 16), index);
  if (NOT_EVENT_DATE.test(before) || FUTURE_WORDS.test(text) || PRESENT.test(text)) return undefined;
  const s = r.start;
  const at = { index, end: index + r.text.length };
  const y = s.get('year') ?? pub.year;
  const m = s.get('month') ?? pub.month;
  const d = s.get('day') ?? 1;
  const chronoDay = isValidDay(y, m, d) ? dayNumber(y, m, d) : pub.day;

  if (
    /\b(?:yesterday|today|tonight|last night|overnight)\b|\bthis (?:morning|afternoon|evening)\b/.test(text)
  ) {
    if (chronoDay > pub.day) return undefined;
    return { ...at, day: chronoDay, lastDay: chronoDay, precision: 1 };
  }
  if (/\bweekend\b/.test(text)) {
    // The most recent Saturday on or before publication ("last weekend": the one before that).
    let sat = pub.day - ((weekdayOf(pub.day) + 1) % 7);
    if (/\b(?:last|past|previous)\b/.test(text) && pub.day - sat <= 1) sat -= 7;
    return { ...at, day: sat, lastDay: sat + 1, precision: 2 };
  }
  if (/\bweeks?\b/.test(text)) {
    if (/\bpast\b/.test(text)) return { ...at, ...recentDays(pub) };
    if (/\bthis\b/.test(text)) return { ...at, ...week(pub.day) };
    const n = /\bago\b/.test(text) ? (countIn(text) ?? 1) : 1;
    return { ...at, ...week(pub.day - 7 * n) };
  }
  if (/\bdays?\b/.test(text) && /\bago\b/.test(text)) {
    const n = countIn(text);
    if (n === undefined) return { ...at, ...recentDays(pub) };
    if (n <= 6) return { ...at, day: pub.day - n, lastDay: pub.day - n, precision: 1 };
    return { ...at, day: pub.day - n, lastDay: pub.day - n + 6, precision: 2 };
  }
  if (/\bmonths?\b/.test(text)) {
    if (!s.isCertain('month') && !/\bago\b/.test(text)) return undefined;
    return { ...at, ...monthWindow(y, m), precision: 3 };
  }
  if (s.isCertain('day') && s.isCertain('month')) {
    const exact = exactDay(pub, s.isCertain('year') ? y : undefined, m, d);
    return exact && { ...exact, ...at };
  }
  if (s.isCertain('weekday')) {
    const wd = s.get('weekday') ?? 0;
    let day = pub.day - ((weekdayOf(pub.day) - wd + 7) % 7);
    if (/\blast\b/.test(text) && day === pub.day) day -= 7;
    return { ...at, day, lastDay: day, precision: 1 };
  }
  if (s.isCertain('month') && !/\byears?\b/.test(text)) {
    // "march" and "may" are verbs too: a month alone must be capitalised.
    const word = /[a-z]+/i.exec(r.text)?.[0] ?? '';
    if (!s.isCertain('year') && !/^[A-Z]/.test(word)) return undefined;
    let year = s.isCertain('year') ? y : pub.year;
    if (!s.isCertain('year') && dayNumber(year, m, 1) > pub.day) year -= 1;
    return { ...at, ...monthWindow(year, m), precision: 3 };
  }
  if (s.isCertain('year') && !s.isCertain('month')) {
    return {
      ...at,
      day: dayNumber(y, 1, 1),
      lastDay: dayNumber(y, 12, 31),
      precision: 3,
      backgroundOnly: true,
    };
  }
  return undefined;
}

interface HintWindow {
  from: number;
  to: number;
  /** The date words inside, as [start, end) pairs. */
  hints: [number, number][];
}

/** Merged windows around the date words of a sentence, widened to word boundaries. */
function hintWindows(sentence: string): HintWindow[] {
  const windows: HintWindow[] = [];
  for (const m of sentence.matchAll(DATE_HINT)) {
    const hint: [number, number] = [m.index, m.index + m[0].length];
    let from = Math.max(0, hint[0] - WINDOW_BEFORE);
    let to = Math.min(sentence.length, hint[1] + WINDOW_AFTER);
    while (from > 0 && sentence[from - 1] !== ' ') from--;
    while (to < sentence.length && sentence[to] !== ' ') to++;
    const last = windows[windows.length - 1];
    if (last && from <= last.to) {
      last.to = Math.max(last.to, to);
      last.hints.push(hint);
    } else windows.push({ from, to, hints: [hint] });
  }
  return windows;
}

function covered(spans: { index: number; end: number }[], [start, end]: [number, number]): boolean {
  return spans.some((s) => start >= s.index && end <= s.end);
}

/**
 * Every date mention in a sentence, in order of position. Day-month and numeric dates are read by pattern
 * (faster than chrono, and chrono drops "February 29" outside leap years and "the night of September 16-17");
 * chrono reads what is left: relative days, weeks, weekdays and months.
 */
function findMentions(sentence: string, pub: PubDay): Mention[] {
  const windows = hintWindows(sentence);
  if (windows.length === 0) return [];
  const mentions: Mention[] = [];
  /** Spans already read, including dates that bound a period ("since September 1") and so are no mention. */
  const read: { index: number; end: number }[] = [];
  // Reports on Syria write numeric dates day first; chrono would read 05/09 as May 9.
  for (const m of sentence.matchAll(NUMERIC_DATE)) {
    read.push({ index: m.index, end: m.index + m[0].length });
    const exact = exactDay(pub, Number(m[3]), Number(m[2]), Number(m[1]));
    if (exact) mentions.push({ ...exact, index: m.index, end: m.index + m[0].length });
  }
  for (const re of [MONTH_DAY, DAY_MONTH]) {
    for (const m of sentence.matchAll(re)) {
      const monthWord = (re === MONTH_DAY ? m[1] : m[2])!;
      const dayText = (re === MONTH_DAY ? m[2] : m[1])!;
      const month = MONTHS[monthWord.toLowerCase()];
      if (month === undefined || !/^[A-Z]/.test(monthWord) || overlaps(read, m.index, m.index + m[0].length))
        continue;
      read.push({ index: m.index, end: m.index + m[0].length });
      if (NOT_EVENT_DATE.test(sentence.slice(Math.max(0, m.index - 16), m.index))) continue;
      const exact = exactDay(pub, m[3] ? Number(m[3]) : undefined, month, Number(dayText));
      if (exact) mentions.push({ ...exact, index: m.index, end: m.index + m[0].length });
    }
  }
  for (const w of windows) {
    if (w.hints.every((h) => covered(read, h))) continue;
    const results = chrono.casual.parse(
      sentence.slice(w.from, w.to),
      { instant: pub.reference, timezone: 0 },
      { forwardDate: false },
    );
    for (const r of results) {
      const index = w.from + r.index;
      if (overlaps(read, index, index + r.text.length)) continue;
      const mention = fromChrono(sentence, r, index, pub);
      if (mention) {
        mentions.push(mention);
        read.push(mention);
      }
    }
  }
  for (const m of sentence.matchAll(BARE_YEAR)) {
    if (overlaps(read, m.index, m.index + m[0].length)) continue;
    const year = Number(m[1]);
    mentions.push({
      index: m.index,
      end: m.index + m[0].length,
      day: dayNumber(year, 1, 1),
      lastDay: dayNumber(year, 12, 31),
      precision: 3,
      backgroundOnly: true,
    });
  }
  return mentions.sort((a, b) => a.index - b.index);
}

function overlaps(spans: { index: number; end: number }[], index: number, end: number): boolean {
  return spans.some((m) => index < m.end && end > m.index);
}

/**
 * Returns a resolver bound to one publication moment, for resolving many sentences of the same report.
 * Throws when `published` is invalid or `options.tz` is not a known IANA zone.
 */
export function createDateResolver(
  published: Date,
  options: DateOptions = {},
): (sentence: string) => ResolvedDate {
  const pub = toPubDay(published, options.tz ?? 'UTC');
  const pubIso = isoDay(pub.day);
  const cutoff = pub.day - BACKGROUND_DAYS;
  return (sentence) => {
    const mentions = findMentions(sentence, pub);
    const current = mentions.find((m) => m.lastDay >= cutoff && !m.backgroundOnly);
    if (current)
      return { date: isoDay(current.day), precision: current.precision, explicit: true, background: false };
    const old = mentions.find((m) => m.lastDay < cutoff);
    if (old) return { date: isoDay(old.day), precision: old.precision, explicit: true, background: true };
    return { date: pubIso, precision: 1, explicit: false, background: false };
  };
}

/**
 * The date an event sentence refers to, resolved against the report's publication moment (chrono-node with
 * `forwardDate: false`, then these rules):
 *
 * | wording | precision | date |
 * |---|---|---|
 * | "On September 17", "17 September 2024", "17/09/2024" (day first) | 1 | that day; a day-month without a year that would fall more than {@link FUTURE_TOLERANCE_DAYS} days after publication is last year's |
 * | "yesterday", "today", "last night", "this morning", "three days ago" (up to six) | 1 | counted from the publication day |
 * | "on Monday" | 1 | the latest Monday on or before publication ("last Monday": before publication) |
 * | "last week", "earlier this week", "two weeks ago" | 2 | the Monday of that (ISO) week |
 * | "over the weekend", "last weekend" | 2 | the Saturday of the latest weekend on or before publication (or the one before) |
 * | "a few days ago", "in the past week" | 2 | seven days before publication (the window is the week before it) |
 * | "ten days ago" (seven or more) | 2 | that many days before publication, known to about a week |
 * | "in August", "in early August", "last month", "two months ago" | 3 | the first of the month (a month after the publication month is last year's) |
 * | nothing | 1 | the publication day, with `explicit: false` (ACLED codes the report's day when no other is given) |
 *
 * Dates after "since", "until", "before", "than" bound a period rather than date the event and are ignored, as
 * are future dates ("next week", "tomorrow"). The first date that ends within {@link BACKGROUND_DAYS} days of
 * publication wins; when every date is older (a bare "in 2019" counts), the sentence is `background`.
 */
export function resolveEventDate(sentence: string, published: Date, options?: DateOptions): ResolvedDate {
  return createDateResolver(published, options)(sentence);
}
