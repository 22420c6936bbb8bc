import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import type { Reply, ReplyImage, ReplyLine, ReplyTone } from '../../core/reply.js';
import { choiceButtonId, pageButtonId } from './custom-id.js';
import { clip, escapeMarkdown, maskedLink, neutraliseMentions } from './escape-markdown.js';

/** Discord's message limits that the renderer keeps to. */
export const DISCORD_LIMITS = {
  embeds: 10,
  /** Characters in all titles, descriptions, field names and values, and footers together. */
  totalChars: 6000,
  fields: 25,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  content: 2000,
  buttonsPerRow: 5,
  buttonLabel: 80,
} as const;

/** A message ready for discord.js (`editReply`, `followUp`) or, through `allowed_mentions`, raw REST. */
export interface DiscordMessage {
  /** Plain text, used for error answers (they go to the asker only). */
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  /** Always "parse nothing": no text in our messages can ping anyone. */
  allowedMentions: { parse: [] };
}

/** Options of {@link renderEmbeds}. */
export interface RenderOptions {
  /**
   * Key of this answer in the adapter's answer cache. Without it no buttons are rendered (nothing could
   * answer their clicks).
   */
  sessionKey?: string;
  /** Render Previous/Next for a paged reply (default true); off for posts, which cannot be re-run. */
  pageButtons?: boolean;
}

const ZWSP = '\u200b';
/** A field squeezed below this many characters is not worth showing; later fields are dropped instead. */
const MIN_FIELD_CHARS = 120;
/** Room kept in the footer for "… and N more" and "Showing 1-10 of 37". */
const FOOTER_RESERVE = 40;
/** Longest footer text taken from the reply. */
const FOOTER_BASE_MAX = 1000;
/** Description length when fields follow, so the events keep most of the 6,000 characters. */
const DESCRIPTION_WITH_FIELDS = 1500;

const TONE_COLOURS: Record<ReplyTone, number> = {
  answer: 0x2f6fb5,
  empty: 0x8a8f98,
  info: 0x168a7a,
  'user-error': 0xc98a12,
  'internal-error': 0xb83a3a,
};

interface FieldSpec {
  /** Escaped field name. */
  name: string;
  /** Escaped value text (without the link). */
  body: string;
  link?: { label: string; url: string };
  /** True for a field made from one line of the page (an event), which paging counts. */
  pageItem: boolean;
}

/**
 * Turn a neutral {@link Reply} into Discord embeds and buttons within Discord's limits: at most 10 embeds and
 * 6,000 characters in all, 25 fields an embed, 256/1,024 characters a field name/value. Each line with a lead
 * (an event) becomes one field: date and type as the name; sentence, places and actors, and a masked link to
 * the source as the value. When the page is too big, values are shortened evenly, and only if that is not
 * enough the last fields are left out with "… and N more" (Next then starts at the first one left out).
 * User and report text is escaped; error answers become plain content, which the adapter sends ephemerally.
 */
export function renderEmbeds(reply: Reply, options: RenderOptions = {}): DiscordMessage {
  if (reply.tone === 'user-error' || reply.tone === 'internal-error') {
    return {
      content: clip(escapeMarkdown(plainLines(reply).join('\n')), DISCORD_LIMITS.content),
      embeds: [],
      components: choiceRow(reply, options),
      allowedMentions: { parse: [] },
    };
  }

  const all = reply.sections.flatMap(sectionSpecs);
  let specs = all.slice(0, DISCORD_LIMITS.embeds * DISCORD_LIMITS.fields);
  const title = clip(escapeMarkdown(reply.title), DISCORD_LIMITS.title);
  const description = reply.summary
    ? clip(escapeMarkdown(reply.summary), specs.length ? DESCRIPTION_WITH_FIELDS : DISCORD_LIMITS.description)
    : '';
  const footerBase = clip(neutraliseMentions(reply.footer ?? ''), FOOTER_BASE_MAX);
  const footerRoom =
    footerBase.length + FOOTER_RESERVE + (reply.paging && !reply.footer ? FOOTER_RESERVE : 0);
  const budget = DISCORD_LIMITS.totalChars - title.length - description.length - footerRoom;

  let alloc = allocate(specs.map(need), budget);
  while (specs.length && specs.some((s, i) => alloc[i]! < need(s) && alloc[i]! < MIN_FIELD_CHARS)) {
    specs = specs.slice(0, -1);
    alloc = allocate(specs.map(need), budget);
  }
  const fields = specs.map((s, i) => buildField(s, alloc[i]!));
  const dropped = all.length - specs.length;
  const pageItemsShown = specs.filter((s) => s.pageItem).length;
  const pageItemsDropped = all.filter((s) => s.pageItem).length - pageItemsShown;

  const footerParts = [footerBase];
  if (reply.paging && !reply.footer) footerParts.push(pagingFooterText(reply, pageItemsShown));
  if (dropped > 0) footerParts.push(`… and ${dropped} more`);
  const footer = footerParts.filter(Boolean).join(' · ');

  const colour = TONE_COLOURS[reply.tone];
  const embeds: APIEmbed[] = [];
  for (let i = 0; i === 0 || i < fields.length; i += DISCORD_LIMITS.fields) {
    const chunk = fields.slice(i, i + DISCORD_LIMITS.fields);
    embeds.push({
      ...(i === 0 ? { title } : {}),
      ...(i === 0 && description ? { description } : {}),
      color: colour,
      ...(chunk.length ? { fields: chunk } : {}),
    });
  }
  if (footer) embeds[embeds.length - 1]!.footer = { text: footer };

  const components = choiceRow(reply, options);
  const pager = pageRow(reply, options, pageItemsDropped > 0 ? pageItemsShown : undefined);
  if (pager) components.push(pager);
  return { embeds, components, allowedMentions: { parse: [] } };
}

