/**
 * Arabic date wording, read into calendar expressions that {@link ../extract/dates.ts} resolves against the
 * publication day. chrono-node reads English only; this module knows the Levantine and the standard month
 * names, ordinal day words, Eastern Arabic digits, the relative words of news prose (أمس، اليوم، قبل يومين،
 * الأسبوع الماضي، أواخر تشرين الأول) and weekday names, and nothing else: it never throws and returns no
 * expression when it is unsure.
 *
 * Matching runs on a folded copy of the sentence (hamzated alefs to ا, ى to ي, ة to ه, Eastern digits to
 * ASCII, diacritics and tatweel removed); offsets are mapped back to the sentence as written.
 */

/** A calendar expression found in Arabic text, with its span in the sentence as written. */
export type ArabicDate = { index: number; end: number } & ArabicDateExpr;

/** What an Arabic date expression says, before it meets a publication day. */
export type ArabicDateExpr =
  /** A day of a named month ("17 أيلول", "في الثالث عشر من تشرين الأول 2024"). */
  | {
      kind: 'day';
      day: number;
      month: number;
      /** The year written ("2024"), or a year counted from publication ("من العام الماضي" = -1) in `yearsAgo`. */
      year?: number;
      yearsAgo?: number;
      /** "أيلول الماضي": the latest such month before the publication month. */
      pastMonth?: boolean;
    }
  /** A day of the publication month or the one before ("في السادس من الشهر", "من الشهر الماضي"). */
  | { kind: 'dayOfMonth'; day: number; monthsAgo?: 0 | 1 }
  /** Days counted back from publication: اليوم 0, أمس 1, أول أمس 2, "قبل ثلاثة أيام" 3 (`loose`). */
  | { kind: 'daysAgo'; days: number; loose: boolean }
  /** "قبل أيام": some days in the week before publication. */
  | { kind: 'recentDays' }
  /** A weekday, 0 = Sunday; `strictlyBefore` for "الخميس الماضي" (never the publication day itself). */
  | { kind: 'weekday'; weekday: number; strictlyBefore: boolean }
  /** An ISO week counted back from publication ("الأسبوع الماضي" 1, "هذا الأسبوع" 0). */
  | { kind: 'week'; weeksAgo: number }
  /** A month: named (`month`, with `year`, `yearsAgo` or `pastMonth`), or counted back (`monthsAgo`). */
  | {
      kind: 'month';
      month?: number;
      monthsAgo?: number;
      year?: number;
      yearsAgo?: number;
      pastMonth?: boolean;
    }
  /** A year alone ("عام 2019"). */
  | { kind: 'year'; year: number };

const ARABIC_LETTER = /[\u0600-\u06ff]/;
/** Characters that fold to another of the same length. */
const FOLD_SAME = /[\u0622\u0623\u0625\u0671\u0649\u0629\u0660-\u0669\u06f0-\u06f9]/g;
/** Characters dropped by folding: harakat, superscript alef, tatweel. */
const FOLD_DROP = /[\u064b-\u065f\u0670\u0640]/;

function foldChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0x0660 && c <= 0x0669) return String.fromCharCode(c - 0x0660 + 48);
  if (c >= 0x06f0 && c <= 0x06f9) return String.fromCharCode(c - 0x06f0 + 48);
  if (ch === '\u0649') return '\u064a';
  if (ch === '\u0629') return '\u0647';
  return '\u0627';
}

interface Folded {
  text: string;
  /** Offset in the original for each offset of `text` (and one past the end); absent when none was dropped. */
  map?: number[];
}

function fold(sentence: string): Folded {
  const same = sentence.replace(FOLD_SAME, foldChar);
  if (!FOLD_DROP.test(same)) return { text: same };
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < same.length; i++) {
    const c = same.charCodeAt(i);
    if ((c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640) continue;
    map.push(i);
    text += same[i];
  }
  map.push(same.length);
  return { text, map };
}

// Everything below is written in folded spelling (ا for أ إ آ, ي for ى, ه for ة).
const B = '(?<![\\p{L}\\p{M}\\p{N}])';
const E = '(?![\\p{L}\\p{M}\\p{N}])';
/** Conjunctions and prepositions written onto the next word. */
const PRE = '(?:[وف]?[بل]?)';

const MONTH_WORD =
  'كانون\\s+(?:ال)?(?:ثاني|اول)|تشرين\\s+(?:ال)?(?:اول|ثاني)|شباط|اذار|نيسان|ايار|حزيران|تموز|ايلول|اب|يناير|فبراير|مارس|ابريل|مايو|يوني[وه]|يولي[وه]|اغسطس|سبتمبر|اكتوبر|نوفمبر|ديسمبر';
