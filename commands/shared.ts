import type { CommandContext, CommandInput } from '../src/core/command.js';
import type { Reply, ReplyChoice, ReplySection } from '../src/core/reply.js';
import { parseTypeFilter } from '../src/extract/event-types.js';
import type { Actor, Place } from '../src/extract/types.js';
import {
  type AskResult,
  eventLine,
  formatEventDate,
  pageOf,
  pagingFooter,
  parseSince,
  shortType,
  summarizeEvents,
  toAskItem,
  truncate,
} from '../src/search/present.js';
import type { EventFilter, EventView, Resolution } from '../src/search/types.js';

/** Build the event filter from `since:` and `type:` options. */
export function filterFrom(input: CommandInput, ctx: CommandContext): EventFilter {
  const filter: EventFilter = {};
  if (typeof input.args.since === 'string' && input.args.since)
    filter.since = parseSince(input.args.since, ctx.clock.now());
  if (typeof input.args.type === 'string' && input.args.type) {
    const types = parseTypeFilter(input.args.type);
    if (types?.length) filter.types = types;
  }
  return filter;
}

/** Words describing the filter, for titles and empty answers. */
export function describeFilter(filter: EventFilter): string {
  const parts: string[] = [];
  if (filter.types?.length) parts.push(filter.types.join(' or '));
  if (filter.since) parts.push(`since ${filter.since}`);
  return parts.join(', ');
}

/** A list answer for a resolved place or actor (or a search), paged, with the JSON attached. */
export function listReply(args: {
  command: string;
  query: string;
  title: string;
  events: EventView[];
  filter: EventFilter;
  ctx: CommandContext;
  resolved: AskResult['resolved'];
  focus: 'actors' | 'places' | 'both';
  omitPlaceId?: string;
  extraSummary?: string;
  emptyHint: string;
  choices?: ReplyChoice[];
  /** The place or actor the answer is about, for the count line ("3 other reports mention Al-Bukamal"). */
  subject?: string;
  /** The same question without the filter; asked only when the filter left nothing, to name the latest item. */
  unfiltered?: () => EventView[];
  /**
   * Related items shown apart, under `label`, after the answer's own (the groups an actor backs): the newest
   * few on the first page, all of them in JSON as `apart`; never counted in the summary or `items`.
   */
  apart?: { label: string; events: EventView[]; total: number; actors: { id: string; name: string }[] };
}): Reply {
  const { events, ctx } = args;
  const page = pageOf(events, ctx);
  const filterWords = describeFilter(args.filter);
  const counts = ctx.services.engine.countEvents?.(events);
  const summary = events.length
    ? [summarizeEvents(events, args.focus, counts, args.subject), args.extraSummary]
        .filter(Boolean)
        .join('\n')
    : emptySummary(args.filter, filterWords, args.emptyHint, args.unfiltered);
  const data: AskResult = {
    command: args.command,
    query: args.query,
    resolved: args.resolved,
    total: events.length,
    summary,
    items: page.items.map(toAskItem),
    suggestions: (args.choices ?? []).map((c) => c.command),
    ...(args.apart
      ? {
          apart: {
            label: args.apart.label,
            actors: args.apart.actors.map((a) => ({ id: a.id, name: a.name })),
            total: args.apart.total,
            items: (ctx.page.limit === null
              ? args.apart.events
              : args.apart.events.slice(0, APART_SHOWN)
            ).map(toAskItem),
          },
        }
      : {}),
  };
  const footer = pagingFooter(page.paging, page.items.length, events.length);
  return {
    tone: events.length ? 'answer' : 'empty',
    title: args.title + (filterWords ? ` (${filterWords})` : ''),
    summary,
    sections: sectionsOf(page.items, ctx.page.offset, args),
    ...(footer ? { footer } : {}),
    ...(page.paging && page.paging.total > page.paging.limit ? { paging: page.paging } : {}),
    ...(args.choices?.length ? { choices: args.choices } : {}),
    data,
  };
}

