import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { dispatch } from '../../src/core/dispatch.js';
import type { Engine } from '../../src/search/engine.js';
import { slowCounts } from '../../src/search/present.js';
import type { EventView } from '../../src/search/types.js';
import { openTestEngine, testContext } from '../helpers/test-engine.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function sampleEngine() {
  const t = await openTestEngine({ sample: true });
  let current: Engine = t.engine;
  cleanups.push(() => t.cleanup(current));
  return {
    ...t,
    get engine() {
      return current;
    },
    async reopen() {
      current = await t.reopen();
      return current;
    },
  };
}

const report = (n: number, body: string) => ({
  input: {
    url: `https://example.org/live/${n}`,
    title: `Live report ${n}`,
    published: '2026-11-24T08:00:00Z',
    source: 'Test Wire',
    body,
  },
  origin: { file: 'test', line: n },
});

describe('engine', () => {
  it('answers places from postings, including everything inside a governorate', async () => {
    const t = await sampleEngine();
    const e = t.engine;
    const town = e.eventsForPlace('al-bukamal');
    const gov = e.eventsForPlace('gov-deir-ez-zor');
    expect(town.length).toBeGreaterThan(0);
    for (const ev of town) expect(gov).toContain(ev);
    expect(
      gov.every(
        (ev) =>
          ev.governorate?.id === 'gov-deir-ez-zor' ||
          ev.places.some((p) => e.places.descendants('gov-deir-ez-zor').includes(p.id)),
      ),
    ).toBe(true);
  });

  it('an actor query includes its sub-units (IRGC includes the Quds Force)', async () => {
    const t = await sampleEngine();
    const e = t.engine;
    const quds = e.eventsForActor('irgc-quds-force');
    const irgc = e.eventsForActor('irgc');
    expect(quds.length).toBeGreaterThan(0);
    for (const ev of quds) expect(irgc).toContain(ev);
    expect(
      e
        .eventsForActor('hezbollah')
        .some(
          (ev) =>
            ev.actors.some((a) => a.id === 'kataib-hezbollah') &&
            !ev.actors.some((a) => a.id === 'hezbollah'),
        ),
    ).toBe(false);
  });

  it('counts its own answers from compact columns exactly as walking the events does', async () => {
    const t = await sampleEngine();
    const e = t.engine;
    const lists = [
      e.eventsForPlace('gov-deir-ez-zor'),
      e.eventsForPlace('al-bukamal'),
      e.eventsForActor('irgc'),
      e.eventsForActor('sdf', { since: '2026-11-01' }),
      e.search('drone'),
    ];
    for (const list of lists) {
      expect(list.length).toBeGreaterThan(0);
      expect(e.countEvents?.(list)).toEqual(slowCounts(list));
    }
    expect(e.countEvents?.([...lists[0]!])).toBeUndefined();
  });

  it('reuses the saved index on restart and rebuilds it when it is damaged', async () => {
    const t = await sampleEngine();
    await t.engine.saveIndex();
    const first = t.engine.search('drone').length;
    expect(first).toBeGreaterThan(0);
    let e = await t.reopen();
    expect(e.loadInfo.index).toBe('loaded');
    expect(e.search('drone').length).toBe(first);
    await writeFile(path.join(t.dir, 'index', 'search-index.json'), '{"broken":');
    e = await t.reopen();
    expect(e.loadInfo.index).toBe('built');
    expect(e.search('drone').length).toBe(first);
  });

  it('a report added while the index is being saved is searchable at once, after the save and after a restart', async () => {
    const t = await sampleEngine();
    const body =
      'On November 23, a drone struck a fuel tanker near Al-Mayadin, and fighters of the Zainabiyoun Brigade closed the road to Al-Quriyah for several hours afterwards.';
    const saving = t.engine.saveIndex();
    const ingested = t.engine.ingest([report(7, body)]);
    const [, summary] = await Promise.all([saving, ingested]);
    expect(summary.added).toBe(1);
    const found = (e: Engine) =>
      e.search('tanker Zainabiyoun').some((ev) => ev.report.url === 'https://example.org/live/7');
    expect(found(t.engine)).toBe(true);
    await t.engine.saveIndex();
    const e = await t.reopen();
    expect(e.loadInfo.index).toBe('loaded');
    expect(found(e)).toBe(true);
  });

  it('keeps every answer newest first as reports arrive out of order, a batch at a time', async () => {
    const t = await sampleEngine();
    const e = t.engine;
    let events = e.latest(100_000);
    expect(events.length).toBe(e.stats().events);
    const days = [12, 3, 20, 3, 27, 1, 20];
    for (const [i, day] of days.entries()) {
      const r = report(100 + i, `Yesterday, a drone struck a supply truck near Al-Mayadin; tally ${i}.`);
      await e.ingest([
        { ...r, input: { ...r.input, published: `2026-10-${String(day).padStart(2, '0')}T09:00:00Z` } },
      ]);
      const previous = events;
      events = e.latest(100_000);
      expect(events.length).toBe(e.stats().events);
      // Ties (same date and publication): the new event first, old ones in their previous order.
      const tie = (x: EventView) => previous.indexOf(x);
      const expected = [...events].sort(
        (a, b) =>
          b.date.localeCompare(a.date) ||
          b.report.published.localeCompare(a.report.published) ||
          tie(a) - tie(b),
      );
      expect(events).toEqual(expected);
      const mayadin = e.eventsForPlace('al-mayadin');
      expect(mayadin.length).toBeGreaterThan(i);
      expect(mayadin).toEqual(expected.filter((x) => mayadin.includes(x)));
    }
  });

  it('read-only, it reads a store another process owns without changing a byte, and refuses to ingest', async () => {
    const { openAppEngine } = await import('../../src/app.js');
    const { readdir, appendFile } = await import('node:fs/promises');
    const t = await sampleEngine();
    await t.engine.saveIndex();
    const events = t.engine.stats().events;
    const drone = t.engine.search('drone').length;
    await t.engine.close();
    // The owner is mid-append, and its extraction differs from ours (a newer deploy): neither is ours to fix.
    await appendFile(path.join(t.dir, 'reports.jsonl'), '{"id":"half-writ');
    await writeFile(
      path.join(t.dir, 'store-meta.json'),
      JSON.stringify({ extraction: 'the-owner-s-version' }),
    );
    const files = async () => {
      const names = (await readdir(t.dir, { recursive: true })).sort();
      return Promise.all(
        names.map(async (f) => [f, await readFile(path.join(t.dir, f)).catch(() => 'a folder')]),
      );
    };
    const before = await files();
    const reader = await openAppEngine({
      dataDir: t.dir,
      clock: t.clock,
      logger: (await import('../../src/core/logger.js')).silentLogger,
      waitForSearch: true,
      readOnly: true,
    });
    expect(reader.stats().events).toBe(events);
    expect(reader.search('drone').length).toBe(drone);
    await expect(
      reader.ingest([report(9, 'On November 23, a drone struck a truck near Al-Mayadin.')]),
    ).rejects.toThrow(/read-only/);
    await reader.close();
    expect(await files()).toEqual(before);
  });

  it('rebuilds the index when the options fingerprint differs', async () => {
    const t = await sampleEngine();
    await t.engine.saveIndex();
    const metaFile = path.join(t.dir, 'index', 'search-index.meta.json');
    const meta = JSON.parse(await readFile(metaFile, 'utf8'));
    await writeFile(metaFile, JSON.stringify({ ...meta, fingerprint: 'something-else' }));
    const e = await t.reopen();
    expect(e.loadInfo.index).toBe('built');
    expect(e.loadInfo.indexReason).toBe('index options changed');
  });

  it('re-extracts stored events when extraction changes', async () => {
    const t = await sampleEngine();
    const before = t.engine.stats().events;
    await writeFile(path.join(t.dir, 'store-meta.json'), JSON.stringify({ extraction: 'old-version' }));
    const e = await t.reopen();
    expect(e.loadInfo.reextracted).toBe(true);
    expect(e.stats().events).toBe(before);
  });

  it('new reports are searchable at once and persist; duplicates are not indexed twice', async () => {
    const t = await sampleEngine();
    const e = t.engine;
    const seen: string[] = [];
    e.onAdded((evs) => seen.push(...evs.map((x) => x.report.id)));
    const body =
      'On November 23, fighters of the Fatemiyoun Brigade clashed with Islamic State cells near Al-Sukhnah in the Homs desert. Local sources said the fighting went on for several hours and that reinforcements were seen on the road towards Palmyra later in the day.';
    const s1 = await e.ingest([report(1, body)]);
    expect(s1.added).toBe(1);
    expect(seen.length).toBeGreaterThan(0);
    expect(e.search('Fatemiyoun Sukhnah').some((ev) => ev.report.url === 'https://example.org/live/1')).toBe(
      true,
    );
    const s2 = await e.ingest([
      report(1, body),
      { ...report(2, body) },
      {
        ...report(3, `${body} `),
        input: { ...report(3, body).input, url: 'https://www.example.org/live/1/?utm_source=x' },
      },
    ]);
    expect(s2).toMatchObject({ read: 3, added: 0, duplicates: 3 });
    const again = await t.reopen();
    expect(again.search('Fatemiyoun Sukhnah').length).toBeGreaterThan(0);
  });

  it('answers /events with page-sized replies and a working next page', async () => {
    const t = await sampleEngine();
    const ctx = testContext(t.engine);
    const first = await dispatch(commands, { name: 'events', text: 'Deir ez-Zor' }, ctx);
    expect(first.paging).toMatchObject({ offset: 0, limit: 10 });
    const second = await dispatch(
      commands,
      { name: 'events', text: 'Deir ez-Zor' },
      { ...ctx, page: { offset: 10, limit: 10 } },
    );
    const firstIds = first.sections[0]!.lines.map((l) => l.text);
    const secondIds = second.sections[0]!.lines.map((l) => l.text);
    expect(secondIds.some((x) => firstIds.includes(x))).toBe(false);
  });
});

