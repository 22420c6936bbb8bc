import { describe, expect, it } from 'vitest';
import {
  ACTION_IDS,
  type ActionsBlock,
  decodeButtonValue,
  encodeButtonValue,
  escapeMrkdwn,
  escapeSlackText,
  fitEscaped,
  renderActions,
  renderBlocks,
  renderLine,
  renderLink,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
  safeUrl,
} from '../../../src/adapters/slack/render-blocks.js';
import type { Reply, ReplyLine } from '../../../src/core/reply.js';

/** Every text Slack would display (button values are data, never shown). */
function textsOf(block: SlackBlock): string[] {
  switch (block.type) {
    case 'header':
    case 'section':
      return [block.text.text];
    case 'context':
      return block.elements.map((e) => e.text);
    case 'actions':
      return block.elements.map((e) => e.text.text);
  }
}

function expectWithinLimits(message: SlackMessage): void {
  expect(message.blocks.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallback);
  for (const block of message.blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
    if (block.type === 'section') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    if (block.type === 'context')
      for (const e of block.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    if (block.type === 'actions') {
      for (const e of block.elements) {
        expect(e.value.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
        expect(e.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
      }
    }
  }
}

const blockTexts = (m: SlackMessage) => m.blocks.flatMap(textsOf);
const actionsOf = (m: SlackMessage) => m.blocks.find((b): b is ActionsBlock => b.type === 'actions');
const lines = (n: number, text = 'Shelling reported near the river crossing'): ReplyLine[] =>
  Array.from({ length: n }, (_, i) => ({
    lead: `${String((i % 28) + 1).padStart(2, '0')} Sep 2024`,
    text: `${text} ${i + 1}`,
  }));
const answer = (extra: Partial<Reply> = {}): Reply => ({
  tone: 'answer',
  title: 'Al-Bukamal',
  sections: [],
  ...extra,
});
const target = { command: 'events', text: 'bukamal', offset: 0 };

describe('escapeSlackText', () => {
  it.each([
    ['plain words', 'plain words'],
    ['A & B', 'A &amp; B'],
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!everyone> now', '&lt;!everyone&gt; now'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<https://x.test|y>', '&lt;https://x.test|y&gt;'],
    ['&amp; already', '&amp;amp; already'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(escapeSlackText(input)).toBe(expected);
  });
});

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel> look', '&lt;!channel&gt; look'],
    ['<!here|here>', '&lt;!here|here&gt;'],
    ['<@U123|boss>', '&lt;@U123|boss&gt;'],
    ['<https://evil.test|bbc.co.uk>', '&lt;https://evil.test|bbc.co.uk&gt;'],
    ['*bold claim*', '\u2217bold claim\u2217'],
    ['_slanted_', '\u02cdslanted\u02cd'],
    ['~struck~', '\u223cstruck\u223c'],
    ['`code`', '\u02cbcode\u02cb'],
    ['> quoted line', '\u203a quoted line'],
    ['a > b', 'a &gt; b'],
    ['two\nlines  here', 'two lines here'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['  padded  ', 'padded'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });

  it.each([
    ['one\ntwo', 'one\ntwo'],
    ['one\n> two', 'one\n\u203a two'],
    ['a\n\n\n\nb', 'a\n\nb'],
    ['x\r\ny', 'x\ny'],
  ])('multiline %j -> %j', (input, expected) => {
    expect(escapeMrkdwn(input, { multiline: true })).toBe(expected);
  });
});

describe('safeUrl', () => {
  it.each([
    ['https://example.org/a', 'https://example.org/a'],
    ['http://example.org/?a=1&b=2', 'http://example.org/?a=1&amp;b=2'],
    ['https://example.org/a|b', 'https://example.org/a%7Cb'],
    ['https://example.org/a>b', 'https://example.org/a%3Eb'],
    ['https://example.org/a b', 'https://example.org/a%20b'],
    ['  https://example.org/trim  ', 'https://example.org/trim'],
    ['javascript:alert(1)', undefined],
    ['mailto:desk@example.org', undefined],
    ['ftp://example.org/file', undefined],
    ['/relative/path', undefined],
    ['not a url', undefined],
    ['', undefined],
  ])('%j -> %j', (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });
});

describe('renderLink', () => {
  it.each([
    [{ url: 'https://example.org/r', label: 'Report' }, '<https://example.org/r|Report> (example.org)'],
    [
      { url: 'https://example.org/r', label: '<!channel>' },
      '<https://example.org/r|&lt;!channel&gt;> (example.org)',
    ],
    [{ url: 'https://x.test/|<!channel>', label: 'ok' }, '<https://x.test/%7C%3C!channel%3E|ok> (x.test)'],
    [{ url: 'javascript:void(0)', label: 'Click' }, 'Click'],
    [{ url: 'https://example.org/r', label: '' }, '<https://example.org/r|source> (example.org)'],
  ])('%j -> %j', (link, expected) => {
    expect(renderLink(link)).toBe(expected);
  });
});

describe('fitEscaped', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['this is too long', 10, 'this is t…'],
    ['&&&&&&&&', 12, '&amp;&amp;…'],
    ['<<<<', 9, '&lt;&lt;…'],
    ['<<<<', 8, '&lt;…'],
  ])('%j within %i -> %j', (raw, max, expected) => {
    const out = fitEscaped(raw, max, escapeSlackText);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });
});

