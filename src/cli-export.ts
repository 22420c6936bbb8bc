import { selectExport } from '../commands/export.js';
import { isUserError } from './core/errors.js';
import { renderCsv, renderJsonl, toExportRow } from './export/export-rows.js';
import { parseTypeFilter } from './extract/event-types.js';
import { renderText } from './render/text.js';
import { parseSince } from './search/present.js';
import type { EventFilter, EventView, QueryEngine } from './search/types.js';

/** What `cli export` was asked for. */
export interface ExportRequest {
  /** Place or actor; empty for every event. */
  name: string;
  since?: string;
  type?: string;
  format: 'csv' | 'jsonl';
  now: Date;
  /** Standard output, written as is. */
  out(text: string): void;
  err(line: string): void;
}

/**
 * Write the typed events (a place's, an actor's, or all) as CSV or JSON Lines. Resolves to the exit code:
 * 0 when written (even with no rows: the CSV still has its header), 1 for a name or filter the user got wrong.
 */
export function exportEvents(engine: QueryEngine, request: ExportRequest): number {
  const filter: EventFilter = {};
  try {
    if (request.since) filter.since = parseSince(request.since, request.now);
  } catch (e) {
    if (!isUserError(e)) throw e;
    request.err(e.message);
    return 1;
  }
  if (request.type) {
    const types = parseTypeFilter(request.type);
    if (!types?.length) {
      request.err(
        `--type ${request.type} is not an event type: battles, explosions, civilians, protests, riots, strategic.`,
      );
      return 1;
    }
    filter.types = types;
  }
  let events: EventView[];
  if (request.name.trim()) {
    const subject = selectExport(engine, request.name.trim(), filter);
    if (subject.status === 'unresolved') {
      request.err(renderText(subject.reply));
      return 1;
    }
    events = subject.events;
  } else {
    events = engine
      .eventsDatedBetween(filter.since ?? '0000-01-01', '9999-12-31')
      .filter((e) => e.eventType !== null && (!filter.types || filter.types.includes(e.eventType)));
  }
  const rows = events.map((e) => toExportRow(e, engine.places, engine.actors));
  request.out(request.format === 'csv' ? renderCsv(rows) : renderJsonl(rows));
  request.err(`${rows.length} event${rows.length === 1 ? '' : 's'} written (mentions are not exported).`);
  return 0;
}
