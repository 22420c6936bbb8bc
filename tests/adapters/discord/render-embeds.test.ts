import { describe, expect, it } from 'vitest';
import {
  DISCORD_LIMITS,
  type DiscordMessage,
  embedsLength,
  renderEmbeds,
} from '../../../src/adapters/discord/render-embeds.js';
import type { Reply, ReplyLine } from '../../../src/core/reply.js';

function event(n: number, text = `Clashes reported near the river crossing, item ${n}.`): ReplyLine {
  return {
    lead: `${n} Sep 2024`,
    text,
    detail: 'Battles · Al-Bukamal · IRGC, Hezbollah',
    link: { url: `https://example.org/reports/${n}`, label: `Example Monitor: report ${n}` },
  };
}

function answer(lines: ReplyLine[], extra: Partial<Reply> = {}): Reply {
  return {
    tone: 'answer',
    title: 'Events in Al-Bukamal (Deir ez-Zor)',
    summary: '3 events in 2 reports.',
    sections: [{ lines }],
    ...extra,
  };
}

/** Every limit Discord enforces on one message. */
function expectWithinLimits(m: DiscordMessage): void {
  expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
  expect(embedsLength(m.embeds)).toBeLessThanOrEqual(DISCORD_LIMITS.totalChars);
  expect(m.content?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  for (const e of m.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    }
  }
  for (const row of m.components) {
    expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow);
    for (const b of row.components) if ('custom_id' in b) expect(b.custom_id.length).toBeLessThanOrEqual(100);
  }
  expect(m.allowedMentions).toEqual({ parse: [] });
}

const fieldCount = (m: DiscordMessage) => m.embeds.reduce((n, e) => n + (e.fields?.length ?? 0), 0);
const long = (n: number) => 'word '.repeat(Math.ceil(n / 5)).slice(0, n);

describe('renderEmbeds: shape', () => {
  it('makes one field per event with date and type, text, places and actors, and the source link', () => {
    const m = renderEmbeds(answer([event(1)], { footer: 'Showing 1-1 of 1.' }));
    expect(m).toEqual({
      embeds: [
        {
          title: 'Events in Al-Bukamal \\(Deir ez-Zor\\)',
          description: '3 events in 2 reports.',
          color: expect.any(Number),
          fields: [
            {
              name: '1 Sep 2024 · Battles',
              value:
                'Clashes reported near the river crossing, item 1.\nAl-Bukamal · IRGC, Hezbollah\n[Example Monitor: report 1](https://example.org/reports/1) (example.org)',
            },
          ],
          footer: { text: 'Showing 1-1 of 1.' },
        },
      ],
      components: [],
      allowedMentions: { parse: [] },
    });
  });

  it.each<[string, Reply, Partial<DiscordMessage>]>([
    [
      'user error becomes plain content',
      { tone: 'user-error', title: 'I don\'t know a place called "x".', sections: [] },
      { content: 'I don\'t know a place called "x".', embeds: [] },
    ],
    [
      'internal error keeps its reference',
      {
        tone: 'internal-error',
        title: 'Something went wrong.',
        summary: 'Reference ab12cd34.',
        sections: [],
      },
      { content: 'Something went wrong.\nReference ab12cd34.', embeds: [] },
    ],
    [
      'empty answer has no fields',
      { tone: 'empty', title: 'No events', summary: 'Try a wider filter.', sections: [] },
      {},
    ],
  ])('%s', (_, reply, expected) => {
    const m = renderEmbeds(reply);
    expect(m).toMatchObject(expected);
    expectWithinLimits(m);
  });

  it('groups lines without dates under their heading (help text)', () => {
    const m = renderEmbeds({
      tone: 'info',
      title: 'Help',
      sections: [
        { heading: 'Filters', lines: [{ text: 'since:7d limits answers.' }, { text: 'type:battles too.' }] },
      ],
    });
    expect(m.embeds[0]?.fields).toEqual([
      { name: 'Filters', value: 'since:7d limits answers.\ntype:battles too.' },
    ]);
  });

  it('leaves out links that are not http(s)', () => {
    const m = renderEmbeds(
      answer([{ lead: '1 Sep 2024', text: 'x', link: { url: 'javascript:alert(1)', label: 'bad' } }]),
    );
    expect(m.embeds[0]?.fields?.[0]?.value).toBe('x');
  });
});

