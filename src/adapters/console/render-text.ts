import { type Reply, remainingAfter } from '../../core/reply.js';
import { safeLinkLabel, stripBidi } from '../../core/untrusted-text.js';

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

/**
 * Render a reply as plain terminal text: title, summary, one block per line (lead and text, then detail and
 * link indented), footer and follow-up commands. Pure; `width` wraps nothing, terminals do that.
 */
export function renderText(
  reply: Reply,
  options: { color?: boolean; imagePaths?: { path: string; alt: string }[] } = {},
): string {
  const s = oneLine;
  const bold = (t: string) => (options.color ? `\u001b[1m${t}\u001b[22m` : t);
  const dim = (t: string) => (options.color ? `\u001b[2m${t}\u001b[22m` : t);
  const out: string[] = [];
  const marker = reply.tone === 'user-error' ? '! ' : reply.tone === 'internal-error' ? '!! ' : '';
  out.push(bold(`${marker}${s(reply.title)}`));
  if (reply.summary)
    out.push(
      ...sanitizeForTerminal(reply.summary)
        .split('\n')
        .map((l) => `  ${l}`),
    );
  for (const section of reply.sections) {
    out.push('');
    if (section.heading) out.push(bold(s(section.heading)));
    for (const line of section.lines) {
      const head = line.lead ? `${bold(s(line.lead))}  ${s(line.text)}` : s(line.text);
      out.push(`- ${head}`);
      if (line.detail) out.push(`  ${dim(s(line.detail))}`);
      if (line.link) out.push(`  ${dim(`${s(safeLinkLabel(line.link.label))} <${s(line.link.url)}>`)}`);
    }
  }
  if (options.imagePaths?.length) {
    out.push('');
    for (const image of options.imagePaths) {
      out.push(`Picture: ${s(image.path)}`);
      if (image.alt !== reply.summary) out.push(`  ${dim(s(image.alt))}`);
    }
  }
  const more = remainingAfter(reply.paging);
  if (reply.footer || more) {
    out.push('');
    if (reply.footer) out.push(dim(s(reply.footer)));
    if (more) out.push(dim(`${more} more: type "more" to see the next page.`));
  }
  if (reply.choices?.length) {
    out.push('');
    out.push(reply.tone === 'user-error' ? 'Try:' : 'See also:');
    for (const c of reply.choices) out.push(`  ${s(c.command)}`);
  }
  return out.join('\n');
}
