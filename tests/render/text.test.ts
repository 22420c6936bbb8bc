import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import { renderText, sanitizeForTerminal, wrapWords } from '../../src/render/text.js';

const base: Reply = { tone: 'answer', title: 'Events in Al-Bukamal (Deir ez-Zor)', sections: [] };

describe('renderText', () => {
  it.each<[string, Reply, string[]]>([
    ['title only', base, ['Events in Al-Bukamal (Deir ez-Zor)']],
    [
      'summary lines are indented',
      { ...base, summary: 'a\nb' },
      ['Events in Al-Bukamal (Deir ez-Zor)', '  a', '  b'],
    ],
    [
      'an event line with detail and link',
      {
        ...base,
        sections: [
          {
            lines: [
              {
                lead: '17 Sep 2026',
                text: 'Drills near the border.',
                detail: 'Strategic developments · IRGC',
                link: { url: 'https://example.org/r', label: 'Desk: Drills' },
              },
            ],
          },
        ],
      },
      [
        'Events in Al-Bukamal (Deir ez-Zor)',
        '',
        '- 17 Sep 2026  Drills near the border.',
        '  Strategic developments · IRGC',
        '  Desk: Drills <https://example.org/r>',
      ],
    ],
    [
      'a user error with choices',
      {
        tone: 'user-error',
        title: 'Unknown place',
        sections: [],
        choices: [{ label: 'Al-Bukamal', command: '/events Al-Bukamal' }],
      },
      ['! Unknown place', '', 'Try:', '  /events Al-Bukamal'],
    ],
    [
      'paging hint',
      { ...base, paging: { offset: 0, limit: 10, total: 25 }, footer: 'Showing 1-10 of 25.' },
      [
        'Events in Al-Bukamal (Deir ez-Zor)',
        '',
        'Showing 1-10 of 25.',
        '15 more: type "more" to see the next page.',
      ],
    ],
  ])('%s', (_name, reply, lines) => {
    expect(renderText(reply).split('\n')).toEqual(lines);
  });

  it('strips terminal escape sequences from report text', () => {
    expect(sanitizeForTerminal('ok\u001b[2Jcleared\u0007')).toBe('ok[2Jcleared');
    expect(renderText({ ...base, title: 'x\u001b]0;pwned\u0007' })).not.toContain('\u001b');
  });
});

describe('wrapWords', () => {
  it.each<[string, string, number, string, string[]]>([
    ['fits', 'one two three', 20, '', ['one two three']],
    ['breaks at spaces', 'one two three four', 9, '  ', ['one two', '  three', '  four']],
    [
      'never inside a word',
      'see https://example.org/a/very/long/path/to/a/report now',
      16,
      '',
      ['see', 'https://example.org/a/very/long/path/to/a/report', 'now'],
    ],
    ['keeps the leading indent', '  alpha beta gamma', 12, '  ', ['  alpha beta', '  gamma']],
    [
      'Arabic words stay whole',
      'قصف مدفعي على أطراف البوكمال',
      12,
      '',
      ['قصف مدفعي', 'على أطراف', 'البوكمال'],
    ],
  ])('%s', (_what, text, width, indent, lines) => {
    expect(wrapWords(text, width, indent)).toEqual(lines);
  });
});

describe('renderText with a terminal width', () => {
  const reply: Reply = {
    ...base,
    sections: [
      {
        lines: [
          {
            lead: '17 Sep 2026',
            text: 'Drills near the border were reported by residents of several villages along the river.',
            link: {
              url: 'https://example.org/reports/2026/09/17/drills-near-the-border-reported-by-residents',
              label: 'Desk: Drills near the border',
            },
          },
        ],
      },
    ],
  };

  it('wraps at the width without breaking words, and prints a URL whole on its own line', () => {
    const lines = renderText(reply, { width: 40 }).split('\n');
    for (const l of lines.filter((x) => !x.includes('https://'))) expect(l.length).toBeLessThanOrEqual(40);
    expect(lines).toContain(
      '  https://example.org/reports/2026/09/17/drills-near-the-border-reported-by-residents',
    );
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('residents of several villages along the river.');
  });

  it('keeps label and URL on one line when they fit', () => {
    const lines = renderText(reply, { width: 200 }).split('\n');
    expect(lines.some((l) => l.includes('Desk: Drills near the border <https://'))).toBe(true);
  });

  it('makes links OSC 8 hyperlinks when asked, with control characters taken out of the URL', () => {
    const hostile: Reply = {
      ...base,
      sections: [
        { lines: [{ text: 'x', link: { url: 'https://example.org/a\u001b]8;;evil\u0007', label: 'L' } }] },
      ],
    };
    const out = renderText(hostile, { width: 80, hyperlinks: true });
    expect(out).toContain(`${'\u001b'}]8;;https://example.org/a]8;;evil${'\u001b'}\\`);
    expect(out).not.toContain('\u0007');
  });
});
