import type * as Chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { lazyModule } from '../core/lazy-module.js';
import type { DatePrecision } from '../reports/types.js';
import { type ArabicDateExpr, findArabicDates } from './dates-ar.js';

/** chrono-node, loaded on the first English date read (a start that reads no report never loads it). */
const chrono = lazyModule<typeof Chrono>('chrono-node');

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
   * True when the sentence recalls the past ("was appointed on January 3, 2020", "in 2019", "عام 2019") rather
   * than reporting something new: every date it states carries an explicit year (or "of last year") and ends
   * more than {@link BACKGROUND_DAYS} days before publication. A day or month without a year ("On September
   * 17", "في آب") is never background, however far back it resolves. `date` is then the recalled date.
   */
  background: boolean;
}

/**
 * A date with an explicit year that ends more than this many days before publication marks a background
 * sentence; among a sentence's dates, one ending within this many days of publication is preferred.
 */
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
  /** Day of the month. */
  dom: number;
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
  /** The sentence states the year ("January 3, 2020", "in 2019", "من العام الماضي"). */
  yearStated?: boolean;
  /** A weekday, dropped when a full date follows it at once ("Tuesday, 17 September", "الجمعة 17 أيلول"). */
  weekday?: boolean;
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
  `\\b(?:${MONTH_NAME})\\b|\\b(?:19|20)\\d\\d\\b|\\b(?:[Yy]ester|[Tt]o)day\\b|\\b(?:[Mm]on|[Tt]ues|[Ww]ednes|[Tt]hurs|[Ff]ri|[Ss]atur|[Ss]un)days?\\b|\\b[Dd]ays?\\b|\\b(?:[Nn]ight|[Mm]orning|[Ee]vening|[Aa]fternoon|[Oo]vernight|[Dd]awn|[Dd]aybreak|[Nn]oon|[Mm]idday)\\b|\\b[Ww]eek|\\b[Mm]onths?\\b|\\b[Yy]ears?\\b|\\bago\\b|\\b[Tt]onight\\b|\\b\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}\\b|\\b\\d{4}-\\d\\d-\\d\\d\\b`,
  'g',
);
const WINDOW_BEFORE = 28;
const WINDOW_AFTER = 36;
/** Day first, as reports on Syria write them: 17/09/2024, 17.9.2024, 29-09-2022, "22/ 7/ 2017". */
const NUMERIC_DATE = /(?<![\d/.-])(\d{1,2})(?:\s*([/-])\s*|(\.))(\d{1,2})(?:\s*\2\s*|\3)(\d{4})(?![\d/-])/g;
const ISO_DATE = /(?<![\d/.-])(\d{4})-(\d\d)-(\d\d)(?![\d/-])/g;
const EASTERN_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/g;
const WEEKDAY_NAME = '(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day';
const WEEKDAY_INDEX: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
/** "late October", "mid-October", "the end of October 2023": the month, never a day of it. */
const MONTH_PART = new RegExp(
  `\\b(?:(?:early|late|mid)(?:-|\\s+)|(?:the\\s+)?(?:end|beginning|start|middle|first half|second half|(?:first|last|final) (?:days|week))\\s+of\\s+)(${MONTH_NAME})\\b\\.?(?:,?\\s+((?:19|20)\\d\\d)\\b)?`,
  'gi',
);
/** "this dawn", "at dawn today", "today's noon": the publication day. */
const TODAY_PART =
  /\b(?:this|today'?s)\s+(?:dawn|daybreak|noon|midday)\b|\b(?:dawn|daybreak|noon|midday)\s+(?:of\s+)?today\b/gi;
/** "the night of Friday to Saturday", "the night of Friday": the first of the two days. */
const NIGHT_OF = new RegExp(
  `\\bnight\\s+of\\s+(?:the\\s+)?(${WEEKDAY_NAME})\\b(?:\\s*(?:-|–|to|into|and)\\s*${WEEKDAY_NAME}\\b)?`,
  'gi',
);
const MONTH_DAY = new RegExp(
  `\\b(${MONTH_NAME})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`,
  'gi',
);
const DAY_MONTH = new RegExp(
  `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_NAME})\\b(?:,?\\s+(\\d{4})\\b)?`,
  'gi',
);
/** "in 2019", "during 2019", "the summer of 2019", "in late 2019", "mid-2019". */
const BARE_YEAR =
  /\b(?:(?:in|during|throughout|(?:summer|winter|spring|autumn|fall|end|beginning|start|middle|half) of)\s+(?:(?:early|late|mid)(?:-|\s+))?|(?:early|late|mid)(?:-|\s+))((?:19|20)\d{2})\b(?![-/])/gi;
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
    dom: local.day,
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
  return { index: 0, end: 0, day: dn, lastDay: dn, precision: 1, yearStated: year !== undefined };
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
  r: Chrono.ParsedResult,
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
    return { ...at, ...weekdayMention(pub, wd, /\blast\b/.test(text)) };
  }
  if (s.isCertain('month') && !/\byears?\b/.test(text)) {
    // "march" and "may" are verbs too: a month alone must be capitalised.
    const word = /[a-z]+/i.exec(r.text)?.[0] ?? '';
    if (!s.isCertain('year') && !/^[A-Z]/.test(word)) return undefined;
    let year = s.isCertain('year') ? y : pub.year;
    if (!s.isCertain('year') && dayNumber(year, m, 1) > pub.day) year -= 1;
    return { ...at, ...monthWindow(year, m), precision: 3, yearStated: s.isCertain('year') };
  }
  if (s.isCertain('year') && !s.isCertain('month')) {
    return {
      ...at,
      day: dayNumber(y, 1, 1),
      lastDay: dayNumber(y, 12, 31),
      precision: 3,
      backgroundOnly: true,
      yearStated: true,
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

/** The latest `weekday` (0 = Sunday) on or before publication, or strictly before it. */
function weekdayMention(pub: PubDay, weekday: number, strictlyBefore: boolean): Mention {
  let day = pub.day - ((weekdayOf(pub.day) - weekday + 7) % 7);
  if (strictlyBefore && day === pub.day) day -= 7;
  return { index: 0, end: 0, day, lastDay: day, precision: 1, weekday: true };
}

/** A month without a stated year: the latest one that has begun by publication. */
function latestMonth(pub: PubDay, month: number): number {
  return dayNumber(pub.year, month, 1) > pub.day ? pub.year - 1 : pub.year;
}

function monthMention(year: number, month: number, yearStated: boolean): Mention {
  return { index: 0, end: 0, ...monthWindow(year, month), precision: 3, yearStated };
}

/** Reads one Arabic expression ({@link findArabicDates}) against the publication day. */
function fromArabic(e: ArabicDateExpr, pub: PubDay): Mention | undefined {
  switch (e.kind) {
    case 'day': {
      const year =
        e.year ??
        (e.yearsAgo !== undefined
          ? pub.year - e.yearsAgo
          : e.pastMonth
            ? pub.year - (e.month < pub.month ? 0 : 1)
            : undefined);
      return exactDay(pub, year, e.month, e.day);
    }
    case 'dayOfMonth': {
      const inMonth = (monthsAgo: number): Mention | undefined => {
        const first = new Date(Date.UTC(pub.year, pub.month - 1 - monthsAgo, 1));
        return exactDay(pub, first.getUTCFullYear(), first.getUTCMonth() + 1, e.day);
      };
      if (e.monthsAgo !== undefined) return inMonth(e.monthsAgo);
      const here = inMonth(0);
      return here ? { ...here, yearStated: false } : inMonth(1) && { ...inMonth(1)!, yearStated: false };
    }
    case 'daysAgo': {
      const day = pub.day - e.days;
      return { index: 0, end: 0, day, lastDay: day, precision: e.loose ? 2 : 1 };
    }
    case 'recentDays':
      return { index: 0, end: 0, ...recentDays(pub) };
    case 'weekday':
      return weekdayMention(pub, e.weekday, e.strictlyBefore);
    case 'week':
      return { index: 0, end: 0, ...week(pub.day - 7 * e.weeksAgo) };
    case 'month': {
      if (e.month === undefined) {
        const first = new Date(Date.UTC(pub.year, pub.month - 1 - (e.monthsAgo ?? 0), 1));
        return monthMention(first.getUTCFullYear(), first.getUTCMonth() + 1, false);
      }
      const stated = e.year !== undefined || e.yearsAgo !== undefined;
      const year =
        e.year ??
        (e.yearsAgo !== undefined
          ? pub.year - e.yearsAgo
          : e.pastMonth
            ? pub.year - (e.month < pub.month ? 0 : 1)
            : latestMonth(pub, e.month));
      if (dayNumber(year, e.month, 1) > pub.day) return undefined;
      return monthMention(year, e.month, stated);
    }
    case 'year':
      return {
        index: 0,
        end: 0,
        day: dayNumber(e.year, 1, 1),
        lastDay: dayNumber(e.year, 12, 31),
        precision: 3,
        backgroundOnly: true,
        yearStated: true,
      };
  }
}

/** Dates read by pattern before chrono: numeric, day-month, month parts, dawn and night wording. */
function patternMentions(
  sentence: string,
  pub: PubDay,
  mentions: Mention[],
  read: { index: number; end: number }[],
): void {
  const take = (m: RegExpMatchArray, mention: Mention | undefined): void => {
    const span = { index: m.index!, end: m.index! + m[0].length };
    if (overlaps(read, span.index, span.end)) return;
    read.push(span);
    if (mention && !NOT_EVENT_DATE.test(sentence.slice(Math.max(0, span.index - 16), span.index))) {
      mentions.push({ ...mention, ...span });
    }
  };
  for (const m of sentence.matchAll(ISO_DATE))
    take(m, exactDay(pub, Number(m[1]), Number(m[2]), Number(m[3])));
  for (const m of sentence.matchAll(NUMERIC_DATE)) {
    take(m, exactDay(pub, Number(m[5]), Number(m[4]), Number(m[1])));
  }
  for (const m of sentence.matchAll(MONTH_PART)) {
    const month = MONTHS[m[1]!.toLowerCase()];
    if (month === undefined || !/^[A-Z]/.test(m[1]!)) continue;
    const year = m[2] ? Number(m[2]) : latestMonth(pub, month);
    take(m, dayNumber(year, month, 1) > pub.day ? undefined : monthMention(year, month, m[2] !== undefined));
  }
  for (const re of [MONTH_DAY, DAY_MONTH]) {
    for (const m of sentence.matchAll(re)) {
      const monthWord = (re === MONTH_DAY ? m[1] : m[2])!;
      const dayText = (re === MONTH_DAY ? m[2] : m[1])!;
      const month = MONTHS[monthWord.toLowerCase()];
      if (month === undefined || !/^[A-Z]/.test(monthWord)) continue;
      take(m, exactDay(pub, m[3] ? Number(m[3]) : undefined, month, Number(dayText)));
    }
  }
  for (const m of sentence.matchAll(TODAY_PART))
    take(m, { index: 0, end: 0, day: pub.day, lastDay: pub.day, precision: 1 });
  for (const m of sentence.matchAll(NIGHT_OF)) {
    take(m, weekdayMention(pub, WEEKDAY_INDEX[m[1]!.slice(0, 3).toLowerCase()]!, false));
  }
}

/**
 * Every date mention in a sentence, in order of position. Numeric, day-month and month-part dates are read by
 * pattern (faster than chrono, and chrono drops "February 29" outside leap years, reads "the night of
 * September 16-17" badly and "the end of October" as its last day); Arabic wording by {@link findArabicDates};
 * chrono reads what is left: relative days, weeks, weekdays and months.
 */
function findMentions(text: string, pub: PubDay): Mention[] {
  const sentence = text.replace(EASTERN_DIGIT, westernDigit);
  const mentions: Mention[] = [];
  /** Spans already read, including dates that bound a period ("since September 1") and so are no mention. */
  const read: { index: number; end: number }[] = [];
  for (const a of findArabicDates(sentence)) {
    read.push(a);
    const mention = fromArabic(a, pub);
    if (mention) mentions.push({ ...mention, index: a.index, end: a.end });
  }
  const windows = hintWindows(sentence);
  if (windows.length === 0 && mentions.length === 0) return mentions;
  if (windows.length > 0) patternMentions(sentence, pub, mentions, read);
  for (const w of windows) {
    if (w.hints.every((h) => covered(read, h))) continue;
    const results = chrono().casual.parse(
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
      yearStated: true,
    });
  }
  mentions.sort((a, b) => a.index - b.index);
  // A weekday right before a full date ("Tuesday, 17 September") only names that date's day.
  return mentions.filter((m, i) => {
    const next = mentions[i + 1];
    return !(m.weekday && next && next.precision === 1 && !next.weekday && next.index - m.end <= 3);
  });
}

function westernDigit(d: string): string {
  const c = d.charCodeAt(0);
  return String.fromCharCode(48 + c - (c >= 0x06f0 ? 0x06f0 : 0x0660));
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
  const historic = (m: Mention): boolean => m.yearStated === true && m.lastDay < cutoff;
  return (sentence) => {
    const mentions = findMentions(sentence, pub);
    if (mentions.length === 0) return { date: pubIso, precision: 1, explicit: false, background: false };
    const dated =
      mentions.find((m) => !m.backgroundOnly && m.lastDay >= cutoff) ??
      mentions.find((m) => !m.backgroundOnly && !historic(m));
    if (dated)
      return { date: isoDay(dated.day), precision: dated.precision, explicit: true, background: false };
    const old = mentions.find(historic);
    if (old) return { date: isoDay(old.day), precision: old.precision, explicit: true, background: true };
    return { date: pubIso, precision: 1, explicit: false, background: false };
  };
}

/**
 * The date an event sentence refers to, resolved against the report's publication moment: numeric, day-month
 * and month-part dates and Arabic wording by pattern ({@link findArabicDates}), the rest of the English by
 * chrono-node with `forwardDate: false`, then these rules:
 *
 * | wording | precision | date |
 * |---|---|---|
 * | "On September 17", "17 September 2024", "17/09/2024", "18-09-2024", "2024-09-18" (day first); "في 17 أيلول/سبتمبر", "في السابع عشر من أيلول", "١٤ أيلول" | 1 | that day; a day-month without a year is the latest such day on or before publication, up to {@link FUTURE_TOLERANCE_DAYS} days after it ("On September 17" published 5 January 2021 is 17 September 2020) |
 * | "في السادس من الشهر" (of the month) / "من الشهر الجاري" / "من الشهر الماضي" | 1 | that day of the publication month (the month before if it is still to come) / of this month / of last month |
 * | "التاسع من تشرين الأول الماضي", "أيلول الماضي" | 1 / 3 | that day or month of the latest such month before the publication month |
 * | "yesterday", "yesterday evening", "last night", "today", "earlier today", "this morning", "this dawn", "at dawn today", "a few hours ago", "three days ago" (up to six); "أمس", "يوم أمس", "البارحة", "ليلة أمس", "أمس الثلاثاء", "اليوم", "صباح/فجر/ظهر/مساء اليوم", "قبل ساعات", "أول أمس" | 1 | counted from the publication day |
 * | "قبل يومين", "قبل ثلاثة أيام", "قبل ٤ أيام" | 2 | that many days before publication (the Arabic wording is loose) |
 * | "on Monday", "Tuesday night", "the night of Friday to Saturday"; "يوم الاثنين", "صباح الثلاثاء", "ليل الجمعة - السبت" | 1 | the latest such day on or before publication (the first night of a pair) |
 * | "last Monday"; "الخميس الفائت", "الأحد الماضي" | 1 | the latest such day before publication |
 * | "last week", "earlier this week", "two weeks ago"; "الأسبوع الماضي", "هذا الأسبوع", "قبل أسبوعين" | 2 | the Monday of that (ISO) week |
 * | "over the weekend", "last weekend" | 2 | the Saturday of the latest weekend on or before publication (or the one before) |
 * | "a few days ago", "in the past week"; "قبل أيام", "الأسبوع الأخير" | 2 | seven days before publication (the window is the week before it) |
 * | "ten days ago" (seven or more) | 2 | that many days before publication, known to about a week |
 * | "in August", "in early August", "mid-October", "in late October", "at the end of October", "last month", "two months ago"; "في آب", "أواخر/أوائل/منتصف تشرين الأول", "الشهر الماضي", "قبل شهر" | 3 | the first of the month (a month not yet begun at publication is last year's) |
 * | "In 2019", "in late 2019", "the summer of 2019"; "عام 2019" | 3 | 1 January of that year, used only to mark an old sentence `background` |
 * | "a few hours earlier", "hours later", "at dawn", "في اليوم التالي", anything else | 1 | the publication day, with `explicit: false`: the sentence states no date of its own (the caller carries the last stated one; ACLED codes the report's day when no other is given) |
 *
 * Dates after "since", "until", "before", "than" (and "منذ", "حتى", "إلى", "قبل") bound a period rather than
 * date the event and are ignored, as are future dates ("next week", "tomorrow", "الأحد المقبل") and words that
 * only look like dates ("مارس" the verb, "نيسان" the carmaker, "اليوم العالمي", "الطرفين الاثنين"). The first
 * date that ends within {@link BACKGROUND_DAYS} days of publication wins, else the first that is not historic.
 * The sentence is `background` only when every date it states is historic: it has an explicit year ("January 3,
 * 2020", "in 2019", "من العام الماضي") and ends more than {@link BACKGROUND_DAYS} days before publication.
 */
export function resolveEventDate(sentence: string, published: Date, options?: DateOptions): ResolvedDate {
  return createDateResolver(published, options)(sentence);
}