/** A month name, optionally doubled the way Syrian outlets write it ("أيلول/سبتمبر", "أيلول (سبتمبر)"). */
const MONTH = `${PRE}(${MONTH_WORD})${E}(?:\\s*(?:/|\\\\|-)\\s*(?:${MONTH_WORD})${E}|\\s*\\(\\s*(?:${MONTH_WORD})\\s*\\))?`;
const LAST = 'ماضي|ماضيه|فائت|فائته|منصرم|منصرمه|سابق|سابقه|منقضي';
const CURRENT = 'جاري|حالي|حاليه|جاريه';
const CURRENT_RE = /جاري|حالي/;
/** What may follow a month: a year, "of last year", "last" or "this". */
const YEAR_TAIL = `(?:\\s*[,،]?\\s*(?:من\\s+)?(?:(?:ال)?(?:عام|سنه)\\s*)?((?:19|20)\\d\\d)(?!\\d)(?:\\s*م${E})?|\\s+(?:من\\s+)?(?:ال)?(?:عام|سنه)\\s+ال(${LAST}|${CURRENT})${E}|\\s+ال(${LAST}|${CURRENT})${E})?`;

const ORDINAL_UNITS = 'حادي|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع';
/** A day as digits ("17", "الـ17") or as an ordinal word ("السادس", "الثالث عشر", "الحادي والعشرين"). */
const DAY = `(?:ال)?(\\d{1,2})(?!\\d)|ال(?:(${ORDINAL_UNITS})\\s*(عشر|و\\s*ال(?:عشرين|عشرون|ثلاثين|ثلاثون))|(اول|${ORDINAL_UNITS}|عاشر|عشرين|عشرون|ثلاثين|ثلاثون))${E}`;
/** A second day in a range ("17 و18 أيلول", "14 - 17 أيلول"), read past. */
const DAY_RANGE = `(?:\\s*(?:-|–|و|الي|حتي)\\s*(?:ال)?\\d{1,2}(?!\\d))?`;

const DAY_MONTH = new RegExp(
  `${B}(?:يوم\\s+|في\\s+)?(?:${DAY})${DAY_RANGE}\\s*(?:من\\s+)?(?:شهر\\s+)?${MONTH}${YEAR_TAIL}`,
  'gu',
);
const DAY_OF_MONTH = new RegExp(
  `${B}(?:يوم\\s+|في\\s+)?(?:${DAY})${DAY_RANGE}\\s+(?:من\\s+)?(?:هذا\\s+)?(?:ال)?شهر(?:\\s+ال(${LAST}|${CURRENT}))?${E}`,
  'gu',
);
const PART = 'اواخر|اوائل|منتصف|اواسط|مطلع|بدايه|بدايات|نهايه|نهايات|اخر|اول|خلال|طيله|طوال';
const MONTH_ONLY = new RegExp(`${B}(?:(${PART})\\s+)?(شهر\\s+)?${MONTH}${YEAR_TAIL}`, 'gu');
const MONTH_REL = new RegExp(
  `${B}(?:(?:${PART})\\s+)?(?:(?:ال)?شهر\\s+ال(${LAST}|${CURRENT})|هذا\\s+الشهر)${E}`,
  'gu',
);
const WEEK_REL = new RegExp(
  `${B}(?:(?:${PART})\\s+)?(?:(?:ال)?اسبوع\\s+ال(${LAST}|${CURRENT}|اخير)|هذا\\s+الاسبوع)${E}`,
  'gu',
);
const WEEKDAY = 'احد|اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت';
const WEEKDAY_NUMBER: Record<string, number> = {
  احد: 0,
  اثنين: 1,
  ثلاثاء: 2,
  اربعاء: 3,
  خميس: 4,
  جمعه: 5,
  سبت: 6,
};
const TIME_OF_DAY =
  'صباح|مساء|فجر|ظهر|ظهيره|عصر|ليل|ليله|ضحي|نهار|منتصف\\s+ليل|منتصف\\s+ليله|بعد\\s+ظهر|قبيل|بعيد';
