import { describe, expect, it } from 'vitest';
import { choiceButtonId, pageButtonId, parseButtonId } from '../../../src/adapters/discord/custom-id.js';

describe('button ids', () => {
  it.each([
    ['page', pageButtonId('Ab3_-x9Q', 20), { kind: 'page', key: 'Ab3_-x9Q', offset: 20 }],
    ['choice', choiceButtonId('k1', 2), { kind: 'choice', key: 'k1', index: 2 }],
    ['foreign id', 'someone-elses-button', null],
    ['bad offset', 'pg:key:-1', null],
    ['missing key', 'pg::3', null],
  ])('%s', (_, id, expected) => {
    expect(parseButtonId(id)).toEqual(expected);
  });

  it('stays far below the 100-character limit', () => {
    expect(pageButtonId('a'.repeat(8), 999_999_999).length).toBeLessThan(100);
  });
});
