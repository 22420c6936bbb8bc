/** One-letter proclitics written onto the next word: و (and), ف (so), ب (in, by), ل (to, for), ك (like). */
const PROCLITIC = /^[وفبلك](?=[\u0600-\u06ff]{3})/;
/** ل before the article, which then loses its alef: للبوكمال = ل + البوكمال. */
const LI_ARTICLE = /^لل(?=[\u0600-\u06ff]{3})/;

/**
 * A folded Arabic word without the proclitic written onto it (`وحلب` -> `حلب`, `لداعش` -> `داعش`,
 * `للبوكمال` -> `بوكمال`), when one is there and at least `minRest` (default three) letters remain; undefined
 * otherwise. A caller passing 2 (`وتل` -> `تل`) must accept only a match longer than that word.
 *
 * The article with a proclitic (`بالبوكمال`) is already dropped by the spelling folding. Matchers try this
 * only after the word as written matched nothing, so names that really begin with these letters (`بانياس`,
 * `كوباني`, `لواء`) are found as themselves first.
 */
export function withoutProclitic(folded: string, minRest = 3): string | undefined {
  if (minRest >= 3) {
    if (LI_ARTICLE.test(folded)) return folded.slice(2);
    if (PROCLITIC.test(folded)) return folded.slice(1);
    return undefined;
  }
  // Shorter remainders (`وتل` -> `تل`) are for the first word of a longer name only.
  if (folded.length >= 2 + minRest && folded.startsWith('لل')) return folded.slice(2);
  if (folded.length >= 1 + minRest && /^[وفبلك]/.test(folded)) return folded.slice(1);
  return undefined;
}

/** Whole words of a GeoNames-style romanization with a fixed Arabic spelling. Keys are folded (see below). */
const WORD_TABLE: Record<string, string> = {
  tall: 'تل',
  tal: 'تل',
  khirbat: 'خربة',
  ayn: 'عين',
  dayr: 'دير',
  abu: 'أبو',
  albu: 'البو',
  umm: 'أم',
  bayt: 'بيت',
  jabal: 'جبل',
  jisr: 'جسر',
  kafr: 'كفر',
  wadi: 'وادي',
  mazraat: 'مزرعة',
  hayy: 'حي',
  madinat: 'مدينة',
  qaryat: 'قرية',
  bani: 'بني',
  ibn: 'ابن',
  bir: 'بئر',
  ras: 'رأس',
  tallat: 'تلة',
  mazar: 'مزار',
  allah: 'الله',
  abd: 'عبد',
};
/** Article words of the romanization (`Al`, `Ash`, `Aẓ`): they become ال on the next word. */
const ROMAN_ARTICLES = new Set(['al', 'ad', 'adh', 'an', 'ar', 'as', 'ash', 'at', 'ath', 'az', 'el']);
/** One romanized consonant (digraphs first) -> Arabic letter; `H.` is H with a dot or cedilla below (emphatic). */
const CONSONANTS: [string, string][] = [
  ['kh', 'خ'],
  ['sh', 'ش'],
  ['th', 'ث'],
  ['dh', 'ذ'],
  ['gh', 'غ'],
  ['h.', 'ح'],
  ['s.', 'ص'],
  ['d.', 'ض'],
  ['t.', 'ط'],
  ['z.', 'ظ'],
  ['b', 'ب'],
  ['t', 'ت'],
  ['j', 'ج'],
  ['h', 'ه'],
  ['d', 'د'],
  ['r', 'ر'],
  ['z', 'ز'],
  ['s', 'س'],
  ['f', 'ف'],
  ['q', 'ق'],
  ['k', 'ك'],
  ['l', 'ل'],
  ['m', 'م'],
  ['n', 'ن'],
  ['w', 'و'],
  ['y', 'ي'],
  ['g', 'غ'],
];

