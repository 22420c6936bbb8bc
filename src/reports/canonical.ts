import { createHash } from 'node:crypto';

const TRACKING_PARAM = /^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|ref|ref_src|igshid|_ga|cmpid|ocid)$/i;

/**
 * Canonical form of a report URL for deduplication: https, lower-case host without `www.`, no fragment,
 * no tracking parameters, remaining parameters sorted, no trailing slash. Returns the input trimmed when it
 * does not parse.
 */
export function canonicalizeUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return raw.trim();
  }
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const params = [...u.searchParams.entries()]
    .filter(([k]) => !TRACKING_PARAM.test(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const port = u.port && u.port !== '80' && u.port !== '443' ? `:${u.port}` : '';
  const pathname = u.pathname.replace(/\/+$/, '') || '';
  return `https://${host}${port}${pathname}${query}`;
}

/** Text used for "same text" deduplication: lower-case letters and digits only, single spaces. */
export function normalizeForHash(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Hash identifying a report's text. The body alone decides when it is substantial (so a republished item
 * with a new title or date is still a duplicate); short bodies include the title.
 */
export function textHash(title: string, body: string): string {
  const b = normalizeForHash(body);
  const basis = b.length >= 200 ? b : `${normalizeForHash(title)}\n${b}`;
  return createHash('sha256').update(basis).digest('hex').slice(0, 32);
}

/** Short stable id derived from a canonical URL. */
export function idFromUrl(canonicalUrl: string): string {
  return `r-${createHash('sha256').update(canonicalUrl).digest('hex').slice(0, 16)}`;
}
