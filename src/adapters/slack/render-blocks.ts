import { splitCommandLine } from '../../core/dispatch.js';
import { type Reply, type ReplyLine, type ReplyLink, remainingAfter } from '../../core/reply.js';
import { linkHost, safeLinkLabel, stripBidi } from '../../core/untrusted-text.js';

/** Slack's Block Kit limits that the renderer keeps to. */
export const SLACK_LIMITS = {
  /** Blocks per message. */
  blocks: 50,
  /** Characters in a section or context text. */
  text: 3000,
  /** Characters in a header. */
  header: 150,
  /** Characters in a button value. */
  buttonValue: 2000,
  /** Characters in a button label. */
  buttonText: 75,
  /** Characters in the notification fallback text we send (Slack accepts more; nobody reads more). */
  fallback: 3000,
} as const;

/** Most did-you-mean choices offered as buttons. */
const MAX_CHOICE_BUTTONS = 5;

/** A plain text object; Slack shows it literally apart from entity decoding. */
export interface PlainText {
  type: 'plain_text';
  text: string;
}

/** A mrkdwn text object. `verbatim` stops Slack from turning bare names and URLs into mentions and links. */
export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  verbatim: true;
}

/** A header block. */
export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}

/** A section block with mrkdwn text. */
export interface SectionBlock {
  type: 'section';
  text: MrkdwnText;
}

/** A context block: small grey lines. */
export interface ContextBlock {
  type: 'context';
  elements: MrkdwnText[];
}

/** A button inside an actions block. */
export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value: string;
  style?: 'primary';
}

/** An actions block (a row of buttons). */
export interface ActionsBlock {
  type: 'actions';
  block_id: string;
  elements: ButtonElement[];
}

/** The blocks this renderer produces. */
export type SlackBlock = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock;

/** A message ready for `respond()` or `chat.postMessage`: blocks plus the notification fallback text. */
export interface SlackMessage {
  blocks: SlackBlock[];
  text: string;
}

/** What a button re-runs: the command, its text and the page offset. Stored in the button value as JSON. */
export interface ButtonTarget {
  command: string;
  text: string;
  offset: number;
}

/** Action ids of our buttons; the adapter registers one listener per id. */
export const ACTION_IDS = {
  share: 'share_in_channel',
  more: 'more',
  /** Did-you-mean buttons are `run_choice_0`, `run_choice_1`, ... (ids must be unique within a block). */
  choicePrefix: 'run_choice_',
  /** Upload the answer's map or timeline into the thread of the shared answer, or to the asker's DM. */
  map: 'picture_map',
  timeline: 'picture_timeline',
} as const;

/** Options of {@link renderBlocks}. */
export interface RenderBlocksOptions {
  /**
   * The request this answer came from. When given, the answer is interactive: "Share in channel" and
   * "More" buttons, and did-you-mean choices as buttons. Omit it for copies posted into a channel.
   */
  actions?: ButtonTarget;
  /** Slack user id of the person who shared this answer into the channel. */
  sharedBy?: string;
  /**
   * The request changed something (a subscription, a watch): no "Share in channel" or "More", since either
   * would run it again. Did-you-mean buttons stay.
   */
  sideEffects?: boolean;
  /**
   * The request whose pictures the Map and Timeline buttons draw, on a copy shared into a channel (which has
   * no other buttons). Interactive answers use `actions` for this.
   */
  pictures?: ButtonTarget;
}

/**
 * Escape the three characters Slack treats as markup (`&`, `<`, `>`), so `<!channel>`, `<@U123>` or
 * `<https://x|y>` in untrusted text are shown as typed and never ping or link.
 */