/**
 * Arabic spelling of a place name romanized the GeoNames way (`Ash Shuḩayl` -> `الشحيل`, `Tall Ḩamīs` ->
 * `تل حميس`, `Khirbat al Ḩamrā’` -> `خربة الحمراء`): emphatic letters with a dot or cedilla below, ayn `‘`,
 * hamza `’`, long vowels with a macron, short vowels dropped, doubled letters written once, final `-ah` as ة,
 * articles as ال. Returns undefined when the spelling does not look like that romanization (`o`, `e`, `p`,
 * `v`, digits). The result is a guess: callers decide whether it is distinctive enough to match prose.
 */
export function backTransliterate(romanized: string): string | undefined {
  // Lower-case first; then long vowels become A I U, alif maqsura Y, ayn E, hamza Q, and an emphatic letter
  // (followed by a combining cedilla U+0327 or dot below U+0323) its letter and a full stop.
  const marked = romanized
    .normalize('NFD')
    .toLowerCase()
    .replace(/([hsdtz])[\u0327\u0323]/g, '$1.')
    .replace(/([aiu])\u0304/g, (_, v: string) => v.toUpperCase())
    .replace(/a\u0301/g, 'Y')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[‘ʿ`]/g, 'E')
    .replace(/[’ʾ']/g, 'Q');
  const words = marked.split(/[\s-]+/).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const out: string[] = [];
  let article = false;
  for (const w of words) {
    const plain = w.replace(/[EQ.]/g, '').toLowerCase();
    if (ROMAN_ARTICLES.has(plain)) {
      article = true;
      continue;
    }
    const fixed = WORD_TABLE[plain];
    const letters = fixed ?? spellWord(w);
    if (letters === undefined) return undefined;
    out.push(article && !letters.startsWith('ال') ? `ال${letters}` : letters);
    article = false;
  }
  return out.length > 0 ? out.join(' ') : undefined;
}

function spellWord(w: string): string | undefined {
  if (/[^a-zAIUEQY.]/.test(w) || /[eopvcx]/.test(w)) return undefined;
  let s = '';
  let prev = '';
  let i = 0;
  const end = w.length;
  while (i < end) {
    const rest = w.slice(i);
    const c = w[i]!;
    if (i === 0 && /[aiuAIU]/.test(c)) {
      s += c === 'A' ? 'آ' : c === 'a' ? 'أ' : c === 'I' ? 'إي' : c === 'U' ? 'أو' : c === 'i' ? 'إ' : 'أ';
      prev = '';
      i++;
      continue;
    }
    if (c === 'a' || c === 'i' || c === 'u') {
      // Final -ah / -at of a feminine noun: ta marbuta.
      if (c === 'a' && (rest === 'ah' || rest === 'at') && i > 0) {
        s += 'ة';
        break;
      }
      if (c === 'a' && i === end - 1) s += 'ا';
      i++;
      continue;
    }
    if (c === 'A') {
      s += 'ا';
      prev = '';
      i++;
      continue;
    }
    if (c === 'I' || c === 'U') {
      const letter = c === 'I' ? 'ي' : 'و';
      // `īy` / `ūw` write one letter with a shadda.
      if (!(prev === letter)) s += letter;
      prev = letter;
      i++;
      continue;
    }
    if (c === 'Y') {
      s += 'ى';
      i++;
      continue;
    }
    if (c === 'E') {
      s += 'ع';
      prev = 'ع';
      i++;
      continue;
    }
    if (c === 'Q') {
      const before = w[i - 1] ?? '';
      const after = w[i + 1] ?? '';
      s += i === end - 1 ? 'ء' : /[iI]/.test(before) || after === 'i' ? 'ئ' : /[uU]/.test(before) ? 'ؤ' : 'أ';
      prev = '';
      i++;
      continue;
    }
    const pair = CONSONANTS.find(([roman]) => rest.startsWith(roman));
    if (!pair) return undefined;
    const [roman, letter] = pair;
    if (letter !== prev) s += letter;
    prev = letter;
    i += roman.length;
  }
  return s === '' ? undefined : s;
}
