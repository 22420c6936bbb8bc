import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle, htmlToText } from '../../src/ingest/html.js';
import { FEED_FIXTURES } from '../helpers/feed-server.js';

const BASE = 'https://wire.example.org';

function page(name: string): string {
  return readFileSync(path.join(FEED_FIXTURES, 'articles', name), 'utf8').replaceAll('{{base}}', BASE);
}

/** Words from the navigation, consent banners, sidebars and footers of the fixture pages. */
const FURNITURE = [
  'cookie',
  'Cookies',
  'consent',
  'Accept',
  'Home',
  'Front page',
  'Most read',
  'Newsletter',
  'Sign up',
  'Copyright',
  'All rights reserved',
  'Privacy',
  'Share on',
  'Tags:',
  'Comments',
  'Search',
  'By the river desk',
  'Advertise',
];

describe('htmlToText', () => {
  it.each([
    ['paragraphs become blank-line separated', '<p>One</p><p>Two</p>', 'One\n\nTwo'],
    ['inline markup is flattened', '<p>A <b>bold</b> <a href="/x">link</a>.</p>', 'A bold link.'],
    ['white space collapses', '<p>  lots\n\n   of\tspace </p>', 'lots of space'],
    ['entities are decoded', '<p>Tom &amp; Jerry &lt;3 &#8217;</p>', 'Tom & Jerry <3 \u2019'],
    ['br is a line break', '<p>line one<br>line two</p>', 'line one\nline two'],
    ['double br splits paragraphs', 'first<br><br>second', 'first\n\nsecond'],
    ['list items are blocks', '<ul><li>a</li><li>b</li></ul>', 'a\n\nb'],
    ['scripts and styles are dropped', '<p>kept</p><script>var x = 1;</script><style>p{}</style>', 'kept'],
    ['plain text passes through', 'just words', 'just words'],
    ['plain text keeps its paragraphs', 'one\n\n  two  ', 'one\n\ntwo'],
    ['empty markup is empty', '<div> </div>', ''],
    [
      'table cells are spaced, rows are blocks',
      '<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>',
      'a b\n\nc',
    ],
    ['pre keeps its lines', '<pre>x 1\ny 2</pre>', 'x 1\ny 2'],
  ])('%s', (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});

describe('extractArticle on fixture pages', () => {
  it.each([
    {
      file: 'bukamal-shelling.html',
      title: 'Shelling reported near the Al-Bukamal crossing',
      published: '2024-09-17T07:40:00Z',
      canonicalUrl: `${BASE}/articles/bukamal-shelling.html`,
      siteName: 'Euphrates Desk Wire',
      first:
        'Artillery shells landed on farmland close to the Al-Bukamal border crossing on Monday evening, according to two residents reached by phone.',
      last: 'No casualties were reported. The crossing was closed to traffic for several hours and reopened on Tuesday morning after the fires were put out.',
    },
    {
      file: 'mayadin-drone.html',
      title: 'Drone strike hits a pickup truck outside Al-Mayadin',
      published: '2024-09-18T06:10:00Z',
      canonicalUrl: undefined,
      siteName: undefined,
      first:
        'A drone struck a pickup truck on the desert road outside Al-Mayadin early on Wednesday, killing the driver and wounding a passenger, a local medic said.',
      last: 'It was not immediately clear who operated the drone. Residents said they heard aircraft over the area for most of the night.',
    },
    {
      file: 'deir-clashes.html',
      title: 'Clashes in the Deir ez-Zor countryside',
      published: '2024-09-19T07:30:00Z',
      canonicalUrl: `${BASE}/articles/deir-clashes.html`,
      siteName: 'Upper Valley Monitor',
      first:
        'Armed clashes broke out on Thursday between two local groups in villages of the Deir ez-Zor countryside, according to residents of the area.',
      last: 'Shops in the affected villages stayed closed for the rest of the day and some families moved to relatives in nearby towns.',
    },
    {
      file: 'palmyra-exercise.html',
      title: 'Military exercise held near Palmyra',
      published: undefined,
      canonicalUrl: `${BASE}/articles/palmyra-exercise.html`,
      siteName: 'Steppe Notes',
      first:
        'Government forces held a military exercise in the desert south of Palmyra on Friday, with tanks and artillery taking part, according to people living nearby.',
      last: 'Traffic on the road towards the town was halted for a few hours while the drill went on.',
    },
  ])('$file: three paragraphs of story, metadata, no page furniture', (c) => {
    const article = extractArticle(page(c.file), `${BASE}/articles/${c.file}?utm_source=test`);
    const paragraphs = article.text.split('\n\n');
    expect(paragraphs).toHaveLength(3);
    expect(paragraphs[0]).toBe(c.first);
    expect(paragraphs[2]).toBe(c.last);
    expect(article.title).toBe(c.title);
    expect(article.published).toBe(c.published);
    expect(article.canonicalUrl).toBe(c.canonicalUrl);
    expect(article.siteName).toBe(c.siteName);
    for (const word of FURNITURE) expect(article.text).not.toContain(word);
  });
});

describe('extractArticle metadata and fallbacks', () => {
  const wrap = (head: string, body: string) =>
    `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
  const story = '<article><p>A sentence long enough to be the story of this small page.</p></article>';

  it.each([
    [
      'relative canonical is resolved',
      wrap('<link rel="canonical" href="/a/1">', story),
      'canonicalUrl',
      `${BASE}/a/1`,
    ],
    [
      'og:url when there is no canonical link',
      wrap('<meta property="og:url" content="https://x.example/s">', story),
      'canonicalUrl',
      'https://x.example/s',
    ],
    [
      'a non-http canonical is ignored',
      wrap('<link rel="canonical" href="javascript:alert(1)">', story),
      'canonicalUrl',
      undefined,
    ],
    [
      'published from article:published_time',
      wrap('<meta property="article:published_time" content="2024-09-01T10:00:00Z">', story),
      'published',
      '2024-09-01T10:00:00Z',
    ],
    [
      'published from a time element',
      wrap('', `<article><time datetime="2024-08-30">30 Aug</time>${story}</article>`),
      'published',
      '2024-08-30',
    ],
    [
      'an unparseable date is dropped',
      wrap('<meta property="article:published_time" content="soon">', story),
      'published',
      undefined,
    ],
    [
      'title from og:title',
      wrap('<meta property="og:title" content="The Headline"><title>Other | Site</title>', story),
      'title',
      'The Headline',
    ],
    [
      'site suffix is stripped from the title',
      wrap('<meta property="og:site_name" content="Site"><title>Story - Site</title>', story),
      'title',
      'Story',
    ],
    [
      'site name from og:site_name',
      wrap('<meta property="og:site_name" content="Valley Post">', story),
      'siteName',
      'Valley Post',
    ],
  ])('%s', (_name, html, field, expected) => {
    const article = extractArticle(html, `${BASE}/page`) as unknown as Record<string, unknown>;
    expect(article[field]).toBe(expected);
  });

  it.each([
    [
      'paragraphs outside any article',
      wrap('', '<div><p>First loose paragraph.</p><p>Second loose paragraph.</p></div>'),
      'First loose paragraph.\n\nSecond loose paragraph.',
    ],
    [
      'a cookie notice beside a short story',
      wrap('', '<div class="x">We use cookies; accept to continue.</div><p>Only the story stays.</p>'),
      'Only the story stays.',
    ],
    ['a page with no text', wrap('', '<nav><a href="/">Home</a></nav>'), ''],
    [
      'a date inside a sentence stays',
      wrap('', '<p>Fighting resumed on <time datetime="2024-09-02">2 September</time> near the river.</p>'),
      'Fighting resumed on 2 September near the river.',
    ],
    [
      'a wrapper named like furniture is kept when it holds the story',
      wrap('', '<div class="with-sidebar"><p>The whole story sits in here.</p></div>'),
      'The whole story sits in here.',
    ],
  ])('%s', (_name, html, expected) => {
    expect(extractArticle(html, `${BASE}/page`).text).toBe(expected);
  });
});