/** Total characters Discord counts against the 6,000 limit for these embeds. */
export function embedsLength(embeds: readonly APIEmbed[]): number {
  let n = 0;
  for (const e of embeds) {
    n += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length;
    n += (e.author?.name ?? '').length;
    for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  }
  return n;
}

function plainLines(reply: Reply): string[] {
  const lines = [reply.title];
  if (reply.summary) lines.push(reply.summary);
  for (const s of reply.sections) {
    if (s.heading) lines.push(s.heading);
    for (const l of s.lines) lines.push([l.lead, l.text, l.detail].filter(Boolean).join(' · '));
  }
  if (reply.footer) lines.push(reply.footer);
  return lines;
}

function sectionSpecs(section: Reply['sections'][number]): FieldSpec[] {
  const heading = section.heading ? escapeMarkdown(section.heading) : '';
  if (section.lines.every((l) => !l.lead && !l.link)) return groupedSpecs(heading, section.lines);
  const specs: FieldSpec[] = heading ? [{ name: heading, body: ZWSP, pageItem: false }] : [];
  for (const line of section.lines) specs.push(lineSpec(line));
  return specs;
}

/** Lines without a date or link (help text, notes) share fields under the section heading. */
function groupedSpecs(heading: string, lines: ReplyLine[]): FieldSpec[] {
  const specs: FieldSpec[] = [];
  let body: string[] = [];
  let size = 0;
  const flush = () => {
    if (!body.length) return;
    specs.push({
      name: specs.length ? `${heading || ZWSP}${heading ? ' (cont.)' : ''}` : heading || ZWSP,
      body: body.join('\n'),
      pageItem: false,
    });
    body = [];
    size = 0;
  };
  for (const l of lines) {
    const text = escapeMarkdown(l.detail ? `${l.text} (${l.detail})` : l.text);
    if (size + text.length + 1 > DISCORD_LIMITS.fieldValue && body.length) flush();
    body.push(text);
    size += text.length + 1;
  }
  flush();
  return specs;
}

/** One line (an event) as one field: date and type in the name; text, places/actors and link in the value. */
function lineSpec(line: ReplyLine): FieldSpec {
  const [head, ...rest] = (line.detail ?? '').split(' · ').filter(Boolean);
  const nameParts = [line.lead, head].filter((p): p is string => Boolean(p));
  const text = escapeMarkdown(line.text);
  const restText = rest.length ? escapeMarkdown(rest.join(' · ')) : '';
  if (!nameParts.length) {
    return { name: text || ZWSP, body: restText, ...(line.link ? { link: line.link } : {}), pageItem: true };
  }
  return {
    name: escapeMarkdown(nameParts.join(' · ')),
    body: [text, restText].filter(Boolean).join('\n'),
    ...(line.link ? { link: line.link } : {}),
    pageItem: true,
  };
}

function linkText(link: FieldSpec['link']): string {
  return link ? (maskedLink(link.label, link.url) ?? '') : '';
}

