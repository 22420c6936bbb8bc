import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeed } from '../../../src/ingest/feeds/parse.js';
import { FEED_FIXTURES } from '../../helpers/feed-server.js';

const BASE = 'https://wire.example.org';
const fixture = (name: string) =>
  readFileSync(path.join(FEED_FIXTURES, name), 'utf8').replaceAll('{{base}}', BASE);

const rss = (items: string, channel = '<title>W</title>') =>
  `<rss version="2.0"><channel>${channel}${items}</channel></rss>`;
const atom = (entries: string) =>
  `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>${entries}</feed>`;
const json = (items: unknown[]) =>
  JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items });

describe('parseFeed: fixture feeds', () => {
  it('reads the RSS fixture', () => {
    const feed = parseFeed(fixture('rss.xml'), 'application/rss+xml');
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Euphrates Desk Wire');
    expect(feed.items.map((i) => [i.guid, i.url, i.title, i.published])).toEqual([
      [
        'desk-1001',
        `${BASE}/articles/bukamal-shelling.html?utm_source=rss&utm_medium=feed`,
        'Shelling reported near the Al-Bukamal crossing',
        '2024-09-17T08:00:00.000Z',
      ],
      [
        'desk-1002',
        `${BASE}/articles/mayadin-drone.html`,
        'Drone strike hits a pickup truck outside Al-Mayadin',
        '2024-09-18T06:30:00.000Z',
      ],
      [
        'desk-1003',
        `${BASE}/articles/missing.html`,
        'Checkpoint set up on the road east of Raqqa',
        '2024-09-18T09:15:00.000Z',
      ],
    ]);
    expect(feed.items[1]?.contentHtml).toBe('<p>Teaser for the drone story.</p>');
    expect(feed.items[2]?.contentHtml).toContain('<p>Local sources said a new checkpoint');
  });

  it('reads the Atom fixture, picking the alternate link and keeping XHTML content in order', () => {
    const feed = parseFeed(fixture('atom.xml'));
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Upper Valley Monitor');
    expect(feed.items.map((i) => [i.guid, i.url, i.title, i.published])).toEqual([
      [
        'urn:test:uvm:501',
        `${BASE}/articles/deir-clashes.html`,
        'Clashes in the Deir ez-Zor countryside',
        '2024-09-19T07:45:00.000Z',
      ],
      [
        'urn:test:uvm:502',
        `${BASE}/articles/huge.html`,
        'Aid convoy reaches Al-Shaddadi',
        '2024-09-19T09:00:00.000Z',
      ],
    ]);
    expect(feed.items[0]?.contentText).toBe('Summary text that the article page replaces.');
    expect(feed.items[1]?.contentHtml).toContain(
      '<p>An aid convoy of <b>twelve trucks</b> reached Al-Shaddadi on Thursday.</p>',
    );
  });

  it('reads the JSON Feed fixture', () => {
    const feed = parseFeed(fixture('feed.json'), 'application/feed+json');
    expect(feed.format).toBe('json');
    expect(feed.title).toBe('Steppe Notes');
    expect(feed.items.map((i) => [i.guid, i.url, i.title, i.published])).toEqual([
      [
        'sn-77',
        `${BASE}/articles/palmyra-exercise.html`,
        'Military exercise held near Palmyra',
        '2024-09-20T11:00:00.000Z',
      ],
      ['sn-78', `${BASE}/articles/slow.html`, 'Tribal elders meet in Al-Shuhayl', '2024-09-20T12:00:00.000Z'],
    ]);
    expect(feed.items[0]?.contentText).toBe('Short note that the article page replaces.');
    expect(feed.items[1]?.contentHtml).toContain('Al-Shuhayl on Friday');
  });
});