/** "أمس" (with the day named after it, "أمس الثلاثاء", read past), "البارحة", "الليلة الماضية", "أول أمس". */
const YESTERDAY = new RegExp(
  `${B}(?:(اول\\s+(?:من\\s+)?امس|قبل\\s+امس)|(?:(?:يوم|${TIME_OF_DAY})\\s+)?[وف]?(?:بال|ال)?(?:امس(\\s+الاول${E})?|بارحه)|(?:ال)?ليله\\s+ال(?:ماضيه|فائته|منصرمه|سابقه))${E}(?:\\s+ال(?:${WEEKDAY})${E})?`,
  'gu',
);
/** "اليوم", "صباح اليوم", "اليوم الجمعة"; not "اليوم التالي" (the day after) or "اليوم العالمي". */
const TODAY = new RegExp(
  `${B}(?:(?:${TIME_OF_DAY}|خلال|طوال|طيله|في\\s+وقت\\s+سابق\\s+من)\\s+)?[وف]?(?:هذا\\s+)?اليوم${E}(?!\\s+(?:ال)?(?:تالي|سابق|اول|ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع|عاشر|اخير|عالمي|دولي|وطني|موعود|نفس|ذات)|\\s+من\\s+(?:ال)?(?:عام|سنه))(?:\\s+ال(?:${WEEKDAY})${E})?|${B}(?:قبل|منذ)\\s+(?:(?:بضع|عده)\\s+)?(?:\\d{1,2}\\s+)?(?:ساعه|ساعتين|ساعات)(?:\\s+قليله)?${E}|${B}(?:خلال\\s+)?ال(?:ساعات(?:\\s+ال(?:24|48))?|(?:24|48)\\s+ساعه)\\s+ال(?:ماضيه|اخيره|منصرمه|فائته)${E}`,
  'gu',
);
const COUNT_WORDS: Record<string, number> = {
  ثلاث: 3,
  ثلاثه: 3,
  اربع: 4,
  اربعه: 4,
  خمس: 5,
  خمسه: 5,
  ست: 6,
  سته: 6,
  سبع: 7,
  سبعه: 7,
  ثماني: 8,
  ثمانيه: 8,
  ثمان: 8,
  تسع: 9,
  تسعه: 9,
  عشر: 10,
  عشره: 10,
};
const COUNT = `\\d{1,2}|${Object.keys(COUNT_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|')}`;
/** "قبل يومين", "منذ ثلاثة أيام", "قبل أيام", "قبل أسبوعين", "قبل شهر". */
const AGO = new RegExp(
  `${B}(?:قبل|منذ)\\s+(?:نحو\\s+|حوالي\\s+|قرابه\\s+)?(?:(يوم(?:\\s+واحد)?(?![\\p{L}\\p{M}]|\\s+ال)|يومين)|(?:(بضعه|بضع|عده|ايام)(?:\\s+ايام)?(?:\\s+قليله)?)|(${COUNT})\\s+(?:ايام|يوما|يوم)|(اسبوع|اسبوعين)|(${COUNT})\\s+اسابيع|(شهر|شهرين))${E}`,
  'gu',
);
/** A weekday, with the time of day or "يوم" before it, and "الماضي" or the second night of "ليل الجمعة - السبت" after it. */
const WEEKDAY_RE = new RegExp(
  `${B}(?:(يوم|${TIME_OF_DAY}|ليلتي|في)\\s+)?${PRE}ال(${WEEKDAY})${E}(?:\\s*(?:-|–|/|علي|الي|و)\\s*(?:ال)?(?:${WEEKDAY})${E})?(?:\\s+ال(${LAST}|اخير)${E})?(?!\\s+ال(?:مقبل|قادم|مقبله|قادمه)${E})`,
  'gu',
);
const YEAR_ONLY = new RegExp(
  `${B}(?:(?:في|خلال|مطلع|بدايه|اواخر|اوائل|منتصف|نهايه)\\s+)?(?:(?:ال)?(?:عام|سنه)\\s*((?:19|20)\\d\\d)(?!\\d)|في\\s+((?:19|20)\\d\\d)(?!\\d)(?=\\s*(?:[،,.؛;:)]|$|\\s+(?:و|حين|عندما|ضمن|حيث)${E})))`,
  'gu',
);
/** Words after which a date bounds a period or compares ("منذ", "حتى", "قبل") rather than dating the event. */
const NOT_EVENT =
  /(?:^|[^\p{L}\p{M}])(?:[وف]?(?:منذ|حتي|لغايه|الي|قبل)|ابتداء\s+من|اعتبارا\s+من|بدءا\s+من)\s*$/u;
/** A month alone is a date only with a preposition before it ("في آذار", "خلال نيسان"). */
const MONTH_CONTEXT = /(?:^|[^\p{L}\p{M}])(?:في|خلال|منذ|حتي|طيله|طوال)\s*$/u;

