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
});
