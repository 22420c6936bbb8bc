import type { Command, CommandContext, CommandInput } from '../src/core/command.js';
import type { Reply } from '../src/core/reply.js';
import { renderCsv, toExportRow } from '../src/export/export-rows.js';
import { TYPE_CHOICES } from '../src/extract/event-types.js';
import { formatEventDate, requireName } from '../src/search/present.js';
import type { EventFilter, EventView, QueryEngine } from '../src/search/types.js';
import { describeFilter, filterFrom, unresolvedReply } from './shared.js';

/** Most events in one exported file (about 5 MB of CSV, under chat upload limits); more asks for a filter. */
export const MAX_EXPORT_EVENTS = 10_000;

/** What an export is about: a place (and everything inside it) or an actor (and its units). */
export type ExportSubject =
  | { status: 'found'; kind: 'place' | 'actor'; id: string; label: string; slug: string; events: EventView[] }
  | { status: 'unresolved'; reply: Reply };

/**
 * The typed events (no mentions, as in ACLED) of the place or actor a name means, newest first. A name is
 * read as a place first, then as an actor.
 */
export function selectExport(engine: QueryEngine, query: string, filter: EventFilter): ExportSubject {
  const place = engine.resolvePlace(query);
  const typed = (list: EventView[]) => list.filter((e) => e.eventType !== null);
  if (place.status === 'found') {
    const p = place.entity;
    return {
      status: 'found',
      kind: 'place',
      id: p.id,
      label: engine.places.label(p.id),
      slug: p.id,
      events: typed(engine.eventsForPlace(p.id, filter)),
    };
  }
  const actor = place.status === 'unknown' ? engine.resolveActor(query) : undefined;
  if (actor?.status === 'found') {
    const a = actor.entity;
    return {
      status: 'found',
      kind: 'actor',
      id: a.id,
      label: a.name,
      slug: a.id,
      events: typed(engine.eventsForActor(a.id, filter)),
    };
  }
  return {
    status: 'unresolved',
    reply: unresolvedReply({
      command: 'export',
      query,
      kind: 'place',
      resolution: place,
      label: (p) => engine.places.label(p.id),
    }),
  };
}

/** `/export <place or actor> [since:] [type:]`: the events as a CSV file with ACLED's column names. */
export const exportCommand = {
  name: 'export',
  description: 'The events of a place or actor as a CSV file with ACLED column names',
  usage: '/export <place or actor> [since:7d|30d|YYYY-MM-DD] [type:battles|explosions|...]',
  examples: ['/export bukamal', '/export Deir ez-Zor since:30d', '/export hezbollah type:explosions'],
  options: [
    {
      name: 'name',
      description: 'Place or actor, any spelling',
      type: 'string',
      required: true,
      positional: true,
      maxLength: 100,
    },
    {
      name: 'since',
      description: 'Only events since: 7d, 30d or a date like 2026-11-01',
      type: 'string',
      maxLength: 20,
    },
    { name: 'type', description: 'Only this kind of event', type: 'string', choices: [...TYPE_CHOICES] },
  ],
  async run(input: CommandInput, ctx: CommandContext): Promise<Reply> {
    const query = requireName(input.args.name, 'place or actor', '/export bukamal');
    const filter = filterFrom(input, ctx);
    const engine = ctx.services.engine;
    const subject = selectExport(engine, query, filter);
    if (subject.status === 'unresolved') return subject.reply;
    const filterWords = describeFilter(filter);
    const title = `Export: ${subject.label}${filterWords ? ` (${filterWords})` : ''}`;
    const { events } = subject;
    if (!events.length)
      return {
        tone: 'empty',
        title,
        summary: `No events to export${filterWords ? ` (${filterWords})` : ''}; mentions are not exported.`,
        sections: [],
      };
    if (events.length > MAX_EXPORT_EVENTS)
      return {
        tone: 'user-error',
        title: `${events.length} events is more than one file holds (${MAX_EXPORT_EVENTS}). Narrow it with since: or type:, or use npm run cli -- export.`,
        sections: [],
      };
    const rows = events.map((e) => toExportRow(e, engine.places, engine.actors));
    const first = events[events.length - 1]!.date;
    const last = events[0]!.date;
    const day = ctx.clock.now().toISOString().slice(0, 10);
    return {
      tone: 'answer',
      title,
      summary: `${events.length} event${events.length === 1 ? '' : 's'}, ${first === last ? `on ${formatEventDate(first, 1)}` : `${formatEventDate(first, 1)} to ${formatEventDate(last, 1)}`}, as CSV with ACLED's column names plus url and title (mentions left out).`,
      sections: [],
      file: { name: `${subject.slug}-events-${day}.csv`, mimeType: 'text/csv', content: renderCsv(rows) },
    };
  },
} satisfies Command;