// Cheap tests for the words each pattern needs, so most sentences skip most patterns.
const MONTH_HINT = new RegExp(MONTH_WORD);
const YESTERDAY_HINT = /امس|بارحه|ليله ال/;
const TODAY_HINT = /يوم|ساع/;
const AGO_HINT = /قبل|منذ/;
const WEEKDAY_HINT = new RegExp(`ال(?:${WEEKDAY})`);
const YEAR_HINT = /(?:19|20)\d\d/;
const NONE: RegExpExecArray[] = [];

const MONTH_NUMBER: Record<string, number> = {
  شباط: 2,
  اذار: 3,
  نيسان: 4,
  ايار: 5,
  حزيران: 6,
  تموز: 7,
  اب: 8,
  ايلول: 9,
  يناير: 1,
  فبراير: 2,
  مارس: 3,
  ابريل: 4,
  مايو: 5,
  يونيو: 6,
  يونيه: 6,
  يوليو: 7,
  يوليه: 7,
  اغسطس: 8,
  سبتمبر: 9,
  اكتوبر: 10,
  نوفمبر: 11,
  ديسمبر: 12,
};

function monthOf(word: string): number {
  const w = word.replace(/\s+/g, ' ');
  if (w.startsWith('كانون')) return w.endsWith('ثاني') ? 1 : 12;
  if (w.startsWith('تشرين')) return w.endsWith('اول') ? 10 : 11;
  return MONTH_NUMBER[w] ?? 0;
}

const ORDINAL_NUMBER: Record<string, number> = {
  اول: 1,
  حادي: 1,
  ثاني: 2,
  ثالث: 3,
  رابع: 4,
  خامس: 5,
  سادس: 6,
  سابع: 7,
  ثامن: 8,
  تاسع: 9,
  عاشر: 10,
  عشرين: 20,
  عشرون: 20,
  ثلاثين: 30,
  ثلاثون: 30,
};

/** The day number from the groups of {@link DAY}: digits, a compound ordinal, or a simple one. */
function dayOf(digits?: string, unit?: string, tens?: string, simple?: string): number {
  if (digits) return Number(digits);
  if (simple) return ORDINAL_NUMBER[simple] ?? 0;
  const u = ORDINAL_NUMBER[unit ?? ''] ?? 0;
  if (tens === 'عشر') return 10 + u;
  return (tens?.includes('ثلاث') ? 30 : 20) + u;
}

/** The year part of {@link YEAR_TAIL}: a written year, or a year counted from publication. */
function yearOf(
  written: string | undefined,
  relYear: string | undefined,
): { year?: number; yearsAgo?: number } {
  if (written) return { year: Number(written) };
  if (relYear) return { yearsAgo: CURRENT_RE.test(relYear) ? 0 : 1 };
  return {};
}

/**
 * Every date expression in an Arabic (or mixed) sentence, in order of position, none overlapping. Returns an
 * empty list at once when the sentence has no Arabic letter.
 */
