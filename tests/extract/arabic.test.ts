import { describe, expect, it } from 'vitest';
import { backTransliterate, withoutProclitic } from '../../src/extract/arabic.js';
import { normalizeKey } from '../../src/extract/normalize.js';

describe('backTransliterate: GeoNames-style romanization to Arabic', () => {
  it.each([
    ['Ash Shuḩayl', 'الشحيل'],
    ['Dhībān', 'ذيبان'],
    ['Aţ Ţayyānah', 'الطيانة'],
    ['Tall Ḩamīs', 'تل حميس'],
    ['Khirbat al Ḩamrā’', 'خربة الحمراء'],
    ['‘Ayn al ‘Arab', 'عين العرب'],
    ['Ra’s al ‘Ayn', 'رأس العين'],
    ['Dā‘il', 'داعل'],
    ['Ma‘arrat an Nu‘mān', 'معرة النعمان'],
    ['Abū az̧ Z̧uhūr', 'أبو الظهور'],
    ['Bi’r al Qaşab', 'بئر القصب'],
    ['Aş Şanamayn', 'الصنمين'],
    ['Kafr Nubl', 'كفر نبل'],
    ['Salá', 'سلى'],
    ['Inkhil', 'إنخل'],
  ])('%s -> %s', (roman, arabic) => {
    expect(backTransliterate(roman)).toBe(arabic);
  });

  it.each([
    ['Ālbū Kamāl', 'البوكمال'],
    ['Dayr az Zawr', 'دير الزور'],
    ['Ar Raqqah', 'الرقة'],
  ])('%s folds like %s', (roman, arabic) => {
    expect(normalizeKey(backTransliterate(roman)!)).toBe(normalizeKey(arabic));
  });

  it.each(['Deir ez-Zor', 'Palmyra', 'T4', ''])('gives up on %j (not that romanization)', (s) => {
    expect(backTransliterate(s)).toBeUndefined();
  });
});

describe('withoutProclitic', () => {
  it.each([
    ['وحلب', 3, 'حلب'],
    ['بحمص', 3, 'حمص'],
    ['للبوكمال', 3, 'بوكمال'],
    ['وتل', 3, undefined],
    ['وتل', 2, 'تل'],
    ['حلب', 3, undefined],
    ['ودمشق', 3, 'دمشق'],
  ])('%s (rest >= %i) -> %s', (word, rest, bare) => {
    expect(withoutProclitic(word, rest)).toBe(bare);
  });
});
