/** One sentence of a text: `text` is exactly `source.slice(start, start + text.length)`. */
export interface Sentence {
  text: string;
  /** Character offset of the sentence in the source text. */
  start: number;
}

/**
 * Sentences longer than this are split at `; `, `؛` or a clause opener after a comma (`, where`, `، حيث`), then
 * at the last comma (`, ` or `،`) that fits, and in Arabic at last before the conjunction `و` that fits.
 */
export const MAX_SENTENCE_LENGTH = 400;

/** Abbreviations that never end a sentence (titles and ranks come before a name). */
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'gen',
  'lt',
  'col',
  'maj',
  'brig',
  'capt',
  'cpt',
  'sgt',
  'cpl',
  'pvt',
  'adm',
  'cmdr',
  'st',
  'mt',
  'ft',
  'gov',
  'sen',
  'rep',
  'pres',
  'rev',
  'sheikh',
  'jr',
  'sr',
  'vs',
  'approx',
  'est',
  'e.g',
  'i.e',
  'cf',
  'al',
]);

/** Abbreviations that do not end a sentence when a number follows (`No. 5`, `Sept. 17`). */
const BEFORE_NUMBER = new Set([
  'no',
  'nos',
  'vol',
  'art',
  'fig',
  'p',
  'pp',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);

/** Words that start a new sentence even after `U.S.` or `a.m.`, which usually run on. */
const SENTENCE_STARTERS = new Set([
  'The',
  'A',
  'An',
  'It',
  'This',
  'That',
  'These',
  'Those',
  'They',
  'He',
  'She',
  'We',
  'In',
  'On',
  'At',
  'According',
  'Meanwhile',
  'However',
  'Earlier',
  'Later',
  'Also',
]);

const CLOSERS = new Set(['"', "'", '\u201d', '\u2019', ')', ']', '\u00bb']);
const TERMINATORS = new Set(['.', '!', '?', '\u2026', '\u061f']);
const STARTS_SENTENCE = /[\p{Lu}\p{Lo}\p{Nd}"'\u201c\u2018([\u00ab\u2022*-]/u;
const ARABIC = /[\u0600-\u06ff\u0750-\u077f]/;
const ARABIC_LETTER = /[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f]/;
/** A line ending in one of these runs on into the next: a heading (`محافظة دير الزور:`, `ريف حلب |`) or a clause. */
const JOINS_NEXT_LINE = new Set([':', '|', '\u060c', ',', '-', '\u2013', '/', '\u0648']);
/** Arabic clause openers after a comma ("، حيث", "، فيما"): a long sentence may be cut just before them. */
const ARABIC_CLAUSE =
  /\u060c\s*(?=(?:\u062d\u064a\u062b|\u0641\u064a\u0645\u0627|\u0628\u064a\u0646\u0645\u0627|\u0641\u064a \u062d\u064a\u0646|\u0643\u0645\u0627|\u0648\u0633\u0637|\u0625\u0630|\u0648\u0630\u0644\u0643|\u0645\u0627 \u0623\u062f\u0649|\u0645\u0645\u0627)\s)/g;
/** The conjunction و at the start of a word, after a space: a last-resort cut in an over-long Arabic sentence. */
const ARABIC_AND = / (?=\u0648[\u0620-\u064a])/g;
const BULLET = /[-*\u2022]/;
const DOTTED_ACRONYM = /^(?:\p{L}\.)+\p{L}$/u;

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\u00a0';
}

/** The word after `from`, skipping spaces and opening quotes. */
function nextWord(text: string, from: number): string {
  let i = from;
  while (i < text.length && (isSpace(text[i]) || text[i] === '"' || text[i] === '\u201c')) i++;
  let j = i;
  while (j < text.length && /[\p{L}]/u.test(text[j]!)) j++;
  return text.slice(i, j);
}

/**
 * Whether the period at `dot` ends a sentence, judged by the token before it and the word after.
 * `next` is the first non-space character after the period (and any closing quotes).
 */
function periodEndsSentence(text: string, dot: number, after: number): boolean {
  let s = dot;
  while (s > 0 && !isSpace(text[s - 1]) && text[s - 1] !== '(' && text[s - 1] !== '"') s--;
  const token = text.slice(s, dot);
  const lower = token.toLowerCase();
  if (TITLES.has(lower)) return false;
  const following = nextWord(text, after);
  if (BEFORE_NUMBER.has(lower)) {
    let k = after;
    while (k < text.length && isSpace(text[k])) k++;
    if (/\d/.test(text[k] ?? '')) return false;
  }
  // A single capital is an initial (`J. Smith`); a single Arabic letter an abbreviation (`د.` for doctor).
  if (/^[\p{Lu}\p{Lo}]$/u.test(token)) return false;
  // `U.S. forces`, `9 a.m. local time`: run on unless the next word plainly opens a sentence.
  if (DOTTED_ACRONYM.test(token)) return SENTENCE_STARTERS.has(following);
  return true;
}

/** Offsets just after each `; ` and `؛`, and just before each `where` or Arabic clause opener after a comma. */
function runOnCuts(text: string): number[] {
  const cuts: number[] = [];
  for (let i = text.indexOf(';'); i !== -1; i = text.indexOf(';', i + 1)) {
    if (isSpace(text[i + 1])) cuts.push(i + 1);
  }
  for (let i = text.indexOf('\u061b'); i !== -1; i = text.indexOf('\u061b', i + 1)) cuts.push(i + 1);
  for (let i = text.indexOf(', where '); i !== -1; i = text.indexOf(', where ', i + 1)) cuts.push(i + 2);
  if (ARABIC.test(text)) for (const m of text.matchAll(ARABIC_CLAUSE)) cuts.push(m.index + m[0].length);
  return cuts.sort((a, b) => a - b);
}

/** The last offset in `text` before `limit` where `re` (global) matches, or -1. */
function lastMatch(re: RegExp, text: string, limit: number): number {
  let last = -1;
  for (const m of text.matchAll(re)) {
    if (m.index >= limit) break;
    last = m.index;
  }
  return last;
}

/** Splits a long sentence into pieces of at most {@link MAX_SENTENCE_LENGTH} where it can. */
function capLength(source: string, start: number, end: number, out: Sentence[]): void {
  const text = source.slice(start, end);
  if (text.length <= MAX_SENTENCE_LENGTH) {
    out.push({ text, start });
    return;
  }
  const cuts = runOnCuts(text);
  let from = 0;
  for (const cut of cuts) {
    if (cut - from < 40) continue;
    pushTrimmed(source, start + from, start + cut, out);
    from = cut;
  }
  if (from > 0) {
    pushTrimmed(source, start + from, end, out);
    return;
  }
  // No clause marks: fall back to the last comma that keeps the piece under the cap.
  const comma = Math.max(
    text.lastIndexOf(', ', MAX_SENTENCE_LENGTH - 2),
    text.lastIndexOf('\u060c', MAX_SENTENCE_LENGTH - 1),
  );
  if (comma > MAX_SENTENCE_LENGTH / 2) {
    pushTrimmed(source, start, start + comma + 1, out);
    pushTrimmed(source, start + comma + 1, end, out);
    return;
  }
  // Arabic joins long runs with و ("and"): cut before the last one that fits.
  const and = ARABIC.test(text) ? lastMatch(ARABIC_AND, text, MAX_SENTENCE_LENGTH) : -1;
  if (and > MAX_SENTENCE_LENGTH / 2) {
    pushTrimmed(source, start, start + and, out);
    pushTrimmed(source, start + and, end, out);
    return;
  }
  out.push({ text, start });
}

function pushTrimmed(source: string, start: number, end: number, out: Sentence[]): void {
  let s = start;
  let e = end;
  while (s < e && isSpace(source[s])) s++;
  while (e > s && isSpace(source[e - 1])) e--;
  if (e > s) capLength(source, s, e, out);
}

/**
 * Whether the line break at `nl` ends an Arabic sentence: Arabic prose is not hard-wrapped, so a line that
 * ends in Arabic and is followed by an Arabic line is a sentence of its own, unless it ends in a heading or
 * clause mark ({@link JOINS_NEXT_LINE}) that runs on into the next. `next` is the next line's first character.
 */
function arabicLineBreak(text: string, nl: number, next: number): boolean {
  if (!ARABIC_LETTER.test(text[next]!)) return false;
  let k = nl - 1;
  while (k >= 0 && isSpace(text[k])) k--;
  if (k < 0) return false;
  const last = text[k]!;
  if (JOINS_NEXT_LINE.has(last) || (last === '\u0648' && (k === 0 || isSpace(text[k - 1])))) return false;
  return ARABIC.test(last) || CLOSERS.has(last) || /\p{Nd}/u.test(last);
}

/**
 * Splits prose into sentences with their offsets. A sentence ends at `.`, `!`, `?`, `؟` or `…` (after any
 * closing quotes or brackets) when whitespace and a capital, digit, opening quote or non-Latin letter (Arabic
 * included) follow; titles (`Gen.`), numbered abbreviations (`No. 5`), initials, one-letter Arabic
 * abbreviations (`د.`), decimals and dotted acronyms (`U.S.`, `a.m.`) do not end one. A blank line always does,
 * and so does a line break before a bullet or between two Arabic lines ({@link arabicLineBreak}); any other
 * single line break is a space so hard-wrapped text stays whole. Headline prefixes (`Deir Ezzor | ...`,
 * `محافظة دير الزور: ...`) stay in the sentence they head, also across a line break. Run-ons longer than
 * {@link MAX_SENTENCE_LENGTH} are split at `; `, `؛` or before a clause opener (`where`, `حيث`, `فيما`), then
 * at a comma (`,`, `،`), then in Arabic before `و`.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const n = text.length;
  let segStart = 0;
  const candidates = /[.!?\u2026\u061f\n]/g;
  for (let c = candidates.exec(text); c !== null; c = candidates.exec(text)) {
    const i = c.index;
    const ch = c[0];
    if (ch === '\n') {
      let j = i + 1;
      while (j < n && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      if (
        j < n &&
        (text[j] === '\n' || (BULLET.test(text[j]!) && isSpace(text[j + 1])) || arabicLineBreak(text, i, j))
      ) {
        pushTrimmed(text, segStart, i, out);
        segStart = j;
        candidates.lastIndex = j;
      }
      continue;
    }
    let end = i + 1;
    while (end < n && TERMINATORS.has(text[end]!)) end++;
    while (end < n && CLOSERS.has(text[end]!)) end++;
    if (end < n && !isSpace(text[end])) continue;
    let k = end;
    while (k < n && isSpace(text[k])) k++;
    if (k < n && !STARTS_SENTENCE.test(text[k]!)) continue;
    if (ch === '.' && end === i + 1 && !periodEndsSentence(text, i, end)) continue;
    pushTrimmed(text, segStart, end, out);
    segStart = end;
    candidates.lastIndex = end;
  }
  pushTrimmed(text, segStart, n, out);
  return out;
}