export function findArabicDates(sentence: string): ArabicDate[] {
  if (!ARABIC_LETTER.test(sentence)) return [];
  const { text, map } = fold(sentence);
  const found: ArabicDate[] = [];
  const spans: [number, number][] = [];
  const free = (index: number, end: number): boolean => !spans.some(([s, e]) => index < e && end > s);
  const add = (index: number, end: number, expr: ArabicDateExpr | undefined, bounded = false): void => {
    if (!free(index, end)) return;
    spans.push([index, end]);
    if (!expr || bounded) return;
    found.push({ index: map ? map[index]! : index, end: map ? map[end]! : end, ...expr });
  };
  const bounds = (index: number): boolean => NOT_EVENT.test(text.slice(Math.max(0, index - 24), index));

  const hasMonth = MONTH_HINT.test(text);
  const hasShahr = text.includes('شهر');
  for (const m of hasMonth ? text.matchAll(DAY_MONTH) : NONE) {
    const day = dayOf(m[1], m[2], m[3], m[4]);
    const month = monthOf(m[5]!);
    const expr: ArabicDateExpr = { kind: 'day', day, month, ...yearOf(m[6], m[7]) };
    if (m[8]) Object.assign(expr, CURRENT_RE.test(m[8]) ? { yearsAgo: 0 } : { pastMonth: true });
    add(m.index, m.index + m[0].length, day > 0 && month > 0 ? expr : undefined, bounds(m.index));
  }
  for (const m of hasShahr ? text.matchAll(DAY_OF_MONTH) : NONE) {
    const day = dayOf(m[1], m[2], m[3], m[4]);
    const rel = m[5];
    const monthsAgo = rel === undefined ? undefined : CURRENT_RE.test(rel) ? 0 : 1;
    const expr: ArabicDateExpr =
      monthsAgo === undefined ? { kind: 'dayOfMonth', day } : { kind: 'dayOfMonth', day, monthsAgo };
    add(m.index, m.index + m[0].length, day > 0 ? expr : undefined, bounds(m.index));
  }
  for (const m of hasMonth ? text.matchAll(MONTH_ONLY) : NONE) {
    const [, part, shahr, name, year, relYear, rel] = m;
    const month = monthOf(name!);
    const strong =
      part !== undefined ||
      shahr !== undefined ||
      year !== undefined ||
      relYear !== undefined ||
      rel !== undefined ||
      /[/\\(-]/.test(m[0]);
    const weak =
      MONTH_CONTEXT.test(text.slice(Math.max(0, m.index - 8), m.index)) ||
      /[بل]$/.test(m[0].slice(0, m[0].indexOf(name!)));
    if (!strong && (!weak || name === 'اب')) continue;
    const expr: ArabicDateExpr = { kind: 'month', month, ...yearOf(year, relYear) };
    if (rel) Object.assign(expr, CURRENT_RE.test(rel) ? { yearsAgo: 0 } : { pastMonth: true });
    add(m.index, m.index + m[0].length, month > 0 ? expr : undefined, bounds(m.index));
  }
  for (const m of hasShahr ? text.matchAll(MONTH_REL) : NONE) {
    const rel = m[1];
    const expr: ArabicDateExpr = { kind: 'month', monthsAgo: rel && !CURRENT_RE.test(rel) ? 1 : 0 };
    add(m.index, m.index + m[0].length, expr, bounds(m.index));
  }
  for (const m of text.includes('اسبوع') ? text.matchAll(WEEK_REL) : NONE) {
    const rel = m[1];
    const expr: ArabicDateExpr =
      rel === 'اخير'
        ? { kind: 'recentDays' }
        : { kind: 'week', weeksAgo: rel && !CURRENT_RE.test(rel) ? 1 : 0 };
    add(m.index, m.index + m[0].length, expr, bounds(m.index));
  }
  for (const m of YESTERDAY_HINT.test(text) ? text.matchAll(YESTERDAY) : NONE) {
    const days = m[1] || m[2] ? 2 : 1;
    add(m.index, m.index + m[0].length, { kind: 'daysAgo', days, loose: false }, bounds(m.index));
  }
  for (const m of TODAY_HINT.test(text) ? text.matchAll(TODAY) : NONE) {
    add(m.index, m.index + m[0].length, { kind: 'daysAgo', days: 0, loose: false }, bounds(m.index));
  }
  for (const m of AGO_HINT.test(text) ? text.matchAll(AGO) : NONE) {
    const [, oneDay, vague, nDays, weeks, nWeeks, months] = m;
    const at = m.index;
    const end = at + m[0].length;
    if (oneDay)
      add(at, end, { kind: 'daysAgo', days: oneDay === 'يومين' ? 2 : 1, loose: oneDay === 'يومين' });
    else if (vague) add(at, end, { kind: 'recentDays' });
    else if (nDays) add(at, end, { kind: 'daysAgo', days: countOf(nDays), loose: true });
    else if (weeks) add(at, end, { kind: 'week', weeksAgo: weeks === 'اسبوعين' ? 2 : 1 });
    else if (nWeeks) add(at, end, { kind: 'week', weeksAgo: countOf(nWeeks) });
    else if (months) add(at, end, { kind: 'month', monthsAgo: months === 'شهرين' ? 2 : 1 });
  }
  for (const m of WEEKDAY_HINT.test(text) ? text.matchAll(WEEKDAY_RE) : NONE) {
    const [, before, name, last] = m;
    // الاثنين is also "the two" and الأحد "the one": alone, neither names a day.
    if (!before && !last && (name === 'اثنين' || name === 'احد')) continue;
    const weekday = WEEKDAY_NUMBER[name!]!;
    add(
      m.index,
      m.index + m[0].length,
      { kind: 'weekday', weekday, strictlyBefore: last !== undefined },
      bounds(m.index),
    );
  }
  for (const m of YEAR_HINT.test(text) ? text.matchAll(YEAR_ONLY) : NONE) {
    add(m.index, m.index + m[0].length, { kind: 'year', year: Number(m[1] ?? m[2]) }, bounds(m.index));
  }
  return found.sort((a, b) => a.index - b.index);
}

function countOf(word: string): number {
  return COUNT_WORDS[word] ?? Number(word);
}
