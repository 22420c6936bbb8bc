import { describe, expect, it } from 'vitest';
import { normalizeKey, normalizeToken, tokenizeWords, wordSpans } from '../../src/extract/normalize.js';

/** Spellings that must fold to one key, first of each row is the reference. */
const SAME_PLACE: [string, string][] = [
  // EVENT-TAXONOMY spelling groups (Latin script).
  ['Al-Bukamal', 'Al-Bokamal'],
  ['Al-Bukamal', 'Albu Kamal'],
  ['Al-Bukamal', 'Abu Kamal'],
  ['Al-Bukamal', 'Ālbū Kamāl'],
  ['Al-Bukamal', 'Boukamal'],
  ['Al-Bukamal', 'Bukamal'],
  ['Al-Mayadin', 'Al Mayadeen'],
  ['Al-Mayadin', 'Mayadin'],
  ['Al-Mayadin', 'Mayadeen'],
  ['Al-Mayadin', 'Al Mayādīn'],
  ['Tadmur', 'Tadmor'],
  ['Deir ez-Zor', 'Deir Ezzor'],
  ['Deir ez-Zor', 'Deir al-Zour'],
  ['Deir ez-Zor', 'Dayr az-Zawr'],
  ['Deir ez-Zor', 'Deir-ez-Zor'],
  ['Deir ez-Zor', 'Dayr az Zawr'],
  ['Al-Tanf', 'At Tanf'],
  ['Al-Tanf', 'Tanf'],
  ['Al-Hasakah', 'Hasakeh'],
  ['Al-Hasakah', 'Al-Hassakeh'],
  ['Al-Hasakah', 'Hasaka'],
  ['Al-Hasakah', 'Al Ḩasakah'],
  ['Al-Omar', 'Al-Umar'],
  ['Shayrat', "Sha'irat"],
  ['Shayrat', 'Al-Shairat'],
  ['Kweires', 'Kuweires'],
  // Other common variations.
  ['Daraa', 'Deraa'],
  ['Daraa', "Dar'a"],
  ['Daraa', 'Dar‘ā'],
  ['Daraa', 'Dara'],
  ['Raqqa', 'Ar-Raqqah'],
  ['Raqqa', 'Rakka'],
  ['Hama', 'Ḩamāh'],
  ['As-Suwayda', 'Sweida'],
  ['As-Suwayda', 'Swaida'],
  ['As-Suwayda', 'As Suwaydā’'],
  ['Qamishli', 'Al-Qamishli'],
  ['Qamishli', 'Kamishli'],
  ['Qamishli', 'Qamishly'],
  ['Tell Abyad', 'Tall Abyaḑ'],
  ['Tell Abyad', 'Tal Abyad'],
  ['Ras al-Ain', "Ra's al 'Ayn"],
  ['Jisr al-Shughur', 'Jisr ash Shughūr'],
  ['Ayn Tarma', '‘Ayn Tarmā'],
  ['Ayn Tarma', 'Ein Tarma'],
  ['Mezzeh', 'Al-Mazzah'],
  ['Al-Shaddadi', 'Ash Shaddādī'],
  ['Al-Shaddadi', 'Al-Shadadi'],
  ['Khan Shaykhun', 'Khan Sheikhun'],
  ['Sheikh Maqsoud', 'Shaykh Maqsud'],
  ['T4', 'T-4'],
  ['Ghouta', 'Ghuta'],
  // Arabic script: article, hamza seats, ta marbuta, alif maqsura, tashkeel and tatweel.
  ['البوكمال', 'بوكمال'],
  ['الحسكة', 'الحسكه'],
  ['إدلب', 'ادلب'],
  ['دير الزور', 'دَيْر الزُّور'],
  ['حماة', 'حمـــاة'],
  ['التنف', 'تنف'],
];

/** Different places whose names must not fold together. */
const DIFFERENT: [string, string][] = [
  ['Homs', 'Hama'],
  ['Hims', 'Hama'],
  ['Homs', 'home'],
  ['Raqqa', 'Ruqa'],
  ['Idlib', 'Adlib'],
  ['Daraa', 'Deir'],
  ['Daraa', 'Deir ez-Zor'],
  ['Tadmur', 'Tadmuriyah'],
  ['Al-Mayadin', 'Madaya'],
  ['Al-Bab', 'Bab al-Hawa'],
  ['Jableh', 'Jabal'],
  ['Al-Bukamal', 'Kamal'],
  ['Hajin', 'Hijana'],
  ['Azaz', 'Aziz'],
  ['Manbij', 'Minnigh'],
  ['دير الزور', 'درعا'],
];

describe('normalizeKey', () => {
  it.each(SAME_PLACE)('%s and %s meet', (a, b) => {
    expect(normalizeKey(b)).toBe(normalizeKey(a));
  });

  it.each(DIFFERENT)('%s and %s stay apart', (a, b) => {
    expect(normalizeKey(a)).not.toBe(normalizeKey(b));
  });

  it.each([
    ['Al-Bukamal', 'bukamal'],
    ['Deir ez-Zor', 'dirzur'],
    ['Al-Hasakah', 'hasaka'],
    ['At Tanf', 'tanf'],
    ['Al-Mayadin', 'miadin'],
    ['  Al -- Bokamal!! ', 'bukamal'],
    ['', ''],
    ['al', ''],
  ])('%j -> %j', (text, key) => {
    expect(normalizeKey(text)).toBe(key);
  });
});

describe('normalizeToken', () => {
  it.each([
    ['al-bokamal', 'bukamal'],
    ['Boukamal', 'bukamal'],
    ['BUKAMAL', 'bukamal'],
    ['Ezzor', 'zur'],
    ['Zawr', 'zur'],
    ['al', ''],
    ['Ash', ''],
    ['ال', ''],
    ['T4', 't4'],
    ['Abu', 'bu'],
    ['Albu', 'bu'],
    ['Sheikh', 'shik'],
    ['الميادين', 'ميادين'],
  ])('%j -> %j', (word, token) => {
    expect(normalizeToken(word)).toBe(token);
  });

  it('returns the same answer on repeated calls (cache)', () => {
    const first = normalizeToken('Mayadeen');
    expect(normalizeToken('Mayadeen')).toBe(first);
    expect(first).toBe(normalizeToken('Al-Mayadin'));
  });
});

describe('tokenizeWords', () => {
  it.each([
    ['Al-Bokamal Desert', ['Al', 'Bokamal', 'Desert']],
    ["Shelling hit Dar'a.", ['Shelling', 'hit', "Dar'a"]],
    ["Syria's east", ['Syria', 'east']],
    ['T-4 and T4', ['T', '4', 'and', 'T4']],
    ['قصف على البوكمال', ['قصف', 'على', 'البوكمال']],
    ['Ḩajīn, Deir ez-Zor', ['Ḩajīn', 'Deir', 'ez', 'Zor']],
    ['  ', []],
    ['@everyone <!channel> *Hama*', ['everyone', 'channel', 'Hama']],
  ])('%j', (text, words) => {
    expect(tokenizeWords(text)).toEqual(words);
  });
});

describe('wordSpans', () => {
  it('gives offsets that slice back to the word', () => {
    const text = 'Drones over Al-Mayadeen, then Ālbū Kamāl.';
    for (const w of wordSpans(text)) expect(text.slice(w.start, w.end)).toBe(w.text);
    expect(wordSpans(text).map((w) => w.text)).toEqual([
      'Drones',
      'over',
      'Al',
      'Mayadeen',
      'then',
      'Ālbū',
      'Kamāl',
    ]);
  });
});
