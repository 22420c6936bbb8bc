import { type Reply, remainingAfter } from '../core/reply.js';
import { safeLinkLabel, stripBidi } from '../core/untrusted-text.js';

/**
 * Remove terminal control characters and bidi controls so report text cannot move the cursor, change colours
 * or reorder what is shown. Newlines stay (for text that has several lines; see {@link oneLine}).
 */
export function sanitizeForTerminal(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return stripBidi(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Text that must stay on its line (a title, a source, a URL): sanitised, with line breaks and tabs as spaces. */
export function oneLine(text: string): string {
  return sanitizeForTerminal(text.replace(/[\r\n\t\u2028\u2029]+/g, ' '));
}

/** How a reply is laid out in a terminal. */
export interface TextOptions {
  /** Bold and dim with ANSI escapes. */
  color?: boolean;
  /** Wrap to this many columns (a terminal's width); without it lines are left whole for a pipe. */
  width?: number;
  /** Make links clickable with OSC 8 escapes (terminals that support them). */
  hyperlinks?: boolean;
  /** Pictures saved with the answer (maps, timelines): their paths and alt text, listed after the items. */
  imagePaths?: { path: string; alt: string }[];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: measuring text without its escapes
const ESCAPES = /\u001b\[[0-9;]*m|\u001b\]8;;[^\u001b]*\u001b\\/g;

/** Columns a string takes, without colour and hyperlink escapes. */
export function visibleLength(text: string): number {
  return [...text.replace(ESCAPES, '')].length;
}

/**
 * Wrap `text` to `width` columns at spaces, never inside a word: a word longer than a line (a URL, a long
 * Arabic compound) gets a line of its own, whole. Continuation lines start with `indent`. Pure.
 */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  let started = false;
  for (const word of text.slice(lead.length).split(' ')) {
    if (!started) {
      line += word;
      started = word.length > 0;
    } else if (word === '') {
      // Runs of spaces (the gap after a date) are kept within a line, dropped at a break.
      if (visibleLength(line) < width) line += ' ';
    } else if (visibleLength(line) + 1 + visibleLength(word) <= width) {
      line += ` ${word}`;
    } else {
      lines.push(line.trimEnd());
      line = indent + word;
    }
  }
  lines.push(line.trimEnd());
  return lines;
}

/** An OSC 8 hyperlink: `text` that opens `url` in terminals that support it. */
export function hyperlink(url: string, text: string): string {
  return `\u001b]8;;${url}\u001b\\${text}\u001b]8;;\u001b\\`;
}

/**
 * Render a reply as terminal text: title, summary, one block per line (lead and text, then detail and link
 * indented), footer and follow-up commands. Pure. With `width`, text wraps at spaces and a URL is printed
 * whole, on its own line when it does not fit beside its label.
 */
export function renderText(reply: Reply, options: TextOptions = {}): string {
  const s = oneLine;
  const bold = (t: string) => (options.color ? `\u001b[1m${t}\u001b[22m` : t);
  const dim = (t: string) => (options.color ? `\u001b[2m${t}\u001b[22m` : t);
  const width = options.width && options.width >= 20 ? options.width : undefined;
  /** One logical line, wrapped when a width is known; continuation lines take `indent`. */
  const wrap = (text: string, indent: string): string[] => (width ? wrapWords(text, width, indent) : [text]);
  const out: string[] = [];
  const marker = reply.tone === 'user-error' ? '! ' : reply.tone === 'internal-error' ? '!! ' : '';
  out.push(...wrap(bold(`${marker}${s(reply.title)}`), '  '));
  if (reply.summary)
    for (const l of sanitizeForTerminal(reply.summary).split('\n')) out.push(...wrap(`  ${l}`, '  '));
  for (const section of reply.sections) {
    out.push('');
    if (section.heading) out.push(...wrap(bold(s(section.heading)), ''));
    for (const line of section.lines) {
      const head = line.lead ? `${bold(s(line.lead))}  ${s(line.text)}` : s(line.text);
      out.push(...wrap(`- ${head}`, '  '));
      if (line.detail) out.push(...wrap(`  ${dim(s(line.detail))}`, '  '));
      if (line.link) out.push(...linkLines(line.link.label, line.link.url));
    }
  }
  if (options.imagePaths?.length) {
    out.push('');
    for (const image of options.imagePaths) {
      out.push(`Picture: ${s(image.path)}`);
      if (image.alt !== reply.summary) out.push(...wrap(`  ${dim(s(image.alt))}`, '  '));
    }
  }
  const more = remainingAfter(reply.paging);
  if (reply.footer || more) {
    out.push('');
    if (reply.footer) out.push(...wrap(dim(s(reply.footer)), ''));
    if (more) out.push(dim(`${more} more: type "more" to see the next page.`));
  }
  if (reply.choices?.length) {
    out.push('');
    out.push(reply.tone === 'user-error' ? 'Try:' : 'See also:');
    for (const c of reply.choices) out.push(`  ${s(c.command)}`);
  }
  return out.join('\n');

  function linkLines(label: string, rawUrl: string): string[] {
    const url = s(rawUrl);
    const shownUrl = options.hyperlinks ? hyperlink(url, url) : url;
    const shownLabel = s(safeLinkLabel(label));
    const together = `  ${dim(`${shownLabel} <${shownUrl}>`)}`;
    if (!width || visibleLength(together) <= width) return [together];
    // The URL whole, on its own line, even when it is wider than the terminal: a broken URL cannot be opened.
    return [...wrap(`  ${dim(shownLabel)}`, '  '), `  ${dim(shownUrl)}`];
  }
}