describe('renderEmbeds: hostile text', () => {
  const hostile = '@everyone <@&123> **ping** [click](https://evil.example) @here';
  const m = renderEmbeds(
    answer(
      [
        {
          lead: hostile,
          text: hostile,
          detail: hostile,
          link: { url: 'https://example.org/a', label: hostile },
        },
      ],
      {
        title: hostile,
        summary: hostile,
        footer: hostile,
      },
    ),
  );
  const texts = m.embeds.flatMap((e) => [
    e.title,
    e.description,
    e.footer?.text,
    ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
  ]);

  it.each(texts.map((t, i) => [i, t ?? '']))('text %i has no live mention', (_, text) => {
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).not.toMatch(/<@/);
  });

  it('escapes markdown and masked links in the title, description and fields', () => {
    for (const t of [m.embeds[0]?.title, m.embeds[0]?.description, m.embeds[0]?.fields?.[0]?.value]) {
      expect(t).toContain('\\*\\*ping\\*\\*');
      expect(t).toContain('\\[click\\]\\(https://evil.example\\)');
    }
  });

  it('keeps the one link we emit clickable', () => {
    expect(m.embeds[0]?.fields?.[0]?.value).toMatch(/\]\(https:\/\/example\.org\/a\) \(example\.org\)$/);
  });
});

describe('renderEmbeds: limits', () => {
  it.each<[string, Reply]>([
    [
      '10 events with 2,000-character sentences',
      answer(Array.from({ length: 10 }, (_, i) => event(i + 1, long(2000)))),
    ],
    ['40 events', answer(Array.from({ length: 40 }, (_, i) => event(i + 1)))],
    ['300 short events', answer(Array.from({ length: 300 }, (_, i) => event(i + 1, 'x')))],
    ['a 300-character title', answer([event(1)], { title: long(300) })],
    ['a 5,000-character summary alone', { tone: 'answer', title: 't', summary: long(5000), sections: [] }],
    ['a 5,000-character summary with events', answer([event(1), event(2)], { summary: long(5000) })],
    ['a 3,000-character footer', answer([event(1)], { footer: long(3000) })],
    ['a 3,000-character error', { tone: 'user-error', title: long(3000), sections: [] }],
    ['a 600-character lead and type', answer([{ ...event(1), lead: long(600), detail: long(600) }])],
    [
      'a 2,000-character link label',
      answer([{ ...event(1), link: { url: 'https://example.org/a', label: long(2000) } }]),
    ],
    [
      'a 1,500-character URL',
      answer([{ ...event(1), link: { url: `https://example.org/${'a'.repeat(1500)}`, label: 'x' } }]),
    ],
    [
      'a heading with 2,000 lines of help',
      {
        tone: 'info',
        title: 'h',
        sections: [{ heading: 'All', lines: Array.from({ length: 2000 }, () => ({ text: long(50) })) }],
      },
    ],
    [
      'markdown-heavy text that doubles when escaped',
      answer(Array.from({ length: 10 }, (_, i) => event(i + 1, '*_'.repeat(600)))),
    ],
  ])('%s', (_, reply) => {
    expectWithinLimits(renderEmbeds(reply, { sessionKey: 'k' }));
  });

  it('keeps every event of a normal page, shortening long texts evenly', () => {
    const m = renderEmbeds(answer(Array.from({ length: 10 }, (_, i) => event(i + 1, long(2000)))));
    expect(fieldCount(m)).toBe(10);
    for (const f of m.embeds[0]?.fields ?? [])
      expect(f.value).toMatch(
        /…\n\[Example Monitor: report \d+\]\(https:\/\/example\.org\/reports\/\d+\) \(example\.org\)$/,
      );
  });

  it('says how many were left out when even short fields do not fit', () => {
    const m = renderEmbeds(answer(Array.from({ length: 300 }, (_, i) => event(i + 1, long(300)))));
    const shown = fieldCount(m);
    expect(shown).toBeLessThan(300);
    expect(m.embeds.at(-1)?.footer?.text).toContain(`… and ${300 - shown} more`);
  });

  it('spreads more than 25 fields over several embeds, the title only on the first', () => {
    const m = renderEmbeds(answer(Array.from({ length: 30 }, (_, i) => event(i + 1, 'x'))));
    expect(m.embeds.map((e) => e.fields?.length)).toEqual([25, 5]);
    expect(m.embeds[1]?.title).toBeUndefined();
  });
});