describe('renderLine', () => {
  it.each<[ReplyLine, string]>([
    [{ text: 'Clashes reported' }, 'Clashes reported'],
    [{ lead: '17 Sep 2024', text: 'Clashes reported' }, '*17 Sep 2024*  Clashes reported'],
    [{ text: 'x', detail: 'Battles · SDF' }, 'x\nBattles · SDF'],
    [
      { text: 'x', link: { url: 'https://example.org/r', label: 'R' } },
      'x\n<https://example.org/r|R> (example.org)',
    ],
    [{ lead: '*1*', text: '<!channel>', detail: '_d_' }, '*\u22171\u2217*  &lt;!channel&gt;\n\u02cdd\u02cd'],
  ])('%j', (line, expected) => {
    expect(renderLine(line)).toBe(expected);
  });

  it('keeps a very long line within the section limit and shows that it was cut', () => {
    const out = renderLine({
      lead: 'today',
      text: 'x'.repeat(5000),
      link: { url: 'https://example.org/', label: 'src' },
    });
    expect(out.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    expect(out).toContain('…');
    expect(out).toContain('<https://example.org/|src>');
  });
});

describe('button values', () => {
  it.each([
    [{ command: 'events', text: 'bukamal since:7d', offset: 10 }],
    [{ command: 'search', text: 'he said "stop" & left', offset: 0 }],
    [{ command: 'help', text: '', offset: 0 }],
  ])('round-trips %j', (t) => {
    const value = encodeButtonValue(t);
    expect(value).toBeDefined();
    expect(decodeButtonValue(value)).toEqual(t);
  });

  it('refuses a value longer than Slack allows', () => {
    expect(encodeButtonValue({ command: 'search', text: 'x'.repeat(2100), offset: 0 })).toBeUndefined();
  });

  it.each([
    [undefined],
    [''],
    ['not json'],
    ['[]'],
    ['{"command":"events","text":"x"}'],
    ['{"command":"events","text":"x","offset":-1}'],
    ['{"command":"events","text":"x","offset":1.5}'],
    ['{"command":"Bad Name","text":"x","offset":0}'],
    ['{"command":"events","text":5,"offset":0}'],
  ])('rejects %j', (value) => {
    expect(decodeButtonValue(value)).toBeUndefined();
  });
});

describe('renderActions', () => {
  it.each<[string, Reply, number | undefined, boolean, string[]]>([
    ['answer: share only', answer(), undefined, false, [ACTION_IDS.share]],
    ['info: share only', { ...answer(), tone: 'info' }, undefined, false, [ACTION_IDS.share]],
    ['answer with next page', answer(), 10, false, [ACTION_IDS.share, ACTION_IDS.more]],
    ['empty: nothing', { ...answer(), tone: 'empty' }, undefined, false, []],
    ['user error: nothing', { ...answer(), tone: 'user-error' }, undefined, false, []],
    ['internal error: nothing', { ...answer(), tone: 'internal-error' }, undefined, false, []],
    ['side effects: no share or more', answer(), 10, true, []],
    [
      'user error with choices',
      { ...answer(), tone: 'user-error', choices: [{ label: 'Al-Bukamal', command: '/events al-bukamal' }] },
      undefined,
      false,
      ['run_choice_0'],
    ],
  ])('%s', (_name, reply, next, sideEffects, expected) => {
    const block = renderActions(reply, target, next, sideEffects);
    expect(block?.elements.map((e) => e.action_id) ?? []).toEqual(expected);
  });

  it('carries the command, text and next offset in the More button', () => {
    const more = renderActions(answer(), target, 20)?.elements.find((e) => e.action_id === ACTION_IDS.more);
    expect(decodeButtonValue(more?.value)).toEqual({ ...target, offset: 20 });
  });

  it('turns a choice command line into a button value', () => {
    const reply: Reply = {
      ...answer(),
      tone: 'user-error',
      choices: [{ label: 'Deir ez-Zor', command: '/events deir ez-zor since:7d' }],
    };
    const value = renderActions(reply, target)?.elements[0]?.value;
    expect(decodeButtonValue(value)).toEqual({ command: 'events', text: 'deir ez-zor since:7d', offset: 0 });
  });
});

describe('renderBlocks', () => {
  it.each<[string, Reply, SlackBlock['type'][]]>([
    ['empty reply', { tone: 'empty', title: '', sections: [] }, ['section']],
    ['title only', { tone: 'empty', title: 'No events in Tadmur', sections: [] }, ['header']],
    ['title and summary', answer({ summary: '3 events since 1 Sep' }), ['header', 'section']],
    ['one line', answer({ sections: [{ lines: lines(1) }] }), ['header', 'section']],
    [
      'footer',
      answer({ sections: [{ lines: lines(2) }], footer: 'Showing 1-2 of 2.' }),
      ['header', 'section', 'section', 'context'],
    ],
    ['user error', { tone: 'user-error', title: 'I do not know that place.', sections: [] }, ['section']],
    [
      'internal error',
      { tone: 'internal-error', title: 'Something broke.', summary: 'Ref abc.', sections: [] },
      ['section', 'section'],
    ],
    [
      'heading without lines',
      answer({ sections: [{ heading: 'Nothing here', lines: [] }] }),
      ['header', 'section'],
    ],
  ])('%s -> %j', (_name, reply, types) => {
    const message = renderBlocks(reply);
    expect(message.blocks.map((b) => b.type)).toEqual(types);
    expectWithinLimits(message);
  });

  it.each<[string, Reply, string]>([
    [
      'user error is a friendly notice',
      { tone: 'user-error', title: 'Try /events <place>.', sections: [] },
      ':information_source: Try /events &lt;place&gt;.',
    ],
    [
      'internal error is one calm line',
      { tone: 'internal-error', title: 'Something went wrong.', sections: [] },
      ':warning: Something went wrong.',
    ],
  ])('%s', (_name, reply, text) => {
    const first = renderBlocks(reply).blocks[0];
    expect(first).toEqual({ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } });
  });

  it('falls back to the title and summary for notifications', () => {
    expect(renderBlocks(answer({ summary: '2 events' })).text).toBe('Al-Bukamal: 2 events');
    expect(renderBlocks({ tone: 'empty', title: '', sections: [] }).text).toBe('No answer.');
  });

  it('cuts a long header visibly at 150 characters', () => {
    const header = renderBlocks(answer({ title: 'Deir ez-Zor '.repeat(30) })).blocks[0];
    expect(header?.type).toBe('header');
    const text = header?.type === 'header' ? header.text.text : '';
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
    expect(text.endsWith('…')).toBe(true);
  });

  it('merges a section heading into its first line', () => {
    const message = renderBlocks(
      answer({ sections: [{ heading: 'Usage', lines: [{ text: '/events <place>' }] }] }),
    );
    expect(blockTexts(message)).toContain('*Usage*\n/events &lt;place&gt;');
  });

  it.each([
    [60, 'interactive with paging', true],
    [60, 'posted to a channel', false],
    [200, 'interactive with paging', true],
  ])('keeps %i lines (%s) within 50 blocks and counts the rest', (n, _label, interactive) => {
    const reply = answer({
      sections: [{ lines: lines(n) }],
      paging: { offset: 0, limit: n, total: n },
      footer: 'f',
    });
    const message = renderBlocks(reply, interactive ? { actions: target } : {});
    expectWithinLimits(message);
    const shown = message.blocks.filter((b) => b.type === 'section' && b.text.text.startsWith('*')).length;
    const moreLine = blockTexts(message).find((t) => t.startsWith('… and '));
    expect(moreLine).toBe(`… and ${n - shown} more${interactive ? ' (use More)' : ' not shown here'}`);
    if (interactive) {
      const more = actionsOf(message)?.elements.find((e) => e.action_id === ACTION_IDS.more);
      // The next page starts right after the last line shown, so nothing is skipped.
      expect(decodeButtonValue(more?.value)?.offset).toBe(shown);
    }
  });

  it('says how many more there are when the answer is paged', () => {
    const reply = answer({ sections: [{ lines: lines(10) }], paging: { offset: 10, limit: 10, total: 34 } });
    const message = renderBlocks(reply, { actions: { ...target, offset: 10 } });
    expect(blockTexts(message)).toContain('… and 14 more (use More)');
    const more = actionsOf(message)?.elements.find((e) => e.action_id === ACTION_IDS.more);
    expect(decodeButtonValue(more?.value)).toEqual({ ...target, offset: 20 });
  });

  it('offers no More on the last page', () => {
    const reply = answer({ sections: [{ lines: lines(4) }], paging: { offset: 30, limit: 10, total: 34 } });
    const message = renderBlocks(reply, { actions: { ...target, offset: 30 } });
    expect(actionsOf(message)?.elements.map((e) => e.action_id)).toEqual([ACTION_IDS.share]);
    expect(blockTexts(message).some((t) => t.startsWith('… and'))).toBe(false);
  });

  it('does not promise More for a cut answer without paging', () => {
    const message = renderBlocks(answer({ sections: [{ lines: lines(80) }] }), { actions: target });
    expect(blockTexts(message).find((t) => t.startsWith('… and'))).toMatch(/not shown; narrow the question/);
    expect(actionsOf(message)?.elements.map((e) => e.action_id)).toEqual([ACTION_IDS.share]);
  });

  it('lists choices as text when the message is not interactive', () => {
    const reply: Reply = {
      tone: 'user-error',
      title: 'Which one?',
      sections: [],
      choices: [
        { label: 'a', command: '/events tell abyad' },
        { label: 'b', command: '/events <!channel>' },
      ],
    };
    expect(blockTexts(renderBlocks(reply))).toContain('Try: /events tell abyad · /events &lt;!channel&gt;');
  });

  it('marks a shared copy with who shared it and no buttons', () => {
    const message = renderBlocks(answer({ sections: [{ lines: lines(2) }] }), { sharedBy: 'U0123ABC' });
    expect(message.blocks[0]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Shared by <@U0123ABC>', verbatim: true }],
    });
    expect(actionsOf(message)).toBeUndefined();
  });

  it.each(['<!channel>', 'U1> <!here', 'not-an-id'])('escapes a sharer that is not a user id: %j', (who) => {
    const text = blockTexts(renderBlocks(answer(), { sharedBy: who }))[0] ?? '';
    expect(text).not.toMatch(/<[!@]/);
  });

  it('never lets hostile report text ping, link or break formatting', () => {
    const hostile = '<!channel> <!everyone> <@U123> <https://evil.test|bbc.co.uk> *not bold* `x` > q';
    const reply: Reply = {
      tone: 'answer',
      title: hostile,
      summary: hostile,
      sections: [
        {
          heading: hostile,
          lines: [
            {
              lead: hostile,
              text: hostile,
              detail: hostile,
              link: { url: 'https://example.org/r|<!channel>', label: hostile },
            },
          ],
        },
      ],
      footer: hostile,
      choices: [{ label: hostile, command: `/search ${hostile}` }],
      paging: { offset: 0, limit: 1, total: 3 },
    };
    for (const message of [renderBlocks(reply), renderBlocks(reply, { actions: target })]) {
      expectWithinLimits(message);
      for (const text of [...blockTexts(message), message.text]) {
        expect(text).not.toMatch(/<[!@#]/);
        expect(text).not.toContain('<https://evil');
      }
      // Plain text (header, button labels) shows asterisks literally; mrkdwn must not see them.
      const mrkdwnTexts = message.blocks.flatMap((b) =>
        b.type === 'section' ? [b.text.text] : b.type === 'context' ? b.elements.map((e) => e.text) : [],
      );
      for (const text of [...mrkdwnTexts, message.text]) expect(text).not.toContain('*not bold*');
    }
  });
});
