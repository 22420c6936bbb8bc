import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from '../../src/core/csv.js';
import { limitHeapGrowth } from '../../src/core/memory.js';
import { levenshtein } from '../../src/core/text-distance.js';
import { isHttpUrl } from '../../src/core/urls.js';

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['events', 'events', 0],
    ['event', 'events', 1],
    ['evnets', 'events', 2],
    ['kitten', 'sitting', 3],
  ])('%j ~ %j = %d', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
  });
});

describe('isHttpUrl', () => {
  it.each([
    ['https://example.org/a', true],
    ['http://127.0.0.1:8080/feed', true],
    ['ftp://example.org/x', false],
    ['javascript:alert(1)', false],
    ['example.org', false],
    ['', false],
  ])('%j -> %s', (value, ok) => {
    expect(isHttpUrl(value)).toBe(ok);
  });
});

describe('parseCsv', () => {
  it.each([
    [
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,"b, c"\r\n"say ""hi""",2',
      [
        ['a', 'b, c'],
        ['say "hi"', '2'],
      ],
    ],
    ['a\n\nb\n', [['a'], ['b']]],
    ['"multi\nline",x', [['multi\nline', 'x']]],
  ])('%j', (text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it('reads records by header', () => {
    expect(parseCsvRecords('city,events\nHajin,3\n')).toEqual([{ city: 'Hajin', events: '3' }]);
  });
});

describe('limitHeapGrowth', () => {
  it.each([
    [50, ['--heap-growing-percent=50']],
    [120, ['--heap-growing-percent=120']],
    [0, []],
  ])('%i percent sets %j', (percent, expected) => {
    const set: string[] = [];
    limitHeapGrowth(percent, (f) => set.push(f));
    expect(set).toEqual(expected);
  });

  it('refuses a negative or fractional percent', () => {
    expect(() => limitHeapGrowth(-1, () => {})).toThrow(RangeError);
    expect(() => limitHeapGrowth(1.5, () => {})).toThrow(RangeError);
  });
});
