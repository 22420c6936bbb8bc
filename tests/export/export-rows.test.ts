import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, type ExportRow, renderCsv, renderJsonl } from '../../src/export/export-rows.js';

const row = (over: Partial<ExportRow>): ExportRow => ({
  ...(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, ''])) as ExportRow),
  ...over,
});

describe('renderCsv', () => {
  it('starts with ACLED column names, then url and title', () => {
    expect(renderCsv([]).split('\r\n')[0]).toBe(
      'event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,actor2,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,fatalities,url,title',
    );
  });

  it.each([
    ['a comma', 'Hajin, Deir ez-Zor'],
    ['a quote', 'He said "withdraw"'],
    ['a line break', 'first line\nsecond line'],
    ['Arabic and bidi marks', 'قصف على \u202eالبوكمال'],
    ['a mention', 'Wrote @everyone <!channel> **bold**'],
  ])('round-trips notes with %s through a CSV parser', (_what, notes) => {
    const csv = renderCsv([row({ notes, title: notes, latitude: 34.45, time_precision: 1 })]);
    const [parsed] = parse(csv, { columns: true }) as Record<string, string>[];
    expect(parsed!.notes).toBe(notes);
    expect(parsed!.latitude).toBe('34.45');
  });

  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+1', `'+1`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['plain', 'plain'],
  ])('keeps a spreadsheet from running %s as a formula', (notes, expected) => {
    const [parsed] = parse(renderCsv([row({ notes })]), { columns: true }) as Record<string, string>[];
    expect(parsed!.notes).toBe(expected);
  });

  it('writes JSON Lines with the same field names', () => {
    const line = renderJsonl([row({ event_date: '2026-11-20', notes: 'x' })]);
    expect(Object.keys(JSON.parse(line))).toEqual([...EXPORT_COLUMNS]);
  });
});
