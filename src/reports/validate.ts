import { DateTime } from 'luxon';
import { z } from 'zod';
import { stripBidi } from '../core/untrusted-text.js';
import { isHttpUrl } from '../core/urls.js';
import { canonicalizeUrl, idFromUrl, textHash } from './canonical.js';
import type { Report, ReportInput } from './types.js';

/** Longest body we accept (characters). Longer reports are rejected rather than silently cut. */
export const MAX_BODY_CHARS = 500_000;

/** Parse a published date: ISO date or date-time, RFC 2822, or HTTP date. Date-only -> 12:00 UTC. */
export function parsePublished(value: string): DateTime | null {
  const s = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = DateTime.fromISO(`${s}T12:00:00`, { zone: 'utc' });
    return d.isValid ? d : null;
  }
  for (const parse of [
    (x: string) => DateTime.fromISO(x, { setZone: true }),
    (x: string) => DateTime.fromRFC2822(x, { setZone: true }),
    (x: string) => DateTime.fromHTTP(x, { setZone: true }),
  ]) {
    const d = parse(s);
    if (d.isValid) return d.toUTC();
  }
  return null;
}

/** Earliest publication date accepted: anything older is a placeholder or a parsing accident. */
export const EARLIEST_PUBLISHED = DateTime.fromISO('1990-01-01T00:00:00Z', { zone: 'utc' });
/** How far past "now" a publication date may lie (time zones, clock skew). */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

/**
 * Why a parsed publication date cannot be right (more than a day in the future, or before 1990), or
 * undefined when it is plausible. A date like 9999-01-01 would otherwise lead every newest-first list forever.
 */
export function implausiblePublished(published: DateTime, now: Date): string | undefined {
  if (published.toMillis() > now.getTime() + MAX_FUTURE_MS)
    return `published ${published.toISODate()} is more than a day in the future`;
  if (published < EARLIEST_PUBLISHED) return `published ${published.toISODate()} is before 1990`;
  return undefined;
}

/** Control characters (line breaks and tabs included) and bidi controls: never part of a URL, title or source. */
const CONTROL_OR_BIDI =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** One line of text as shown: bidi controls go, control characters become spaces, runs of spaces one. */
function oneLineText(text: string): string {
  return stripBidi(text).replace(CONTROL_OR_BIDI, ' ').replace(/\s+/g, ' ').trim();
}

const idPattern = /^[\w.:-]{1,120}$/;

const inputSchema = z.object({
  id: z
    .union([z.string(), z.number()])
    .optional()
    .transform((v) => (v === undefined || v === '' ? undefined : String(v).trim()))
    .refine(
      (v) => v === undefined || idPattern.test(v),
      'id may only use letters, digits and . _ : - (at most 120)',
    ),
  url: z
    .string({ error: 'url is missing' })
    .trim()
    // The URL parser drops line breaks and tabs silently, so they are refused before it sees them.
    .refine(
      (v) => !/\s/.test(v) && !new RegExp(CONTROL_OR_BIDI.source).test(v),
      'url contains spaces, line breaks or control characters',
    )
    .refine(isHttpUrl, 'url must be an http(s) URL'),
  title: z
    .string({ error: 'title is missing' })
    .trim()
    .min(1, 'title is empty')
    .max(500, 'title is longer than 500 characters'),
  published: z
    .union([z.string(), z.date()], { error: 'published is missing' })
    .transform((v) => (v instanceof Date ? v.toISOString() : v))
    .refine(
      (v) => parsePublished(v) !== null,
      'published is not a date (use 2026-11-23 or 2026-11-23T09:30:00Z)',
    ),
  source: z.string().trim().max(200, 'source is longer than 200 characters').optional(),
  body: z
    .string({ error: 'body is missing' })
    .min(1, 'body is empty')
    .max(MAX_BODY_CHARS, `body is longer than ${MAX_BODY_CHARS.toLocaleString('en-US')} characters`)
    .refine((v) => v.trim().length > 0, 'body is empty'),
});

/** Either a valid report or the reasons it was rejected. */
export type Validation = { ok: true; report: Report } | { ok: false; reason: string };

/**
 * Validate and normalise one input. Missing `source` is taken from the URL's host; missing `id` is derived
 * from the canonical URL. `now` stamps `ingestedAt`.
 */
export function validateReport(raw: unknown, now: Date): Validation {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, reason: 'not a report object (expected {url, title, published, source, body})' };
  }
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) {
    const reasons = [...new Set(parsed.error.issues.map((i) => i.message))];
    return { ok: false, reason: reasons.join('; ') };
  }
  const r = parsed.data;
  const canonicalUrl = canonicalizeUrl(r.url);
  const published = parsePublished(r.published)!;
  const implausible = implausiblePublished(published, now);
  if (implausible) return { ok: false, reason: implausible };
  const body = r.body.replace(/\r\n?/g, '\n').replaceAll('\u0000', '').trim();
  const source = oneLineText(r.source ?? '') || new URL(r.url).hostname.replace(/^www\./, '');
  return {
    ok: true,
    report: {
      id: r.id ?? idFromUrl(canonicalUrl),
      url: r.url,
      canonicalUrl,
      title: oneLineText(r.title) || '(untitled)',
      published: published.toISO({ suppressMilliseconds: true })!,
      source,
      body,
      textHash: textHash(r.title, body),
      ingestedAt: now.toISOString(),
    },
  };
}

/** Re-export for callers that only need the input type. */
export type { ReportInput };
