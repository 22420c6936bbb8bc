import { describe, expect, it } from 'vitest';
import {
  clip,
  escapeMarkdown,
  maskedLink,
  neutraliseMentions,
} from '../../../src/adapters/discord/escape-markdown.js';

const Z = '\u200b';

describe('escapeMarkdown', () => {
  it.each([
    ['plain words', 'Shelling near Al-Bukamal', 'Shelling near Al-Bukamal'],
    ['bold and italics', '**loud** _quiet_', '\\*\\*loud\\*\\* \\_quiet\\_'],
    ['strike, code, spoiler', '~~x~~ `y` ||z||', '\\~\\~x\\~\\~ \\`y\\` \\|\\|z\\|\\|'],
    ['masked link', '[click](https://evil.example)', '\\[click\\]\\(https://evil.example\\)'],
    ['quote marker', '> quoted', '\\> quoted'],
    ['heading at line start', '# Big\n  ## Bigger', '\\# Big\n  \\## Bigger'],
    ['subtext and list at line start', '-# small\n- item', '\\-# small\n\\- item'],
    ['hyphen inside a line untouched', 'Deir ez-Zor', 'Deir ez-Zor'],
    ['backslash kept visible', 'a\\b', 'a\\\\b'],
    ['@everyone', 'hi @everyone', `hi @${Z}everyone`],
    ['@here in capitals', '@HERE now', `@${Z}HERE now`],
    ['user mention', '<@123456>', `<${Z}@123456\\>`],
    ['nickname mention', '<@!123456>', `<${Z}@!123456\\>`],
    ['role mention', '<@&42>', `<${Z}@&42\\>`],
    ['channel mention', '<#42>', `<${Z}#42\\>`],
    ['slash-command mention', '</events:1>', `<${Z}/events:1\\>`],
    ['timestamp', '<t:1700000000>', `<${Z}t:1700000000\\>`],
    ['Arabic untouched', 'البوكمال', 'البوكمال'],
  ])('%s', (_, input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('neutraliseMentions', () => {
  it.each([
    ['@everyone', `@${Z}everyone`],
    ['mail@example.org', 'mail@example.org'],
    ['<@&1> and <#2>', `<${Z}@&1> and <${Z}#2>`],
    ['**bold stays**', '**bold stays**'],
  ])('%s', (input, expected) => {
    expect(neutraliseMentions(input)).toBe(expected);
  });
});

describe('clip', () => {
  it.each([
    ['short text unchanged', 'abc', 5, 'abc'],
    ['cut with ellipsis', 'abcdefgh', 5, 'abcd…'],
    ['no dangling escape', 'abc\\*def', 5, 'abc…'],
    ['escaped backslash pair kept', 'ab\\\\cdef', 5, 'ab\\\\…'],
    ['no half surrogate', 'ab😀cd', 4, 'ab…'],
    ['trailing space trimmed', 'ab  cdef', 5, 'ab…'],
  ])('%s', (_, input, max, expected) => {
    const out = clip(input, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });
});

describe('maskedLink', () => {
  it.each([
    [
      'https link',
      'SOHR: report',
      'https://example.org/a',
      '[SOHR: report](https://example.org/a) (example.org)',
    ],
    ['label escaped', 'a [b]', 'https://example.org/a', '[a \\[b\\]](https://example.org/a) (example.org)'],
    [
      'parentheses encoded',
      'x',
      'https://example.org/a_(b)',
      '[x](https://example.org/a_%28b%29) (example.org)',
    ],
    ['javascript refused', 'x', 'javascript:alert(1)', undefined],
    ['spaces refused', 'x', 'https://example.org/a b', undefined],
    ['relative refused', 'x', '/reports/1', undefined],
  ])('%s', (_, label, url, expected) => {
    expect(maskedLink(label, url)).toBe(expected);
  });
});
