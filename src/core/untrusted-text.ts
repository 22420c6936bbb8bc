/**
 * Pure helpers for showing text that came from someone else (feeds, files, users) without it misleading the
 * reader: no bidi controls that reorder what is shown, no titles that pass for links, and the real host of a
 * link shown beside it. Every renderer (Slack, Discord, console) uses them.
 */

/** Bidi embedding, override and isolate controls and the implicit marks (LRM, RLM, ALM). */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Remove bidi controls, so text cannot reorder what follows it (`evil\u202Egnp.exe`). */
export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

const SCHEME = /\b[a-z][a-z0-9+.-]*:\/\//gi;
const DOMAIN = /\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b/gi;
/** U+2024 ONE DOT LEADER: reads as a dot, is not one, so no platform turns the word into a link. */
const DOT_LOOKALIKE = '\u2024';

/**
 * Make text that looks like a URL or a domain (`https://www.bbc.co.uk/news`) stop looking like one to the
 * chat platforms: the scheme is dropped and the dots of a domain become lookalikes (`www․bbc․co․uk/news`).
 * Used on link labels, so a title cannot pose as the address its link goes to.
 */
export function defuseUrlLike(text: string): string {
  return text.replace(SCHEME, '').replace(DOMAIN, (m) => m.replaceAll('.', DOT_LOOKALIKE));
}

/** The host a link really goes to (without `www.`), or undefined when it is not an http(s) URL. */
export function linkHost(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** A link label safe to show: no bidi controls, nothing URL-like, whitespace collapsed. */
export function safeLinkLabel(label: string): string {
  return defuseUrlLike(stripBidi(label)).replace(/\s+/g, ' ').trim();
}
