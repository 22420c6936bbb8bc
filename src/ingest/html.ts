import { lazyModule } from '../core/lazy-module.js';

/** Loaded on the first page read (see lazyModule): a start that reads no HTML never loads them. */
const linkedom = lazyModule<typeof import('linkedom')>('linkedom');
const readability = lazyModule<typeof import('@mozilla/readability')>('@mozilla/readability');

/** What {@link extractArticle} finds in a page. */
export interface ExtractedArticle {
  title?: string;
  /** Main text, paragraphs separated by blank lines; empty when the page has no readable text. */
  text: string;
  /** Publication date as the page states it (ISO 8601 when the page uses it). */
  published?: string;
  /** Absolute http(s) URL the page names as its canonical address. */
  canonicalUrl?: string;
  siteName?: string;
}

// Minimal DOM shapes: linkedom's own types are loose, and these keep the walk below type-checked.
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  tagName: string;
  innerHTML: string;
  parentElement: DomElement | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  closest(selector: string): DomElement | null;
  remove(): void;
}
interface DomDocument {
  body: DomElement | null;
  documentElement: DomElement;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

const ELEMENT = 1;
const TEXT = 3;

const SKIPPED_TAGS = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'SVG',
  'CANVAS',
  'BUTTON',
  'SELECT',
  'INPUT',
  'TEXTAREA',
  'HEAD',
  'TITLE',
  'META',
  'LINK',
]);

const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'THEAD',
  'TFOOT',
  'TR',
  'UL',
]);

/** Page furniture removed before extraction, whatever its class names say. */
const BOILERPLATE_SELECTOR = [
  'nav',
  'footer',
  'aside',
  'form',
  'dialog',
  'figure',
  '[role="navigation"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="dialog"]',
  '[role="alertdialog"]',
  '[role="search"]',
  '[role="menu"]',
  '[role="menubar"]',
  '[aria-modal="true"]',
  '[aria-hidden="true"]',
  '[hidden]',
].join(', ');

/** Class or id words that mark navigation, consent banners, sharing widgets and the like. */
const BOILERPLATE_WORDS = [
  'cookies?',
  'consent',
  'gdpr',
  'cmp',
  'banner',
  'newsletter',
  'subscribe',
  'subscription',
  'paywall',
  'share',
  'sharing',
  'social',
  'related',
  'recommended',
  'promo',
  'advert',
  'ads?',
  'sponsored',
  'breadcrumbs?',
  'menu',
  'navbar',
  'nav',
  'sidebar',
  'footer',
  'masthead',
  'comments?',
  'popup',
  'modal',
  'overlay',
  'skip-link',
  'signup',
  'tags',
  'byline',
  'dateline',
  'author',
];
/** One of {@link BOILERPLATE_WORDS} as a whole word of a class or id (`main-nav`, `cookie_bar`). */
const BOILERPLATE_NAME = new RegExp(`(?:^|[\\s_-])(?:${BOILERPLATE_WORDS.join('|')})(?:[\\s_-]|$)`, 'i');

const STANDALONE_PARENTS = new Set(['DIV', 'SECTION', 'ARTICLE', 'HEADER', 'MAIN', 'BODY']);

const COOKIE_WORDS = /\bcookies?\b/i;
const CONSENT_WORDS = /\b(?:accept|consent|agree|we use|privacy|settings|preferences|personali[sz]e)\b/i;

/** Short blocks longer than this are never treated as cookie notices. */
const MAX_NOTICE_CHARS = 600;

function childArray(node: DomNode): DomNode[] {
  return Array.from(node.childNodes);
}

