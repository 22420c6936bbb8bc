import { describe, expect, it } from 'vitest';
import { renderText, sanitizeForTerminal } from '../../../src/adapters/console/render-text.js';
import type { Reply } from '../../../src/core/reply.js';

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
