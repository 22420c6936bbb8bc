import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REMOVALS_FILE, RemovalsFileError } from '../../src/reports/removals.js';
import { openTestEngine } from '../helpers/test-engine.js';

const report = (n: number, extra: Partial<Record<string, string>> = {}) => ({
  input: {
    url: `https://news.example.com/takedown/${n}`,
    title: `Shelling in Hajin ${n}`,
    published: '2026-11-20',
    source: 'Takedown Wire',
    body: `On November 19, regime forces shelled Hajin, and an SDF patrol was hit near Al-Bukamal (${n}).`,
    ...extra,
  },
  origin: { file: 'test' },
});

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

describe('removing reports', () => {
  it('takes effect at once in postings, full text, latest and stats; durable across a restart', async () => {
    const t = await openTestEngine({ sample: true });
    let engine = t.engine;
    cleanups.push(() => t.cleanup(engine));
    const summary = await engine.ingest([report(1), report(2)]);
    const [gone, kept] = summary.addedIds as [string, string];
    const before = engine.stats();
    const hajin = engine.resolvePlace('hajin');
    if (hajin.status !== 'found') throw new Error('hajin');
    const has = (id: string) => ({
      place: engine.eventsForPlace(hajin.entity.id).some((e) => e.reportId === id),
      search: engine.search('Hajin').some((e) => e.reportId === id),
      latest: engine.latest(1000).some((e) => e.reportId === id),
      dated: engine.eventsDatedBetween('2026-11-01', '2026-11-30').some((e) => e.reportId === id),
    });
    expect(has(gone)).toEqual({ place: true, search: true, latest: true, dated: true });

    const removed = await engine.removeReports([gone, 'no-such-id'], 'legal takedown');
    expect(removed.map((r) => r.id)).toEqual([gone]);
    expect(has(gone)).toEqual({ place: false, search: false, latest: false, dated: false });
    expect(has(kept).place).toBe(true);
    expect(engine.stats().reports).toBe(before.reports - 1);
    expect(engine.findReports({ ids: [gone] })).toEqual([]);

    const record = JSON.parse(await readFile(path.join(t.dir, REMOVALS_FILE), 'utf8'));
    expect(record.removed[0]).toMatchObject({ id: gone, reason: 'legal takedown', source: 'Takedown Wire' });
    // Cut from the log itself: the text is no longer on disk.
    expect(await readFile(path.join(t.dir, 'reports.jsonl'), 'utf8')).not.toContain('takedown/1"');

    // Ingesting it again (or polling it) adds nothing.
    const again = await engine.ingest([report(1)]);
    expect(again).toMatchObject({ added: 0, duplicates: 1, removedBefore: 1 });

    engine = await t.reopen();
    expect(engine.findReports({ ids: [gone] })).toEqual([]);
    expect(engine.findReports({ ids: [kept] })).toHaveLength(1);
    expect(engine.search('Hajin').some((e) => e.reportId === gone)).toBe(false);
    expect(engine.stats().reports).toBe(before.reports - 1);
  });

  it('a removal recorded but not yet cut from the log (a crash in between) is applied on load', async () => {
    const t = await openTestEngine();
    let engine = t.engine;
    cleanups.push(() => t.cleanup(engine));
    const { addedIds } = await engine.ingest([report(3), report(4)]);
    const log = await readFile(path.join(t.dir, 'reports.jsonl'), 'utf8');
    await engine.removeReports([addedIds[0]!], 'mistaken import');
    await engine.close();
    // Put the old log back, as if the process died after writing the record and before the rewrite.
    await writeFile(path.join(t.dir, 'reports.jsonl'), log);
    engine = await t.reopen();
    expect(engine.loadInfo.removedAtLoad).toBe(1);
    expect(engine.stats().reports).toBe(1);
    expect(await readFile(path.join(t.dir, 'reports.jsonl'), 'utf8')).not.toContain(addedIds[0]!);
    expect(engine.search('Hajin').map((e) => e.reportId)).toEqual([addedIds[1]]);
  });

  it('finds reports by any form of their URL and by source name in any case', async () => {
    const t = await openTestEngine();
    cleanups.push(() => t.cleanup());
    const { addedIds } = await t.engine.ingest([report(5), report(6, { source: 'Other Wire' })]);
    expect(
      t.engine.findReports({ url: 'https://www.news.example.com/takedown/5/?utm_source=x' }).map((r) => r.id),
    ).toEqual([addedIds[0]]);
    expect(t.engine.findReports({ source: 'other wire' }).map((r) => r.id)).toEqual([addedIds[1]]);
  });

  it('refuses to open over a damaged removals file rather than show removed reports again', async () => {
    const t = await openTestEngine();
    await t.engine.close();
    cleanups.push(() => t.cleanup());
    await writeFile(path.join(t.dir, REMOVALS_FILE), '{"removed": [');
    await expect(t.reopen()).rejects.toBeInstanceOf(RemovalsFileError);
  });
});