describe('parseFeed: one field at a time', () => {
  it.each([
    [
      'numeric guid stays text',
      rss('<item><guid>00123</guid><link>https://x.test/1</link></item>'),
      'guid',
      '00123',
    ],
    [
      'guid falls back to the link',
      rss('<item><link>https://x.test/2</link></item>'),
      'guid',
      'https://x.test/2',
    ],
    [
      'guid falls back to title and date',
      rss('<item><title>T</title><pubDate>2024-09-01</pubDate></item>'),
      'guid',
      'T|2024-09-01T00:00:00.000Z',
    ],
    [
      'permalink guid is the url',
      rss('<item><guid>https://x.test/3</guid></item>'),
      'url',
      'https://x.test/3',
    ],
    [
      'non-permalink guid is not a url',
      rss('<item><guid isPermaLink="false">https://x.test/4</guid></item>'),
      'url',
      undefined,
    ],
    [
      'entities in titles are decoded',
      rss('<item><guid>g</guid><title>It&#8217;s &amp; more</title></item>'),
      'title',
      'It\u2019s & more',
    ],
    [
      'escaped markup in titles becomes text',
      rss('<item><guid>g</guid><title>&lt;b&gt;Bold&lt;/b&gt; news</title></item>'),
      'title',
      'Bold news',
    ],
    [
      'CDATA titles',
      rss('<item><guid>g</guid><title><![CDATA[Raw <title>]]></title></item>'),
      'title',
      'Raw',
    ],
    [
      'RFC 822 dates become ISO',
      rss('<item><guid>g</guid><pubDate>Tue, 17 Sep 2024 08:00:00 +0300</pubDate></item>'),
      'published',
      '2024-09-17T05:00:00.000Z',
    ],
    [
      'dc:date is read',
      rss('<item><guid>g</guid><dc:date>2024-09-17T08:00:00Z</dc:date></item>'),
      'published',
      '2024-09-17T08:00:00.000Z',
    ],
    [
      'unparseable dates are kept as written',
      rss('<item><guid>g</guid><pubDate>sometime</pubDate></item>'),
      'published',
      'sometime',
    ],
    [
      'content:encoded wins over description',
      rss(
        '<item><guid>g</guid><description>short</description><content:encoded>&lt;p&gt;full&lt;/p&gt;</content:encoded></item>',
      ),
      'contentHtml',
      '<p>full</p>',
    ],
    [
      'atom link without rel is the article',
      atom('<entry><id>e</id><link href="https://x.test/a"/></entry>'),
      'url',
      'https://x.test/a',
    ],
    [
      'atom self links are ignored',
      atom('<entry><id>e</id><link rel="self" href="https://x.test/self"/></entry>'),
      'url',
      undefined,
    ],
    [
      'atom html link preferred over others',
      atom(
        '<entry><id>e</id><link rel="alternate" type="application/pdf" href="https://x.test/p"/><link rel="alternate" type="text/html" href="https://x.test/h"/></entry>',
      ),
      'url',
      'https://x.test/h',
    ],
    [
      'atom updated when no published',
      atom('<entry><id>e</id><updated>2024-09-03T00:00:00Z</updated></entry>'),
      'published',
      '2024-09-03T00:00:00.000Z',
    ],
    [
      'atom text content is text',
      atom('<entry><id>e</id><content>plain &amp; simple</content></entry>'),
      'contentText',
      'plain & simple',
    ],
    [
      'atom html content is html',
      atom('<entry><id>e</id><content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry>'),
      'contentHtml',
      '<p>x</p>',
    ],
    [
      'json external_url when no url',
      json([{ id: 'j', external_url: 'https://x.test/e' }]),
      'url',
      'https://x.test/e',
    ],
    ['json numeric id', json([{ id: 42, url: 'https://x.test/n' }]), 'guid', '42'],
    ['json summary when no content', json([{ id: 'j', summary: 'sum' }]), 'contentText', 'sum'],
    [
      'RSS 1.0 items',
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>R</title></channel><item rdf:about="https://x.test/r"><title>T</title><link>https://x.test/r</link></item></rdf:RDF>',
      'url',
      'https://x.test/r',
    ],
  ])('%s', (_name, body, field, expected) => {
    const item = parseFeed(body).items[0] as unknown as Record<string, unknown>;
    expect(item[field]).toBe(expected);
  });

  it.each([
    ['an RSS feed with no items', rss(''), 0],
    [
      'items with nothing to identify them are skipped',
      rss('<item><description>x</description></item><item><guid>g</guid></item>'),
      1,
    ],
    ['a BOM before the prolog', `\uFEFF<?xml version="1.0"?>${rss('<item><guid>g</guid></item>')}`, 1],
  ])('%s', (_name, body, count) => {
    expect(parseFeed(body).items).toHaveLength(count);
  });
});

describe('parseFeed: what is not a feed', () => {
  it.each([
    [
      'malformed fixture',
      fixture('malformed.xml'),
      undefined,
      /^malformed XML at line 8, column \d+: .*closing tag 'item'/,
    ],
    ['empty body', '   ', undefined, /^the response was empty$/],
    [
      'an HTML page',
      '<!doctype html><html><body><p>hi</p></body></html>',
      'text/html',
      /HTML page, not a feed/,
    ],
    [
      'an unknown root',
      '<?xml version="1.0"?><sitemap><url/></sitemap>',
      undefined,
      /root element <sitemap> is not a feed/,
    ],
    ['RSS without a channel', '<rss version="2.0"></rss>', undefined, /without a <channel>/],
    ['broken JSON', '{"version": ', 'application/json', /^not valid JSON/],
    ['JSON that is not a JSON Feed', '{"hello": "world"}', undefined, /not a JSON Feed/],
    [
      'JSON Feed without items',
      '{"version": "https://jsonfeed.org/version/1"}',
      undefined,
      /without an "items" array/,
    ],
    ['plain text', 'no markup here', 'text/plain', /no root element/],
  ])('%s', (_name, body, contentType, message) => {
    let caught: unknown;
    try {
      parseFeed(body, contentType);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FeedParseError);
    expect((caught as FeedParseError).code).toBe('parse-error');
    expect((caught as Error).message).toMatch(message);
  });

  it('does not expand nested entities without bound', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' +
      '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>' +
      `<rss><channel><title>${'&d;'.repeat(50)}</title></channel></rss>`;
    let title: string | undefined;
    try {
      title = parseFeed(bomb).title;
    } catch (err) {
      expect(err).toBeInstanceOf(FeedParseError);
    }
    expect((title ?? '').length).toBeLessThan(100_000);
  });
});