export function escapeSlackText(text: string): string {
  return stripBidi(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Slack mrkdwn has no backslash escape, so emphasis characters in untrusted text are swapped for lookalikes
// that Slack does not interpret; otherwise a title like `*x` could bold our own following text.
const EMPHASIS_LOOKALIKES: Record<string, string> = {
  '*': '\u2217',
  _: '\u02cd',
  '~': '\u223c',
  '`': '\u02cb',
};

/**
 * Make untrusted text safe inside a mrkdwn text object: escape `&<>`, neutralise emphasis characters,
 * and stop a leading `>` from turning the line into a quote. Single-line text has its whitespace collapsed.
 */
export function escapeMrkdwn(text: string, options: { multiline?: boolean } = {}): string {
  const flat = options.multiline
    ? text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((l) => l.replace(/[ \t\f\v]+/g, ' ').trim())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim()
    : text.replace(/\s+/g, ' ').trim();
  const unquoted = flat.replace(/^(\s*)>/gm, '$1\u203a');
  return escapeSlackText(unquoted.replace(/[*_~`]/g, (c) => EMPHASIS_LOOKALIKES[c] ?? c));
}

/**
 * A URL that is safe inside `<url|label>`: only http(s), absolute, with `|`, `<`, `>` and spaces
 * percent-encoded and `&` entity-escaped. Returns undefined for anything else (javascript:, mailto:, junk).
 */
export function safeUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const href = parsed.href
    .replace(/\|/g, '%7C')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/\s/g, '%20');
  return href.replace(/&/g, '&amp;');
}

/**
 * `<url|label> (host)` for a safe link, with the host the link really goes to beside it and a label that
 * cannot pose as a URL; the escaped label alone when the URL is not http(s).
 */
export function renderLink(link: ReplyLink): string {
  const label = escapeMrkdwn(safeLinkLabel(link.label)) || 'source';
  const url = safeUrl(link.url);
  const host = linkHost(link.url);
  return url ? `<${url}|${label}>${host ? ` (${escapeMrkdwn(host)})` : ''}` : label;
}

/**
 * The longest prefix of `raw` whose escaped form, plus an ellipsis when cut, fits in `max` characters.
 * Cutting the raw text (not the escaped one) never leaves half an entity such as `&am`.
 */
export function fitEscaped(raw: string, max: number, escapeFn: (s: string) => string): string {
  const whole = escapeFn(raw);
  if (whole.length <= max) return whole;
  const chars = Array.from(raw);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (escapeFn(chars.slice(0, mid).join('')).length + 1 <= max) lo = mid;
    else hi = mid - 1;
  }
  return `${escapeFn(chars.slice(0, lo).join('')).trimEnd()}…`;
}

const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text, verbatim: true });
const plain = (text: string): PlainText => ({ type: 'plain_text', text });
const section = (text: string): SectionBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): ContextBlock => ({ type: 'context', elements: [mrkdwn(text)] });

/** One reply line as mrkdwn: `*lead*  text`, then `detail · <url|label>` on a second line; within `max`. */
export function renderLine(line: ReplyLine, max: number = SLACK_LIMITS.text): string {
  const lead = line.lead ? `*${fitEscaped(line.lead, 200, escapeMrkdwn)}*  ` : '';
  const second = [
    line.detail ? fitEscaped(line.detail, 500, escapeMrkdwn) : '',
    line.link ? renderLinkWithin(line.link, 1200) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const tail = second ? `\n${second}` : '';
  const budget = Math.max(1, max - lead.length - tail.length);
  return `${lead}${fitEscaped(line.text, budget, escapeMrkdwn)}${tail}`;
}

function renderLinkWithin(link: ReplyLink, max: number): string {
  const whole = renderLink(link);
  if (whole.length <= max) return whole;
  // A URL too long to show whole is dropped rather than cut, since a cut URL points somewhere else.
  return fitEscaped(link.label, 200, escapeMrkdwn);
}

/** Compact JSON for a button value, or undefined when it would exceed Slack's 2,000 characters. */
export function encodeButtonValue(target: ButtonTarget): string | undefined {
  const value = JSON.stringify({ command: target.command, text: target.text, offset: target.offset });
  return value.length <= SLACK_LIMITS.buttonValue ? value : undefined;
}

/** Read a button value back; undefined when it is not one of ours. */
export function decodeButtonValue(value: string | undefined): ButtonTarget | undefined {
  if (!value) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { command, text, offset } = parsed as Record<string, unknown>;
  if (typeof command !== 'string' || !/^[a-z][\w-]*$/.test(command)) return undefined;
  if (typeof text !== 'string') return undefined;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return undefined;
  return { command, text, offset };
}

const button = (actionId: string, label: string, value: string, primary = false): ButtonElement => ({
  type: 'button',
  action_id: actionId,
  text: plain(fitEscaped(label, SLACK_LIMITS.buttonText, escapeSlackText)),
  value,
  ...(primary ? { style: 'primary' as const } : {}),
});

/** Tones whose answers are worth sharing into the channel. Errors stay with the person who asked. */
function isShareable(reply: Reply): boolean {
  return reply.tone === 'answer' || reply.tone === 'info';
}

/**
 * The buttons for an answer: "Share in channel" (answers and info), "More" (when `nextOffset` is given) and
 * one button per did-you-mean choice. Undefined when there is nothing to press. Pure.
 */
export function renderActions(
  reply: Reply,
  target: ButtonTarget,
  nextOffset?: number,
  sideEffects = false,
): ActionsBlock | undefined {
  const elements: ButtonElement[] = [];
  if (isShareable(reply) && !sideEffects) {
    const value = encodeButtonValue(target);
    if (value) elements.push(button(ACTION_IDS.share, 'Share in channel', value));
  }
  if (nextOffset !== undefined && !sideEffects) {
    const value = encodeButtonValue({ ...target, offset: nextOffset });
    if (value) elements.push(button(ACTION_IDS.more, 'More', value, true));
  }
  for (const [i, choice] of (reply.choices ?? []).slice(0, MAX_CHOICE_BUTTONS).entries()) {
    const parsed = splitCommandLine(choice.command);
    const value = parsed && encodeButtonValue({ command: parsed.name, text: parsed.text, offset: 0 });
    if (value) elements.push(button(`${ACTION_IDS.choicePrefix}${i}`, choice.label || choice.command, value));
  }
  elements.push(...pictureButtons(reply, target));
  return elements.length ? { type: 'actions', block_id: 'answer_actions', elements } : undefined;
}

/** "Map" and "Timeline" buttons for the pictures the reply can have. Pure. */
export function pictureButtons(reply: Reply, target: ButtonTarget): ButtonElement[] {
  if (!isShareable(reply) || !reply.imageKinds?.length) return [];
  const value = encodeButtonValue({ ...target, offset: 0 });
  if (!value) return [];
  return reply.imageKinds.map((kind) =>
    button(kind === 'map' ? ACTION_IDS.map : ACTION_IDS.timeline, kind === 'map' ? 'Map' : 'Timeline', value),
  );
}

function renderTitle(reply: Reply): SlackBlock | undefined {
  const title = reply.title.trim();
  if (!title) return undefined;
  if (reply.tone === 'user-error' || reply.tone === 'internal-error') {
    const icon = reply.tone === 'user-error' ? ':information_source:' : ':warning:';
    const prefix = `${icon} `;
    return section(`${prefix}${fitEscaped(title, SLACK_LIMITS.text - prefix.length, escapeMrkdwn)}`);
  }
  return {
    type: 'header',
    text: plain(fitEscaped(title.replace(/\s+/g, ' '), SLACK_LIMITS.header, escapeSlackText)),
  };
}

function renderChoicesText(reply: Reply): string | undefined {
  if (!reply.choices?.length) return undefined;
  const label = reply.tone === 'user-error' ? 'Try' : 'See also';
  const list = reply.choices.map((c) => c.command).join(' · ');
  return `${label}: ${fitEscaped(list, SLACK_LIMITS.text - label.length - 2, escapeMrkdwn)}`;
}

function fallbackText(reply: Reply): string {
  const raw = [reply.title, reply.summary].filter((s) => s?.trim()).join(': ');
  return fitEscaped(raw || 'No answer.', SLACK_LIMITS.fallback, escapeMrkdwn);
}

/**
 * Render a reply as Block Kit: a header (or a notice line for errors), the summary, one section per line,
 * context lines for the footer and paging, and the buttons when `options.actions` is given.
 * Keeps to Slack's limits; lines that do not fit are counted in an "… and N more" line, never dropped silently.
 * Every piece of text from the reply is escaped. Pure.
 */
export function renderBlocks(reply: Reply, options: RenderBlocksOptions = {}): SlackMessage {
  const head: SlackBlock[] = [];
  if (options.sharedBy) {
    const mention = /^[UW][A-Z0-9]{2,}$/.test(options.sharedBy)
      ? `<@${options.sharedBy}>`
      : escapeMrkdwn(options.sharedBy);
    head.push(context(`Shared by ${mention}`));
  }
  const title = renderTitle(reply);
  if (title) head.push(title);
  if (reply.summary?.trim()) {
    head.push(
      section(fitEscaped(reply.summary, SLACK_LIMITS.text, (s) => escapeMrkdwn(s, { multiline: true }))),
    );
  }

  const tail: SlackBlock[] = [];
  if (reply.footer?.trim()) tail.push(context(fitEscaped(reply.footer, SLACK_LIMITS.text, escapeMrkdwn)));
  const choicesText = renderChoicesText(reply);
  if (choicesText && !options.actions) tail.push(context(choicesText));

  // One block is held back for the "… and N more" line, one for the buttons.
  const room =
    SLACK_LIMITS.blocks - head.length - tail.length - 1 - (options.actions || options.pictures ? 1 : 0);
  const body: SlackBlock[] = [];
  let shown = 0;
  let cut = 0;
  for (const sec of reply.sections) {
    const heading = sec.heading?.trim() ? `*${fitEscaped(sec.heading, 300, escapeMrkdwn)}*` : '';
    if (!sec.lines.length) {
      if (heading && body.length < room) body.push(section(heading));
      continue;
    }
    for (const [i, line] of sec.lines.entries()) {
      if (body.length >= room) {
        cut++;
        continue;
      }
      const prefix = i === 0 && heading ? `${heading}\n` : '';
      body.push(section(`${prefix}${renderLine(line, SLACK_LIMITS.text - prefix.length)}`));
      shown++;
    }
  }

  const remaining = remainingAfter(reply.paging);
  let nextOffset: number | undefined;
  if (options.actions && !options.sideEffects && reply.paging && (remaining > 0 || cut > 0)) {
    // When lines were cut, the next page starts after the last line shown, so nothing is skipped.
    nextOffset = reply.paging.offset + (cut > 0 ? shown : reply.paging.limit);
  }
  const hidden = cut + remaining;
  const more: SlackBlock[] = [];
  if (hidden > 0) {
    const hint =
      nextOffset !== undefined
        ? ' (use More)'
        : options.actions
          ? ' not shown; narrow the question (for example since:7d) to see them'
          : ' not shown here';
    more.push(context(`… and ${hidden} more${hint}`));
  }

  const sharedPictures = !options.actions && options.pictures ? pictureButtons(reply, options.pictures) : [];
  const actions = options.actions
    ? renderActions(reply, options.actions, nextOffset, options.sideEffects ?? false)
    : sharedPictures.length
      ? ({ type: 'actions', block_id: 'picture_actions', elements: sharedPictures } satisfies ActionsBlock)
      : undefined;
  const blocks = [...head, ...body, ...more, ...tail, ...(actions ? [actions] : [])];
  if (!blocks.length) blocks.push(section('Nothing to show.'));
  return { blocks, text: fallbackText(reply) };
}