describe('renderEmbeds: buttons', () => {
  const paged = (offset: number, total: number, lines = 10) =>
    answer(
      Array.from({ length: lines }, (_, i) => event(offset + i + 1)),
      { paging: { offset, limit: 10, total } },
    );
  const buttons = (m: DiscordMessage) =>
    m.components.flatMap((r) =>
      r.components.map((b) => ('custom_id' in b ? [b.label, b.custom_id, Boolean(b.disabled)] : [])),
    );

  it.each<[string, Reply, string | undefined, unknown[]]>([
    [
      'first page',
      paged(0, 23),
      'k1',
      [
        ['Previous', 'pg:k1:0', true],
        ['Next', 'pg:k1:10', false],
      ],
    ],
    [
      'middle page',
      paged(10, 23),
      'k1',
      [
        ['Previous', 'pg:k1:0', false],
        ['Next', 'pg:k1:20', false],
      ],
    ],
    [
      'last page',
      paged(20, 23, 3),
      'k1',
      [
        ['Previous', 'pg:k1:10', false],
        ['Next', 'pg:k1:30', true],
      ],
    ],
    ['no key, no buttons', paged(0, 23), undefined, []],
    ['one page only', answer([event(1)], { paging: { offset: 0, limit: 10, total: 1 } }), 'k1', []],
    [
      'follow-up choices',
      {
        tone: 'user-error',
        title: 'Which one?',
        sections: [],
        choices: [
          { label: 'A', command: '/events a' },
          { label: 'B', command: '/events b' },
        ],
      },
      'k2',
      [
        ['A', 'ch:k2:0', false],
        ['B', 'ch:k2:1', false],
      ],
    ],
    [
      'at most five choices',
      {
        tone: 'user-error',
        title: 'Which?',
        sections: [],
        choices: Array.from({ length: 8 }, (_, i) => ({ label: `c${i}`, command: `/x ${i}` })),
      },
      'k3',
      Array.from({ length: 5 }, (_, i) => [`c${i}`, `ch:k3:${i}`, false]),
    ],
  ])('%s', (_, reply, sessionKey, expected) => {
    expect(buttons(renderEmbeds(reply, sessionKey ? { sessionKey } : {}))).toEqual(expected);
  });

  it('leaves page buttons off when asked (channel posts)', () => {
    expect(renderEmbeds(paged(0, 23), { sessionKey: 'k', pageButtons: false }).components).toEqual([]);
  });

  it('starts Next at the first event that had to be left out', () => {
    const reply = answer(
      Array.from({ length: 100 }, (_, i) => event(i + 1, long(400))),
      { paging: { offset: 0, limit: 100, total: 250 } },
    );
    const m = renderEmbeds(reply, { sessionKey: 'k' });
    const shown = fieldCount(m);
    expect(shown).toBeLessThan(100);
    expect(buttons(m)).toContainEqual(['Next', `pg:k:${shown}`, false]);
  });
});
