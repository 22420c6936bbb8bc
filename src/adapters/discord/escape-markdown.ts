/**
 * Making untrusted text (report sentences, titles, what users typed) inert in Discord messages: no markdown,
 * no masked links, no mentions. `allowed_mentions: { parse: [] }` already stops pings; this also stops the
 * text from *looking* like a mention or a link someone could click.
 */

import { linkHost, safeLinkLabel, stripBidi } from '../../core/untrusted-text.js';

const ZWSP = '\u200b';

/** Characters that start or end Discord markdown anywhere in a line. */
const INLINE_MARKDOWN = /[\\*_~`|>[\]()]/g;
/** Headings (`#`, `-#`) and list items (`-`) only count at the start of a line. */
const LINE_START_MARKDOWN = /^([ \t]*)([#-])/gm;
/** `<@123>`, `<@!123>`, `<@&123>`, `<#123>`, `</cmd:1>`, `<:emoji:1>`, `<a:emoji:1>`, `<t:1>`, `<id:home>`. */
const ANGLE_TOKEN = /<(?=[@#/:]|a:|t:|id:)/g;
const EVERYONE = /@(everyone|here)/gi;

/**
 * Break anything that Discord would render as a mention, even where mentions cannot ping (embeds, footers):
 * a zero-width space goes after `@` in `@everyone`/`@here` and after `<` in `<@…>`, `<#…>` and friends.
 */
export function neutraliseMentions(text: string): string {
  return text.replace(EVERYONE, `@${ZWSP}$1`).replace(ANGLE_TOKEN, `<${ZWSP}`);
}

/**
 * Escape Discord markdown (`* _ ~ \` | > [ ] ( )`, backslashes, and `#`/`-` at the start of a line) and
 * neutralise mentions, so the text shows exactly as written.
 */
export function escapeMarkdown(text: string): string {
  return neutraliseMentions(
    stripBidi(text).replace(INLINE_MARKDOWN, '\\$&').replace(LINE_START_MARKDOWN, '$1\\$2'),
  );
}

/**
 * Shorten `text` to at most `max` characters with an ellipsis, without leaving a dangling backslash (which
 * would escape the ellipsis) or half of a surrogate pair.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/**
 * A masked link `[label](url)` for a URL we emit, or undefined when the URL is not plain http(s).
 * Parentheses in the URL are percent-encoded so they cannot end the link early.
 */
export function maskedLink(label: string, url: string): string | undefined {
  if (!/^https?:\/\/[^\s<>"]+$/i.test(url)) return undefined;
  const safeUrl = url.replace(/\(/g, '%28').replace(/\)/g, '%29');
  const host = linkHost(url);
  // The label cannot pose as a URL, and the host the link really goes to is shown beside it.
  return `[${escapeMarkdown(safeLinkLabel(label)) || 'source'}](${safeUrl})${host ? ` (${escapeMarkdown(host)})` : ''}`;
}
