import { describe, expect, it } from 'vitest';
import { MAX_SENTENCE_LENGTH, splitSentences } from '../../src/extract/sentences.js';

const texts = (input: string) => splitSentences(input).map((s) => s.text);

describe('splitSentences', () => {
  it.each<[string, string, string[]]>([
    [
      'two plain sentences',
      'Clashes broke out. Two fighters died.',
      ['Clashes broke out.', 'Two fighters died.'],
    ],
    [
      'question and exclamation',
      'Who fired? Nobody knows! Calm returned.',
      ['Who fired?', 'Nobody knows!', 'Calm returned.'],
    ],
    [
      'U.S. before a noun runs on',
      'U.S. forces patrolled Al-Shaddadi.',
      ['U.S. forces patrolled Al-Shaddadi.'],
    ],
    ['U.S. before a capital runs on', 'The U.S. Army sent a convoy.', ['The U.S. Army sent a convoy.']],
    [
      'U.S. at the end before The',
      'Aid came from the U.S. The convoy left.',
      ['Aid came from the U.S.', 'The convoy left.'],
    ],
    [
      'rank abbreviation',
      'Gen. Hassan visited the base. He left.',
      ['Gen. Hassan visited the base.', 'He left.'],
    ],
    ['Col. and Lt.', 'Col. Ali met Lt. Omar at noon.', ['Col. Ali met Lt. Omar at noon.']],
    [
      'No. before a number',
      'Checkpoint No. 4 was hit. Nobody died.',
      ['Checkpoint No. 4 was hit.', 'Nobody died.'],
    ],
    ['a.m. before lowercase', 'Shelling began at 5 a.m. on Sunday.', ['Shelling began at 5 a.m. on Sunday.']],
    [
      'a.m. ending a sentence',
      'It ended at 9 a.m. The town was quiet.',
      ['It ended at 9 a.m.', 'The town was quiet.'],
    ],
    ['p.m. before a digit', 'Drones flew at 11 p.m. 3 km away.', ['Drones flew at 11 p.m. 3 km away.']],
    [
      'decimal number',
      'The blast was 2.5 km from the dam. Windows broke.',
      ['The blast was 2.5 km from the dam.', 'Windows broke.'],
    ],
    [
      'month abbreviation before a day',
      'On Sept. 17 militias drilled. Noise followed.',
      ['On Sept. 17 militias drilled.', 'Noise followed.'],
    ],
    [
      'initial in a name',
      'A spokesman, J. Haddad, denied it. Talks went on.',
      ['A spokesman, J. Haddad, denied it.', 'Talks went on.'],
    ],
    [
      'closing curly quote',
      'He said: \u201cWe will hit back.\u201d Then he left.',
      ['He said: \u201cWe will hit back.\u201d', 'Then he left.'],
    ],
    [
      'closing straight quote',
      'She wrote "it is over." Nobody agreed.',
      ['She wrote "it is over."', 'Nobody agreed.'],
    ],
    [
      'opening quote starts a sentence',
      'He spoke. \u201cQaany\u201d arrived later.',
      ['He spoke.', '\u201cQaany\u201d arrived later.'],
    ],
    [
      'lowercase after a period runs on',
      'Forces entered the area. and then left.',
      ['Forces entered the area. and then left.'],
    ],
    [
      'quoted question with lowercase tail',
      '"Why now?" he asked. Silence.',
      ['"Why now?" he asked.', 'Silence.'],
    ],
    [
      'ellipsis',
      'The shelling went on\u2026 Then it stopped.',
      ['The shelling went on\u2026', 'Then it stopped.'],
    ],
    [
      'blank line ends a heading',
      'Heading without a stop\n\nBody text here.',
      ['Heading without a stop', 'Body text here.'],
    ],
    [
      'single line break is a space',
      'Militias shelled the town\nof Al-Mayadin at dawn.',
      ['Militias shelled the town\nof Al-Mayadin at dawn.'],
    ],
    ['bullets', 'Summary:\n- first item\n- second item', ['Summary:', '- first item', '- second item']],
    [
      'Arabic after a stop',
      'The town is Palmyra. \u062a\u062f\u0645\u0631 is its name.',
      ['The town is Palmyra.', '\u062a\u062f\u0645\u0631 is its name.'],
    ],
    [
      'digit starts a sentence',
      'Clashes ended. 12 fighters were hurt.',
      ['Clashes ended.', '12 fighters were hurt.'],
    ],
    [
      'Arabic full stops',
      'قصفت المدفعية قرية في ريف إدلب. أصيب مدنيان بجروح.',
      ['قصفت المدفعية قرية في ريف إدلب.', 'أصيب مدنيان بجروح.'],
    ],
    [
      'Arabic question and exclamation marks',
      'من أطلق الصواريخ؟ لا أحد يعرف! عاد الهدوء.',
      ['من أطلق الصواريخ؟', 'لا أحد يعرف!', 'عاد الهدوء.'],
    ],
    [
      'Arabic comma never ends a sentence',
      'قصفت الطائرات البلدة، وقتل شخص.',
      ['قصفت الطائرات البلدة، وقتل شخص.'],
    ],
    [
      'Arabic semicolon does not end a short sentence',
      'انسحبت القوات؛ وعاد الأهالي.',
      ['انسحبت القوات؛ وعاد الأهالي.'],
    ],
    [
      'Eastern Arabic digit starts a sentence',
      'انتهت الاشتباكات. ١٢ عنصرا أصيبوا.',
      ['انتهت الاشتباكات.', '١٢ عنصرا أصيبوا.'],
    ],
    [
      'one-letter Arabic abbreviation',
      'التقى د. أحمد بالأهالي. ثم غادر.',
      ['التقى د. أحمد بالأهالي.', 'ثم غادر.'],
    ],
    [
      'Arabic line break ends a sentence',
      'استهدفت مسيرة سيارة قرب الميادين\nقتل عنصران في البادية',
      ['استهدفت مسيرة سيارة قرب الميادين', 'قتل عنصران في البادية'],
    ],
    [
      'Arabic line ending in a comma runs on',
      'استهدفت مسيرة سيارة قرب الميادين،\nما أدى لمقتل عنصرين',
      ['استهدفت مسيرة سيارة قرب الميادين،\nما أدى لمقتل عنصرين'],
    ],
    [
      'English headline prefix stays in the sentence',
      'Deir Ezzor | Drones struck a truck near Al-Mayadin. Two men died.',
      ['Deir Ezzor | Drones struck a truck near Al-Mayadin.', 'Two men died.'],
    ],
    [
      'Arabic governorate prefix stays in the sentence',
      'محافظة دير الزور: قصفت المدفعية بلدة الصور. وأصيب طفل.',
      ['محافظة دير الزور: قصفت المدفعية بلدة الصور.', 'وأصيب طفل.'],
    ],
    [
      'Arabic region prefix stays in the sentence',
      'ريف حلب | اشتباكات على محور تادف. لا خسائر.',
      ['ريف حلب | اشتباكات على محور تادف.', 'لا خسائر.'],
    ],
    [
      'Arabic heading line joins the line after it',
      'محافظة دير الزور:\nقصفت المدفعية بلدة الصور\nريف حلب |\nاشتباكات على محور تادف',
      ['محافظة دير الزور:\nقصفت المدفعية بلدة الصور', 'ريف حلب |\nاشتباكات على محور تادف'],
    ],
    [
      'hard-wrapped English stays whole',
      'Clashes broke out near\nthe town of Hajin.',
      ['Clashes broke out near\nthe town of Hajin.'],
    ],
    ['empty text', '', []],
    ['only whitespace', '  \n\n \t ', []],
  ])('%s', (_name, input, expected) => {
    expect(texts(input)).toEqual(expected);
  });

  it('gives offsets that point back into the source', () => {
    const source = '  First one here.  Second one, \u201cquoted.\u201d\n\nThird after a break.';
    const sentences = splitSentences(source);
    expect(sentences).toHaveLength(3);
    for (const s of sentences) expect(source.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });

  it('splits a long run-on at semicolons and before "where"', () => {
    const clause = 'militias moved heavy equipment between their positions along the river bank';
    const runOn = `${clause}; ${clause} at night, where ${clause}; ${clause} again and again, where ${clause}; ${clause}.`;
    expect(runOn.length).toBeGreaterThan(MAX_SENTENCE_LENGTH);
    const parts = splitSentences(runOn);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(MAX_SENTENCE_LENGTH);
      expect(runOn.slice(p.start, p.start + p.text.length)).toBe(p.text);
    }
    expect(parts.some((p) => p.text.startsWith('where '))).toBe(true);
  });

  it('falls back to a comma when a run-on has no clause marks', () => {
    const half = 'fighters moved '.repeat(20).trim();
    const runOn = `${half}, ${half}.`;
    expect(runOn.length).toBeGreaterThan(MAX_SENTENCE_LENGTH);
    expect(texts(runOn)).toEqual([`${half},`, `${half}.`]);
  });

  it('splits a long Arabic run-on at the Arabic semicolon and before clause openers', () => {
    const clause = 'نقلت الميليشيات معدات ثقيلة بين مواقعها المنتشرة على ضفة النهر الغربية قرب الحدود';
    const runOn = `${clause}؛ ${clause} ليلا، حيث ${clause}؛ ${clause} مرة بعد مرة، فيما ${clause}؛ ${clause}.`;
    expect(runOn.length).toBeGreaterThan(MAX_SENTENCE_LENGTH);
    const parts = splitSentences(runOn);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(MAX_SENTENCE_LENGTH);
      expect(runOn.slice(p.start, p.start + p.text.length)).toBe(p.text);
    }
    expect(parts.some((p) => p.text.startsWith('حيث '))).toBe(true);
  });

  it('falls back to the Arabic comma, then to the conjunction و', () => {
    const half = 'تحركت الأرتال '.repeat(16).trim();
    expect(texts(`${half}، ${half}.`)).toEqual([`${half}،`, `${half}.`]);
    const joined = `${half} و${half}.`;
    expect(joined.length).toBeGreaterThan(MAX_SENTENCE_LENGTH);
    const parts = texts(joined);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(MAX_SENTENCE_LENGTH);
    expect(parts.join(' ')).toBe(joined);
  });
});