describe('very common words', () => {
  it('are answered newest first from term postings, with the same events MiniSearch finds', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { openAppEngine, SAMPLE_REPORTS_DIR } = await import('../../src/app.js');
    const { ingestPaths } = await import('../../src/ingest/ingest-files.js');
    const { createFixedClock } = await import('../../src/core/clock.js');
    const { silentLogger } = await import('../../src/core/logger.js');
    const open = (dir: string, commonQueryReports: number) =>
      openAppEngine({
        dataDir: dir,
        clock: createFixedClock('2026-11-24T10:00:00Z'),
        logger: silentLogger,
        waitForSearch: true,
        commonQueryReports,
      });
    const dir = await mkdtemp(path.join(tmpdir(), 'common-'));
    try {
      const ranked = await open(dir, 1_000_000);
      await ingestPaths(ranked, [SAMPLE_REPORTS_DIR]);
      const byRelevance = ranked.search('drone');
      await ranked.close();
      const common = await open(dir, 2);
      const newest = common.search('drone');
      expect(common.isNewestFirst?.(newest)).toBe(true);
      expect(ranked.isNewestFirst?.(byRelevance)).toBe(false);
      expect(new Set(newest.map((e) => e.id))).toEqual(new Set(byRelevance.map((e) => e.id)));
      const dates = newest.map((e) => e.date);
      expect([...dates].sort().reverse()).toEqual(dates);
      const reply = await dispatch(commands, { name: 'search', text: 'drone' }, testContext(common));
      expect(reply.summary).toContain('listed newest first');
      await common.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
