import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, textHash } from '../../src/reports/canonical.js';
import { parsePublished, validateReport } from '../../src/reports/validate.js';

describe('canonicalizeUrl', () => {
  it.each([
    ['https://www.Example.org/a/b/?utm_source=x&id=3#top', 'https://example.org/a/b?id=3'],
    ['http://example.org/a', 'https://example.org/a'],
    ['https://example.org/a?b=2&a=1', 'https://example.org/a?a=1&b=2'],
    ['https://example.org/', 'https://example.org'],
    ['https://example.org:8443/x?fbclid=1', 'https://example.org:8443/x'],
    ['not a url', 'not a url'],
  ])('%s -> %s', (raw, expected) => {
    expect(canonicalizeUrl(raw)).toBe(expected);
  });
});

describe('textHash', () => {
  const body = 'Clashes were reported near the town for a second day. '.repeat(5);
  it('ignores case, punctuation and spacing', () => {
    expect(textHash('A', body)).toBe(textHash('A', body.toUpperCase().replace(/\./g, ' ! ')));
  });
  it('ignores the title when the body is substantial (republished with a new headline)', () => {
    expect(textHash('Old headline', body)).toBe(textHash('New headline', body));
  });
  it('uses the title for short bodies', () => {
    expect(textHash('One', 'Short.')).not.toBe(textHash('Two', 'Short.'));
  });
});

describe('parsePublished', () => {
  it.each([
    ['2026-11-23', '2026-11-23T12:00:00.000Z'],
    ['2026-11-23T09:30:00Z', '2026-11-23T09:30:00.000Z'],
    ['2026-11-23T09:30:00+03:00', '2026-11-23T06:30:00.000Z'],
    ['Mon, 23 Nov 2026 09:30:00 GMT', '2026-11-23T09:30:00.000Z'],
  ])('%s', (value, iso) => {
    expect(parsePublished(value)?.toJSDate().toISOString()).toBe(iso);
  });
  it.each([['yesterday'], ['2026-13-01'], ['']])('rejects %j', (value) => {
    expect(parsePublished(value)).toBeNull();
  });
});

describe('validateReport', () => {
  const now = new Date('2026-11-24T00:00:00Z');
  const good = {
    url: 'https://example.org/r/1?utm_medium=a',
    title: ' A  title ',
    published: '2026-11-23',
    source: 'Desk',
    body: 'Text.',
  };

  it('normalises a good report and derives a stable id from the URL', () => {
    const v = validateReport(good, now);
    expect(v.ok).toBe(true);
    if (!v.ok) return;
    expect(v.report.title).toBe('A title');
    expect(v.report.canonicalUrl).toBe('https://example.org/r/1');
    expect(v.report.id).toMatch(/^r-[0-9a-f]{16}$/);
    expect(validateReport(good, now)).toEqual(v);
  });

  it('keeps a given id and fills a missing source from the host', () => {
    const v = validateReport({ ...good, id: 'sohr-1', source: undefined }, now);
    expect(v.ok && v.report.id).toBe('sohr-1');
    expect(v.ok && v.report.source).toBe('example.org');
  });

  it.each([
    [null, 'not a report object'],
    [[], 'not a report object'],
    [{ ...good, url: 'ftp://x/y' }, 'url must be an http(s) URL'],
    [{ ...good, url: undefined, title: undefined }, 'url is missing; title is missing'],
    [{ ...good, published: 'last Tuesday' }, 'published is not a date'],
    [{ ...good, body: '   ' }, 'body is empty'],
    [{ ...good, id: 'has spaces' }, 'id may only use'],
  ])('rejects %j with a specific reason', (raw, reason) => {
    const v = validateReport(raw, now);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toContain(reason);
  });
});
