import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { htmlToText } from '../html.js';

/** One entry of a feed, normalised across RSS, Atom and JSON Feed. */
export interface FeedItem {
  /** The item's stable identity: its guid/id, else its link, else `title|published`. */
  guid: string;
  /** Link to the article, as written in the feed (may be relative; resolve against the feed URL). */
  url?: string;
  title?: string;
  /** Publication date as ISO 8601 when it parses, otherwise as written. */
  published?: string;
  /** Item content as HTML (RSS description/content:encoded, Atom html/xhtml content, JSON `content_html`). */
  contentHtml?: string;
  /** Item content as plain text (Atom text content, JSON `content_text`). */
  contentText?: string;
}

/** A parsed feed. */
export interface ParsedFeed {
  title?: string;
  /** `rss`, `atom`, `rdf` (RSS 1.0) or `json`. */
  format: 'rss' | 'atom' | 'rdf' | 'json';
  items: FeedItem[];
  /** The feed's older page (RFC 5005 `<link rel="next">`, JSON Feed `next_url`), when it names one. */
  next?: string;
  /** The software that wrote it (`<generator>`), e.g. `https://wordpress.org/?v=6.7`. */
  generator?: string;
}

/** The `href` of a `<link rel="next">` (Atom, or atom:link inside RSS), resolved against the feed URL later. */
function nextLink(links: unknown[]): string | undefined {
  for (const l of links) {
    if (attr(l, 'rel') === 'next') {
      const href = attr(l, 'href');
      if (href) return href;
    }
  }
  return undefined;
}

function extras(node: XmlNode, linkKeys: string[]): { next?: string; generator?: string } {
  const next = nextLink(linkKeys.flatMap((k) => asArray(node[k])));
  const g = node.generator;
  const generator = typeof g === 'string' ? g : (attr(g, 'uri') ?? textOf(g));
  return { ...(next ? { next } : {}), ...(generator ? { generator: String(generator) } : {}) };
}

/** The body is not a feed we can read; `message` says why in words a desk can act on. */
export class FeedParseError extends Error {
  readonly code = 'parse-error' as const;

  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}

type XmlNode = Record<string, unknown>;

const ARRAY_TAGS = new Set(['item', 'entry', 'link', 'category']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Keep guids such as "00123" as written rather than as numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  isArray: (name) => ARRAY_TAGS.has(name),
  // XHTML content is kept as markup so its text keeps its order.
  stopNodes: ['..content[type=xhtml]', '..summary[type=xhtml]', '..title[type=xhtml]'],
});

function asNode(value: unknown): XmlNode | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : undefined;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Text of a leaf that may carry attributes (`{#text, @_type}`). */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const node = asNode(value);
  if (node && '#text' in node) return textOf(node['#text']);
  return undefined;
}

function attr(value: unknown, name: string): string | undefined {
  const node = asNode(value);
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v.trim() || undefined : undefined;
}

/** A title as plain text: titles may carry escaped markup or entities. */
function plainTitle(value: unknown): string | undefined {
  const raw = textOf(value);
  if (!raw) return undefined;
  const text = /[<&]/.test(raw) ? htmlToText(raw) : raw;
  return text.replace(/\s+/g, ' ').trim() || undefined;
}

/** ISO form of a date when it parses; the text as written otherwise. */
function normalizeDate(value: unknown): string | undefined {
  const raw = textOf(value);
  if (!raw) return undefined;
  const t = Date.parse(raw);
  return Number.isNaN(t) ? raw : new Date(t).toISOString();
}

function itemKey(
  guid: string | undefined,
  url: string | undefined,
  title: string | undefined,
  published: string | undefined,
): string | undefined {
  if (guid) return guid;
  if (url) return url;
  if (title) return `${title}|${published ?? ''}`;
  return undefined;
}

function rssItems(items: unknown[]): FeedItem[] {
  const out: FeedItem[] = [];
  for (const raw of items) {
    const item = asNode(raw);
    if (!item) continue;
    const guidNode = item.guid;
    const guidText = textOf(guidNode);
    const permalink = attr(guidNode, 'isPermaLink') !== 'false' && guidText && /^https?:\/\//i.test(guidText);
    const link =
      asArray(item.link)
        .map((l) => textOf(l) ?? attr(l, 'href'))
        .find(Boolean) ?? (permalink ? guidText : undefined);
    const title = plainTitle(item.title);
    const published = normalizeDate(item.pubDate ?? item['dc:date'] ?? item.date);
    const guid = itemKey(guidText ?? textOf(item['@_rdf:about']), link, title, published);
    if (!guid) continue;
    const encoded = textOf(item['content:encoded']);
    const description = textOf(item.description);
    const contentHtml = encoded ?? description;
    out.push({
      guid,
      ...(link ? { url: link } : {}),
      ...(title ? { title } : {}),
      ...(published ? { published } : {}),
      ...(contentHtml ? { contentHtml } : {}),
    });
  }
  return out;
}

/** The entry's article link: `rel="alternate"` (or no rel), HTML preferred. */
function atomLink(links: unknown[]): string | undefined {
  const candidates = links
    .map((l) => ({
      href: attr(l, 'href') ?? textOf(l),
      rel: attr(l, 'rel') ?? 'alternate',
      type: attr(l, 'type'),
    }))
    .filter(
      (l): l is { href: string; rel: string; type: string | undefined } =>
        Boolean(l.href) && l.rel === 'alternate',
    );
  return (candidates.find((l) => !l.type || /html/i.test(l.type)) ?? candidates[0])?.href;
}

