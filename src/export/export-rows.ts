import { stringify } from 'csv-stringify/sync';
import type { ActorDirectory, PlaceDirectory } from '../extract/types.js';
import type { EventView } from '../search/types.js';

/**
 * Columns of an export, in order: ACLED's names where ACLED has the field (so a file opens in the tools desks
 * already use with ACLED data), then the report's `url` and `title`. A contract: keep names and order.
 */
export const EXPORT_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'time_precision',
  'event_type',
  'sub_event_type',
  'actor1',
  'actor2',
  'admin1',
  'admin2',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'notes',
  'fatalities',
  'url',
  'title',
] as const;

/** One exported event. Empty strings where the bot does not know (it never guesses fatalities). */
export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number>;

/** An event as an export row. Pure. */
export function toExportRow(e: EventView, places: PlaceDirectory, actors: ActorDirectory): ExportRow {
  const mention = e.places[0];
  const place = mention ? places.get(mention.id) : undefined;
  const chain = place ? [place, ...places.ancestors(place.id)] : [];
  const admin1 = chain.find((p) => p.kind === 'governorate');
  const admin2 = chain.find((p) => p.kind === 'district');
  const actorName = (i: number) => {
    const a = e.actors[i];
    if (!a) return '';
    const known = actors.get(a.id);
    return known?.acledName ?? known?.name ?? a.name;
  };
  return {
    event_id_cnty: e.id,
    event_date: e.date,
    time_precision: e.datePrecision,
    event_type: e.eventType ?? '',
    sub_event_type: e.subEventType ?? '',
    actor1: actorName(0),
    actor2: actorName(1),
    admin1: admin1?.name ?? '',
    admin2: admin2?.name ?? '',
    location: place?.name ?? mention?.name ?? '',
    latitude: place?.lat ?? '',
    longitude: place?.lon ?? '',
    geo_precision: mention?.precision ?? '',
    source: e.report.source,
    notes: e.text,
    fatalities: '',
    url: e.report.url,
    title: e.report.title,
  };
}

/**
 * Rows as CSV (RFC 4180, written by csv-stringify): a header row, CRLF line ends, fields quoted when they hold
 * a comma, quote or line break, quotes doubled. A cell that a spreadsheet would run as a formula (`=`, `+`,
 * `-`, `@` first) gets a leading apostrophe, so a hostile report cannot put a formula in a desk's sheet.
 */
export function renderCsv(rows: readonly ExportRow[]): string {
  return stringify(rows as ExportRow[], {
    header: true,
    columns: [...EXPORT_COLUMNS],
    record_delimiter: 'windows',
    cast: { string: (value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
  });
}

/** Rows as JSON Lines (one object per line, same field names). */
export function renderJsonl(rows: readonly ExportRow[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}
