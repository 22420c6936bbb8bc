/**
 * Spelling-folding keys for Syrian place names (and for every word the search index sees).
 *
 * One place is written many ways: `Al-Bukamal`, `Albu Kamal`, `Ālbū Kamāl`, `Boukamal`. The folding below maps
 * the usual transliteration differences onto one key so that a hash lookup finds the place, and so that the
 * full-text index stores `boukamal` and `al-bokamal` as the same term. The scheme is documented in
 * docs/decisions/0002-place-names.md; differences it does not cover (`Tanef`/`Tanf`, `Kobane`/`Ain al-Arab`)
 * are carried by gazetteer aliases instead.
 */

/** Characters written for ayn/hamza or as apostrophes; they carry no letter of their own in Latin text. */
const APOSTROPHES = /['’‘ʼʻʿʾ`´′]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const ARABIC_LETTER = /[\u0600-\u06ff\u0750-\u077f]/;
/** Tashkeel (short vowels, shadda, sukun), superscript alef, Quranic marks and tatweel. */
const ARABIC_MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
const ARABIC_FOLD: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ة: 'ه',
  ى: 'ي',
  ی: 'ي',
  ک: 'ك',
  ؤ: 'و',
  ئ: 'ي',
  ء: '',
};
const ARABIC_FOLD_RE = /[أإآٱةىیکؤئء]/g;
/** The article ال, optionally behind a one-letter proclitic (و ب ف ك), at the start of a word. */
const ARABIC_ARTICLE = /^[وبفك]?ال(?=..)/;

/** Latin renderings of the Arabic article, seen as their own part of a hyphenated or spaced name. */
const LATIN_ARTICLES = new Set([
  'al',
  'el',
  'il',
  'ul',
  'ad',
  'adh',
  'an',
  'ar',
  'as',
  'ash',
  'at',
  'ath',
  'az',
  'ed',
  'en',
  'er',
  'es',
  'esh',
  'et',
  'ez',
]);
/** `Abu`, `Albu`, `Abou`, `Ālbū` all introduce the same kind of name and fold to one part. */
const ABU_FORMS = new Set(['abu', 'abou', 'abo', 'albu', 'albou', 'bou', 'bu']);
/** `Ezzor`, `Essukhnah`: the article fused onto a sun letter it doubles. */
const FUSED_ARTICLE = /^e([dnrstz])\1(?=[a-z]{2})/;

const CONSONANT_DIGRAPHS = /tch|sch|ch|ck|kh|gh|dh|th|ph|dj|q|c/g;
const CONSONANT_MAP: Record<string, string> = {
  tch: 'sh',
  sch: 'sh',
  ch: 'sh',
  ck: 'k',
  kh: 'k',
  gh: 'g',
  dh: 'z',
  th: 't',
  ph: 'f',
  dj: 'j',
  q: 'k',
  c: 'k',
};
/** A `w` after a consonant and before a vowel is the vowel u (`Sweida` = `Suwayda`). */
const CONSONANT_W = /([b-df-hj-np-tv-xz])w(?=[aeiouy])/g;
const VOWEL_DIGRAPHS = /ee|oo|ou|uw|ei|ey|ai|ay|aw|au|ow/g;
const VOWEL_DIGRAPH_MAP: Record<string, string> = {
  ee: 'i',
  oo: 'u',
  ou: 'u',
  uw: 'u',
  ei: 'i',
  ey: 'i',
  ai: 'i',
  ay: 'i',
  aw: 'u',
  au: 'u',
  ow: 'u',
};
const SINGLE_VOWELS = /[eoy]/g;
const SINGLE_VOWEL_MAP: Record<string, string> = { e: 'a', o: 'u', y: 'i' };
const DOUBLED = /([a-z])\1+/g;
/** Final ta marbuta written `-ah`/`-eh` (after folding, `-ah`) matches the bare `-a`. */
const FINAL_H = /([aiu])h$/;
const NON_WORD = /[^\p{L}\p{N}]+/u;

const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;