function need(spec: FieldSpec): number {
  const link = linkText(spec.link);
  const value = spec.body.length + (link ? link.length + 1 : 0);
  return (
    Math.min(DISCORD_LIMITS.fieldName, spec.name.length) +
    Math.min(DISCORD_LIMITS.fieldValue, Math.max(1, value))
  );
}

/** Share `budget` between fields: small fields get what they need, the rest split what is left evenly. */
function allocate(needs: number[], budget: number): number[] {
  const order = needs.map((_, i) => i).sort((a, b) => needs[a]! - needs[b]!);
  const alloc = new Array<number>(needs.length).fill(0);
  let left = Math.max(0, budget);
  let count = needs.length;
  for (const i of order) {
    const share = Math.floor(left / count);
    alloc[i] = Math.min(needs[i]!, share);
    left -= alloc[i]!;
    count--;
  }
  return alloc;
}

function buildField(spec: FieldSpec, room: number): APIEmbedField {
  const fits = need(spec) <= room;
  const nameMax = fits
    ? DISCORD_LIMITS.fieldName
    : Math.min(DISCORD_LIMITS.fieldName, Math.max(24, Math.floor(room / 3)));
  const name = clip(spec.name, nameMax) || ZWSP;
  const valueMax = Math.min(DISCORD_LIMITS.fieldValue, room - name.length);
  return { name, value: fitValue(spec, valueMax) };
}

function fitValue(spec: FieldSpec, max: number): string {
  let link = linkText(spec.link);
  const whole = [spec.body, link].filter(Boolean).join('\n');
  if (whole && whole.length <= max) return whole;
  if (link.length > max / 2 && spec.link) link = maskedLink('source', spec.link.url) ?? '';
  if (link.length > max / 2) link = '';
  if (!link) return clip(spec.body, max) || ZWSP;
  if (!spec.body) return link;
  const bodyRoom = max - link.length - 1;
  return bodyRoom > 1 ? `${clip(spec.body, bodyRoom)}\n${link}` : link;
}

function pagingFooterText(reply: Reply, shown: number): string {
  const p = reply.paging;
  if (!p) return '';
  const count = shown || p.limit;
  return `Showing ${p.offset + 1}-${Math.min(p.total, p.offset + count)} of ${p.total}`;
}

function choiceRow(reply: Reply, options: RenderOptions): APIActionRowComponent<APIButtonComponent>[] {
  const key = options.sessionKey;
  if (!key || !reply.choices?.length) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: reply.choices.slice(0, DISCORD_LIMITS.buttonsPerRow).map((c, i) => ({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: clip(c.label, DISCORD_LIMITS.buttonLabel) || '…',
        custom_id: choiceButtonId(key, i),
      })),
    },
  ];
}

/**
 * Previous/Next. `shownItems` is set when fields had to be left out, so Next starts at the first item that
 * was not shown instead of skipping it.
 */
function pageRow(
  reply: Reply,
  options: RenderOptions,
  shownItems: number | undefined,
): APIActionRowComponent<APIButtonComponent> | undefined {
  const key = options.sessionKey;
  const p = reply.paging;
  if (!key || !p || options.pageButtons === false) return undefined;
  const step = Math.max(1, shownItems ?? p.limit);
  const next = p.offset + step;
  const prev = Math.max(0, p.offset - p.limit);
  if (p.offset === 0 && next >= p.total) return undefined;
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Previous',
        custom_id: pageButtonId(key, prev),
        disabled: p.offset === 0,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: 'Next',
        custom_id: pageButtonId(key, next),
        disabled: next >= p.total,
      },
    ],
  };
}

/**
 * Show a reply's pictures inside its embeds: the first in the first embed, each further one in an embed of
 * its own (while Discord's 10 embeds allow), all as `attachment://<filename>` of files sent with the
 * message. Pure.
 */
export function withImageEmbeds(message: DiscordMessage, images: readonly ReplyImage[]): DiscordMessage {
  if (!images.length) return message;
  const embeds = message.embeds.map((e) => ({ ...e }));
  const [first, ...rest] = images;
  if (embeds[0] && first) embeds[0].image = { url: `attachment://${first.filename}` };
  else if (first)
    embeds.push({ color: TONE_COLOURS.answer, image: { url: `attachment://${first.filename}` } });
  for (const image of rest) {
    if (embeds.length >= DISCORD_LIMITS.embeds) break;
    embeds.push({
      color: embeds[0]?.color ?? TONE_COLOURS.answer,
      image: { url: `attachment://${image.filename}` },
    });
  }
  return { ...message, embeds };
}