/**
 * Plain text of an HTML fragment or document: paragraphs (and other blocks) separated by blank lines, runs of
 * white space collapsed, scripts and styles dropped. Pure; used for feed item content and page bodies.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return normalizeParagraphs(html);
  const { document } = linkedom().parseHTML(
    `<!doctype html><html><body>${html}</body></html>`,
  ) as unknown as {
    document: DomDocument;
  };
  return document.body ? elementText(document.body) : '';
}

/** Text of one element, laid out as paragraphs. */
function elementText(root: DomElement): string {
  const blocks: string[] = [];
  let current = '';
  const flush = () => {
    for (const para of current.split(/\n[ \t]*\n/)) {
      const cleaned = para
        .split('\n')
        .map((line) => line.replace(/[ \t\f\v\u00a0\u200b]+/g, ' ').trim())
        .filter(Boolean)
        .join('\n');
      if (cleaned) blocks.push(cleaned);
    }
    current = '';
  };
  const walk = (node: DomNode, pre: boolean) => {
    if (node.nodeType === TEXT) {
      const text = node.textContent ?? '';
      current += pre ? text : text.replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== ELEMENT) return;
    const tag = node.nodeName.toUpperCase();
    if (SKIPPED_TAGS.has(tag)) return;
    if (tag === 'BR') {
      current += '\n';
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) flush();
    if (tag === 'TD' || tag === 'TH') current += ' ';
    for (const child of childArray(node)) walk(child, pre || tag === 'PRE');
    if (block) flush();
  };
  walk(root, false);
  flush();
  return blocks.join('\n\n');
}

function normalizeParagraphs(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

function meta(document: DomDocument, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const el =
      document.querySelector(`meta[property="${key}"]`) ??
      document.querySelector(`meta[name="${key}"]`) ??
      document.querySelector(`meta[itemprop="${key}"]`);
    const value = el?.getAttribute('content')?.trim();
    if (value) return value;
  }
  return undefined;
}