function atomContent(value: unknown): { contentHtml?: string; contentText?: string } {
  const text = textOf(value);
  if (!text) return {};
  const type = (attr(value, 'type') ?? 'text').toLowerCase();
  if (type === 'html' || type === 'xhtml' || type.includes('html')) return { contentHtml: text };
  return { contentText: text };
}

function atomItems(entries: unknown[]): FeedItem[] {
  const out: FeedItem[] = [];
  for (const raw of entries) {
    const entry = asNode(raw);
    if (!entry) continue;
    const url = atomLink(asArray(entry.link));
    const title = plainTitle(entry.title);
    const published = normalizeDate(entry.published ?? entry.updated ?? entry.issued ?? entry.modified);
    const guid = itemKey(textOf(entry.id), url, title, published);
    if (!guid) continue;
    const content = atomContent(entry.content);
    const summary = atomContent(entry.summary);
    const body = content.contentHtml || content.contentText ? content : summary;
    out.push({
      guid,
      ...(url ? { url } : {}),
      ...(title ? { title } : {}),
      ...(published ? { published } : {}),
      ...body,
    });
  }
  return out;
}

function parseJsonFeed(body: string): ParsedFeed {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    throw new FeedParseError(`not valid JSON (${(err as Error).message})`);
  }
  const feed = asNode(data);
  if (
    !feed ||
    typeof feed.version !== 'string' ||
    !feed.version.startsWith('https://jsonfeed.org/version/')
  ) {
    throw new FeedParseError('JSON but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")');
  }
  if (!Array.isArray(feed.items)) throw new FeedParseError('JSON Feed without an "items" array');
  const str = (v: unknown) =>
    typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
  const items: FeedItem[] = [];
  for (const raw of feed.items) {
    const item = asNode(raw);
    if (!item) continue;
    const url = str(item.url) ?? str(item.external_url);
    const title = plainTitle(str(item.title));
    const published = normalizeDate(str(item.date_published) ?? str(item.date_modified));
    const guid = itemKey(str(item.id), url, title, published);
    if (!guid) continue;
    const contentHtml = str(item.content_html);
    const contentText = str(item.content_text) ?? (contentHtml ? undefined : str(item.summary));
    items.push({
      guid,
      ...(url ? { url } : {}),
      ...(title ? { title } : {}),
      ...(published ? { published } : {}),
      ...(contentHtml ? { contentHtml } : {}),
      ...(contentText ? { contentText } : {}),
    });
  }
  const title = plainTitle(str(feed.title));
  const next = str(feed.next_url);
  return { format: 'json', ...(title ? { title } : {}), items, ...(next ? { next } : {}) };
}

function firstElementName(body: string): string | undefined {
  const withoutProlog = body.replace(
    /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/gi,
    '',
  );
  return /<([A-Za-z_][\w:.-]*)/.exec(withoutProlog)?.[1];
}

/**
 * Parse an RSS 2.0, RSS 1.0 (RDF), Atom or JSON Feed document. The format is chosen from the content type
 * when it says JSON, otherwise from the body. Throws {@link FeedParseError} with a specific message for
 * malformed XML (with its line and column), HTML pages and unknown documents.
 */
export function parseFeed(body: string, contentType?: string): ParsedFeed {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (!text) throw new FeedParseError('the response was empty');
  if (/json/i.test(contentType ?? '') || text.startsWith('{')) return parseJsonFeed(text);

  const root = firstElementName(text);
  if (!root) throw new FeedParseError('not XML or JSON (no root element found)');
  if (root.toLowerCase() === 'html') {
    throw new FeedParseError(
      "this is an HTML page, not a feed; point the source at the site's RSS or Atom URL",
    );
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new FeedParseError(`malformed XML at line ${line}, column ${col}: ${msg}`);
  }
  let doc: XmlNode;
  try {
    doc = parser.parse(text) as XmlNode;
  } catch (err) {
    throw new FeedParseError(`could not read the XML (${(err as Error).message})`);
  }

  const rss = asNode(doc.rss);
  if (rss) {
    const channel = asNode(asArray(rss.channel)[0]);
    if (!channel) throw new FeedParseError('RSS document without a <channel>');
    const title = plainTitle(channel.title);
    return {
      format: 'rss',
      ...(title ? { title } : {}),
      items: rssItems(asArray(channel.item)),
      ...extras(channel, ['atom:link', 'link']),
    };
  }
  const atom = asNode(doc.feed);
  if (atom) {
    const title = plainTitle(atom.title);
    return {
      format: 'atom',
      ...(title ? { title } : {}),
      items: atomItems(asArray(atom.entry)),
      ...extras(atom, ['link']),
    };
  }
  const rdf = asNode(doc['rdf:RDF']);
  if (rdf) {
    const title = plainTitle(asNode(asArray(rdf.channel)[0])?.title);
    return { format: 'rdf', ...(title ? { title } : {}), items: rssItems(asArray(rdf.item)) };
  }
  throw new FeedParseError(`root element <${root}> is not a feed (expected <rss>, <feed> or <rdf:RDF>)`);
}