/**
 * Fold one word to its spelling key. Articles alone (`al`, `ez`, `ال`) fold to the empty string.
 *
 * Used by the gazetteer and by MiniSearch's `processTerm` at index and query time, so it is cached.
 *
 * @example normalizeToken('Al-Bokamal') === normalizeToken('boukamal') // 'bukamal'
 */
/**
 * Add folds an earlier start computed (word -> folded form; see src/extract/reference-cache.ts), so loading
 * the reference data need not fold its 13,000 distinct words again. Entries past the cache's limit are ignored.
 */
export function preloadFolds(words: readonly string[], folds: readonly string[]): void {
  for (let i = 0; i < words.length && cache.size < CACHE_LIMIT; i++) cache.set(words[i]!, folds[i]!);
}

/** Every fold cached so far, as two parallel lists. */
export function cachedFolds(): { words: string[]; folds: string[] } {
  return { words: [...cache.keys()], folds: [...cache.values()] };
}

export function normalizeToken(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const folded = foldWord(word);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, folded);
  return folded;
}

/**
 * Fold a whole name to one key: the folded words joined without separators, articles dropped.
 *
 * @example normalizeKey('Deir ez-Zor') === normalizeKey('Dayr az Zawr') // 'dirzur'
 */
export function normalizeKey(text: string): string {
  let key = '';
  for (const word of tokenizeWords(text)) key += normalizeToken(word);
  return key;
}

/** A word of prose with its character offsets. */
export interface WordSpan {
  /** The word as written (letters, digits and inner apostrophes). */
  text: string;
  start: number;
  end: number;
}

/**
 * Words, with their positions: runs of letters (any script, with combining marks) and digits. Hyphens and
 * punctuation separate words; an apostrophe between letters stays inside (`Dar'a`), and an English possessive
 * `'s` is dropped (`Syria's` -> `Syria`).
 */
export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  for (const m of text.matchAll(WORD)) {
    let word = m[0];
    const start = m.index;
    if (word.length > 4 && POSSESSIVE.test(word)) word = word.slice(0, -2);
    spans.push({ text: word, start, end: start + word.length });
  }
  return spans;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’ʼʻʿʾ‘][\p{L}\p{M}\p{N}]+)*/gu;
const POSSESSIVE = /['’]s$/i;

/**
 * Split prose into word tokens (Latin and Arabic), for MiniSearch's `tokenize`. Tokens are returned as written;
 * fold them with {@link normalizeToken}.
 */
export function tokenizeWords(text: string): string[] {
  return wordSpans(text).map((w) => w.text);
}

function foldWord(word: string): string {
  if (ARABIC_LETTER.test(word)) return foldArabic(word);
  const plain = word.normalize('NFKD').replace(COMBINING_MARKS, '').replace(APOSTROPHES, '').toLowerCase();
  let out = '';
  for (const part of plain.split(NON_WORD)) {
    if (part === '' || LATIN_ARTICLES.has(part)) continue;
    out += foldLatinPart(part);
  }
  return out;
}

function foldLatinPart(part: string): string {
  let s = part.replace(/ı/g, 'i');
  if (ABU_FORMS.has(s)) return 'bu';
  s = s.replace(FUSED_ARTICLE, '$1');
  s = s.replace(CONSONANT_DIGRAPHS, (m) => CONSONANT_MAP[m] ?? m);
  s = s.replace(CONSONANT_W, '$1u');
  s = s.replace(VOWEL_DIGRAPHS, (m) => VOWEL_DIGRAPH_MAP[m] ?? m);
  s = s.replace(SINGLE_VOWELS, (m) => SINGLE_VOWEL_MAP[m] ?? m);
  s = s.replace(DOUBLED, '$1');
  if (s.length > 3) s = s.replace(FINAL_H, '$1');
  return s;
}

function foldArabic(word: string): string {
  let s = word.replace(ARABIC_MARKS, '').replace(ARABIC_FOLD_RE, (m) => ARABIC_FOLD[m] ?? m);
  s = s.replace(/[^\p{L}\p{N}]+/gu, '');
  if (s === 'ال') return '';
  return s.replace(ARABIC_ARTICLE, '');
}