/**
 * Why an answer is empty. When a filter caused it, say so and name the latest item outside it ("Nothing
 * since 17 Nov 2026; the latest was on 12 Nov 2026 (Battles)."), so an empty answer is not read as a quiet place.
 */
export function emptySummary(
  filter: EventFilter,
  filterWords: string,
  emptyHint: string,
  unfiltered?: () => EventView[],
): string {
  const filtered = Boolean(filter.since || filter.until || filter.types?.length);
  if (!filtered || !unfiltered) return `No events${filterWords ? ` (${filterWords})` : ''}. ${emptyHint}`;
  const all = unfiltered();
  if (!all.length) return `No events${filterWords ? ` (${filterWords})` : ''}. ${emptyHint}`;
  const latest = all.reduce((a, b) => (b.date > a.date ? b : a));
  const what = filter.types?.length ? `No ${filter.types.join(' or ')} events` : 'Nothing';
  const since = filter.since ? ` since ${formatEventDate(filter.since, 1)}` : '';
  return `${what}${since}; the latest item was on ${formatEventDate(latest.date, latest.datePrecision)} (${shortType(latest)}): ${truncate(latest.text, 160)}`;
}

/** Items of the related part shown on an answer's first page. */
export const APART_SHOWN = 5;

/** The page's lines; on the first page, the related part after them under its own heading. */
function sectionsOf(
  items: EventView[],
  offset: number,
  args: { omitPlaceId?: string; apart?: { label: string; events: EventView[]; total: number } },
): ReplySection[] {
  const line = (e: EventView) => eventLine(e, args.omitPlaceId ? { omitPlaceId: args.omitPlaceId } : {});
  const out: ReplySection[] = items.length ? [{ lines: items.map(line) }] : [];
  const apart = args.apart;
  if (apart?.events.length && offset === 0) {
    const more = apart.total - APART_SHOWN;
    out.push({
      heading: `${apart.label}${more > 0 ? ` (newest ${APART_SHOWN} of ${apart.total})` : ''}`,
      lines: apart.events.slice(0, APART_SHOWN).map(line),
    });
  }
  return out;
}

/** Reply for a name that did not resolve to exactly one place or actor. */
export function unresolvedReply<T extends Place | Actor>(args: {
  command: string;
  query: string;
  kind: 'place' | 'actor';
  resolution: Exclude<Resolution<T>, { status: 'found' }>;
  label: (entity: T) => string;
  otherKind?: { command: string; name: string } | undefined;
}): Reply {
  const { resolution, query } = args;
  const shown = query.length > 60 ? `${query.slice(0, 59)}…` : query;
  const article = args.kind === 'actor' ? 'an actor' : 'a place';
  let title: string;
  let choices: ReplyChoice[];
  if (resolution.status === 'ambiguous') {
    title = `"${shown}" could be more than one ${args.kind}. Which one did you mean?`;
    choices = resolution.options.map((o) => ({
      label: args.label(o),
      command: `/${args.command} ${args.label(o)}`,
    }));
  } else {
    choices = resolution.suggestions.map((o) => ({
      label: args.label(o),
      command: `/${args.command} ${o.name}`,
    }));
    if (args.otherKind) {
      title = `"${shown}" is ${args.kind === 'place' ? 'an actor' : 'a place'}, not ${args.kind === 'place' ? 'a place' : 'an actor'}. Try /${args.otherKind.command} ${args.otherKind.name}.`;
      choices = [
        {
          label: `/${args.otherKind.command} ${args.otherKind.name}`,
          command: `/${args.otherKind.command} ${args.otherKind.name}`,
        },
      ];
    } else if (choices.length) {
      title = `I don't know ${article} called "${shown}". Did you mean ${choices[0]!.label}?`;
    } else {
      title = `I don't know ${article} called "${shown}". Check the spelling, or try /search ${shown}.`;
    }
  }
  const data: AskResult = {
    command: args.command,
    query,
    resolved: null,
    total: 0,
    summary: title,
    items: [],
    suggestions: choices.map((c) => c.command),
  };
  return { tone: 'user-error', title, sections: [], choices, data };
}
