import { describe, expect, it } from 'vitest';
import { maskedLink } from '../../src/adapters/discord/escape-markdown.js';
import { renderEmbeds } from '../../src/adapters/discord/render-embeds.js';
import { renderBlocks, renderLink } from '../../src/adapters/slack/render-blocks.js';
import type { Reply } from '../../src/core/reply.js';
import { renderText } from '../../src/render/text.js';
import { validateReport } from '../../src/reports/validate.js';

const DISGUISED = { label: 'https://www.bbc.co.uk/news/world-middle-east', url: 'https://evil.example/x' };
const BIDI = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
];
const BIDI_RE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

function reply(link: { label: string; url: string }, text = 'Shelling near Homs'): Reply {
  return {
    tone: 'answer',
    title: 'Events',
    sections: [{ lines: [{ lead: '1 Sep 2024', text, detail: 'Homs · SAA', link }] }],
  };
}

describe('7. a title cannot pose as its link', () => {
  it('Slack shows the real host beside the link, and the label does not look like a URL', () => {
    const out = renderLink(DISGUISED);
    expect(out).toMatch(/^<https:\/\/evil\.example\/x\|[^>]*> \(evil\.example\)$/);
    const label = out.slice(out.indexOf('|') + 1, out.indexOf('>'));
    expect(label).not.toMatch(/https?:|bbc\.co\.uk|www\./);
    expect(JSON.stringify(renderBlocks(reply(DISGUISED)))).toContain('(evil.example)');
  });

  it('Discord shows the real host beside the masked link, and the label does not look like a URL', () => {
    const out = maskedLink(DISGUISED.label, DISGUISED.url)!;
    expect(out).toMatch(/^\[[^\]]*\]\(https:\/\/evil\.example\/x\) \(evil\.example\)$/);
    expect(out.slice(1, out.indexOf(']'))).not.toMatch(/https?:|bbc\.co\.uk|www\./);
    expect(JSON.stringify(renderEmbeds(reply(DISGUISED)))).toContain('(evil.example)');
  });

  it('the console shows the real URL and a label that does not look like one', () => {
    const out = renderText(reply(DISGUISED));
    expect(out).toContain('<https://evil.example/x>');
    expect(out).not.toContain('bbc.co.uk');
    expect(out).not.toContain('https://www.bbc');
  });
});

describe('8. line breaks and bidi controls in report text', () => {
  const base = { title: 'Shelling near Homs', published: '2026-11-20', body: 'Shelling near Homs.' };
  const now = new Date('2026-11-24T10:00:00Z');

  it('refuses a URL with a line break or bidi control (the URL parser would drop it silently)', () => {
    for (const url of [
      'https://example.org/a\nFAKE: https://evil.example',
      'https://example.org/a\tb',
      `https://example.org/${BIDI[4]}a`,
    ]) {
      const v = validateReport({ ...base, url, source: 'Test' }, now);
      expect(v.ok, JSON.stringify(url)).toBe(false);
      expect(v.ok ? '' : v.reason).toContain('url contains spaces, line breaks or control characters');
    }
  });

  it('strips line breaks and bidi controls from source and title', () => {
    const v = validateReport(
      {
        ...base,
        url: 'https://example.org/a',
        source: `SOHR\n2024-09-01  Fake line${BIDI.join('')}`,
        title: `Shelling\r\nnear ${BIDI[4]}Homs${BIDI[9]}`,
      },
      now,
    );
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.report.source).toBe('SOHR 2024-09-01 Fake line');
    expect(v.report.title).toBe('Shelling near Homs');
  });

  it('the console never prints a fake line from a source or URL already stored', () => {
    const out = renderText(
      reply(
        { label: 'SOHR\n- 2 Sep 2024  Fake event', url: 'https://example.org/a\n- Fake line' },
        'Text\nFake',
      ),
    );
    const lines = out.split('\n');
    expect(lines.filter((l) => l.startsWith('- '))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('- Fake') || l.startsWith('- 2 Sep'))).toBe(false);
  });

  it.each(BIDI.map((c) => [c.codePointAt(0)!.toString(16), c]))('U+%s reaches no renderer', (_hex, c) => {
    const hostile = reply({ label: `SOHR${c}: x`, url: 'https://example.org/a' }, `Shel${c}ling`);
    hostile.title = `Ev${c}ents`;
    hostile.summary = `sum${c}mary`;
    expect(renderText(hostile)).not.toMatch(BIDI_RE);
    expect(JSON.stringify(renderBlocks(hostile))).not.toMatch(BIDI_RE);
    expect(JSON.stringify(renderEmbeds(hostile))).not.toMatch(BIDI_RE);
  });
});