function absoluteHttpUrl(value: string | null | undefined, base: string): string | undefined {
  if (!value?.trim()) return undefined;
  try {
    const u = new URL(value.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function validDate(value: string | null | undefined): string | undefined {
  const v = value?.trim();
  return v && !Number.isNaN(Date.parse(v)) ? v : undefined;
}

function findPublished(document: DomDocument): string | undefined {
  const fromMeta = validDate(
    meta(
      document,
      'article:published_time',
      'og:article:published_time',
      'datePublished',
      'pubdate',
      'publishdate',
      'dc.date.issued',
      'DC.date.issued',
      'date',
    ),
  );
  if (fromMeta) return fromMeta;
  const itemprop = document.querySelector('[itemprop="datePublished"]');
  const fromItemprop = validDate(itemprop?.getAttribute('datetime') ?? itemprop?.getAttribute('content'));
  if (fromItemprop) return fromItemprop;
  const time =
    document.querySelector('article time[datetime]') ??
    document.querySelector('main time[datetime]') ??
    document.querySelector('time[datetime]');
  return validDate(time?.getAttribute('datetime'));
}

function findCanonical(document: DomDocument, url: string): string | undefined {
  for (const link of Array.from(document.querySelectorAll('link[rel]'))) {
    const rels = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (rels.includes('canonical')) {
      const href = absoluteHttpUrl(link.getAttribute('href'), url);
      if (href) return href;
    }
  }
  return absoluteHttpUrl(meta(document, 'og:url'), url);
}

/** Length of paragraph text inside `el`; used to avoid removing a wrapper that holds the article itself. */
function paragraphChars(el: DomElement): number {
  let n = 0;
  for (const p of Array.from(el.querySelectorAll('p'))) n += (p.textContent ?? '').trim().length;
  return n;
}

function isProtected(el: DomElement, totalParagraphChars: number): boolean {
  const tag = el.tagName.toUpperCase();
  if (tag === 'HTML' || tag === 'BODY' || tag === 'MAIN' || tag === 'ARTICLE') return true;
  if (el.querySelector('article, main, [role="main"], [itemprop="articleBody"]')) return true;
  return totalParagraphChars > 0 && paragraphChars(el) > totalParagraphChars / 2;
}

/** Remove navigation, footers, consent banners and similar furniture from the page, in place. */
function removeBoilerplate(document: DomDocument): void {
  const body = document.body;
  if (!body) return;
  const total = paragraphChars(body);
  for (const el of Array.from(document.querySelectorAll(BOILERPLATE_SELECTOR))) {
    if (!isProtected(el, total)) el.remove();
  }
  // A page-level header carries the masthead; one inside the article carries the headline and stays.
  for (const el of Array.from(document.querySelectorAll('header, [role="banner"]'))) {
    if (!el.closest('article, main, [role="main"]') && !isProtected(el, total)) el.remove();
  }
  for (const el of Array.from(document.querySelectorAll('[class], [id]'))) {
    const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (BOILERPLATE_NAME.test(names) && !isProtected(el, total)) el.remove();
  }
  // A date on a line of its own is a dateline; a date inside a sentence is part of the text.
  for (const el of Array.from(document.querySelectorAll('time'))) {
    if (STANDALONE_PARENTS.has(el.parentElement?.tagName.toUpperCase() ?? '')) el.remove();
  }
  for (const el of Array.from(document.querySelectorAll('div, section, p, span'))) {
    const text = el.textContent ?? '';
    if (
      text.length <= MAX_NOTICE_CHARS &&
      COOKIE_WORDS.test(text) &&
      CONSENT_WORDS.test(text) &&
      !isProtected(el, total)
    ) {
      el.remove();
    }
  }
}

function stripSiteSuffix(title: string, siteName: string | undefined): string {
  const t = title.replace(/\s+/g, ' ').trim();
  if (!siteName) return t;
  const escaped = siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return t.replace(new RegExp(`\\s+[-|–—:·•]\\s+${escaped}$`, 'i'), '').trim() || t;
}

/** Main text when Readability finds nothing: the article, the main region, or every paragraph. */
function fallbackText(document: DomDocument): string {
  const region =
    document.querySelector('article') ??
    document.querySelector('main') ??
    document.querySelector('[role="main"]') ??
    document.querySelector('[itemprop="articleBody"]');
  if (region) {
    const text = elementText(region);
    if (text) return text;
  }
  return Array.from(document.querySelectorAll('p'))
    .map((p) => elementText(p))
    .filter(Boolean)
    .join('\n\n');
}

/**
 * Extract the main text and metadata of an article page. Navigation, headers, footers, sidebars, sharing
 * widgets and cookie notices are removed first; Readability (over linkedom) then picks the main content,
 * and when it finds none the text of `<article>`, `<main>` or the page's paragraphs is used instead.
 * Pure apart from parsing; `url` resolves relative canonical links.
 */
export function extractArticle(html: string, url: string): ExtractedArticle {
  const { document } = linkedom().parseHTML(html) as unknown as { document: DomDocument };
  // linkedom leaves these undefined; Readability resolves relative links against them.
  for (const key of ['documentURI', 'baseURI']) {
    try {
      Object.defineProperty(document, key, { value: url, configurable: true });
    } catch {
      // Read-only in some DOM builds; Readability then keeps relative links, which text extraction ignores.
    }
  }

  const siteName = meta(document, 'og:site_name', 'application-name');
  const published = findPublished(document);
  const canonicalUrl = findCanonical(document, url);
  const metaTitle = meta(document, 'og:title', 'twitter:title');
  const h1 = document.querySelector('article h1') ?? document.querySelector('h1');
  const h1Title = h1?.textContent?.replace(/\s+/g, ' ').trim();
  const docTitle = document.querySelector('title')?.textContent?.trim();

  removeBoilerplate(document);

  let text = '';
  let readabilityTitle: string | undefined;
  let readabilitySite: string | undefined;
  let readabilityPublished: string | undefined;
  try {
    const parsed = new (readability().Readability)(document as unknown as Document, {
      keepClasses: false,
    }).parse();
    if (parsed?.content) text = htmlToText(parsed.content);
    readabilityTitle = parsed?.title?.trim() || undefined;
    readabilitySite = parsed?.siteName?.trim() || undefined;
    readabilityPublished = validDate(parsed?.publishedTime);
  } catch {
    // Readability throws on some malformed trees; the fallback below still gets the text.
  }
  if (!text) {
    // Readability edits the tree it is given, so the fallback reads a fresh, cleaned copy.
    const fresh = linkedom().parseHTML(html) as unknown as { document: DomDocument };
    removeBoilerplate(fresh.document);
    text = fallbackText(fresh.document);
  }

  const site = siteName ?? readabilitySite;
  const rawTitle = metaTitle ?? h1Title ?? readabilityTitle ?? docTitle;
  const title = rawTitle ? stripSiteSuffix(rawTitle, site) : undefined;
  const date = published ?? readabilityPublished;
  return {
    text,
    ...(title ? { title } : {}),
    ...(date ? { published: date } : {}),
    ...(canonicalUrl ? { canonicalUrl } : {}),
    ...(site ? { siteName: site } : {}),
  };
}
