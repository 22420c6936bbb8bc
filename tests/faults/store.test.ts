import { appendFile, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppEngine } from '../../src/app.js';
import { createBackgroundServices } from '../../src/background.js';
import { loadConfig } from '../../src/config.js';
import type { ChatAdapter } from '../../src/core/adapter.js';
import { createFixedClock } from '../../src/core/clock.js';
import { createMemoryLogger, silentLogger } from '../../src/core/logger.js';
import { ingestPaths, renderIngestSummary } from '../../src/ingest/ingest-files.js';
import {
  type LogFileHandle,
  type OpenLogFile,
  openReportStore,
  StoreWriteError,
  serializeReport,
} from '../../src/reports/store.js';
import type { StoreHealthNotice } from '../../src/search/engine.js';
import { storedReport } from '../helpers/stored-report.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'faults-store-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const report = storedReport;

function enospc(): Error {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}

/**
 * A nearly full disk: the real file takes `room` more bytes (the first write is short), then every write
 * throws ENOSPC. `full` can be switched off to let the disk "free up".
 */
function nearlyFullDisk(room: number): { open: OpenLogFile; state: { full: boolean; writes: number } } {
  const state = { full: true, writes: 0 };
  return {
    state,
    open: async (file) => {
      const fh = await open(file, 'a');
      let left = room;
      const handle: LogFileHandle = {
        async write(buffer, offset, length) {
          state.writes++;
          if (!state.full) return fh.write(buffer, offset, length);
          if (left <= 0) throw enospc();
          const n = Math.min(left, length);
          left -= n;
          return fh.write(buffer, offset, n);
        },
        datasync: () => fh.datasync(),
        truncate: (len) => fh.truncate(len),
        stat: () => fh.stat(),
        close: () => fh.close(),
      };
      return handle;
    },
  };
}

async function loadIds(dir: string) {
  const store = await openReportStore(dir, silentLogger);
  const ids: string[] = [];
  const result = await store.load((r) => ids.push(r.id));
  await store.close();
  return { ids, result };
}

describe('1. a short write is never confirmed', () => {
  it('fails the whole batch, cuts the log back to its last whole line, and the next append is clean', async () => {
    const dir = await tempDir();
    const disk = nearlyFullDisk(Number.POSITIVE_INFINITY);
    const store = await openReportStore(dir, silentLogger, { openLog: disk.open });
    await store.load(() => {});
    await store.append([report('kept')]);
    const before = (await stat(store.file)).size;
    await store.close();

    const tight = nearlyFullDisk(100);
    const s2 = await openReportStore(dir, silentLogger, { openLog: tight.open });
    await s2.load(() => {});
    const batch = Array.from({ length: 50 }, (_, i) => report(`r${i}`));
    const failure = await s2.append(batch).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoreWriteError);
    expect((failure as Error).message).toBe('disk full: 0 of 50 reports saved; nothing lost');
    expect(tight.state.writes).toBe(2); // the short write was continued, then the disk refused
    expect((await stat(s2.file)).size).toBe(before);
    expect(s2.bytes()).toBe(before);

    tight.state.full = false;
    const offsets = await s2.append([report('after')]);
    expect(offsets).toEqual([before]);
    await s2.close();
    const { ids, result } = await loadIds(dir);
    expect(ids).toEqual(['kept', 'after']);
    expect(result.damagedLines).toEqual([]);
  });

  it('cuts back before the next append when cutting back failed at the time', async () => {
    const dir = await tempDir();
    let refuseTruncate = true;
    const openLog: OpenLogFile = async (file) => {
      const fh = await open(file, 'a');
      let calls = 0;
      return {
        async write(buffer, offset, length) {
          if (calls++ === 0) return fh.write(buffer, offset, Math.min(10, length));
          if (refuseTruncate) throw enospc();
          return fh.write(buffer, offset, length);
        },
        datasync: () => fh.datasync(),
        truncate: async (len) => {
          if (refuseTruncate) throw Object.assign(new Error('EIO'), { code: 'EIO' });
          await fh.truncate(len);
        },
        stat: () => fh.stat(),
        close: () => fh.close(),
      };
    };
    const store = await openReportStore(dir, silentLogger, { openLog });
    await store.load(() => {});
    const failure = await store.append([report('a'), report('b')]).catch((e: unknown) => e);
    expect((failure as Error).message).toMatch(/^disk full: 0 of 2 reports saved; /);
    expect((failure as Error).message).not.toContain('nothing lost');
    refuseTruncate = false;
    await store.append([report('c')]);
    await store.close();
    const { ids, result } = await loadIds(dir);
    expect(ids).toEqual(['c']);
    expect(result.damagedLines).toEqual([]);
  });

  it('the engine confirms nothing, tells the log and its listeners once, and says when saving works again', async () => {
    const dir = await tempDir();
    const disk = nearlyFullDisk(0);
    const logger = createMemoryLogger();
    const engine = await openAppEngine({
      dataDir: dir,
      clock: createFixedClock('2026-11-24T10:00:00Z'),
      logger,
      waitForSearch: true,
      openLog: disk.open,
    });
    const notices: StoreHealthNotice[] = [];
    engine.onStoreHealth((n) => notices.push(n));
    const added: string[] = [];
    engine.onAdded((events) => added.push(...events.map((e) => e.reportId)));
    const input = (n: number) => ({
      input: {
        url: `https://example.org/full/${n}`,
        title: `Shelling near Deir ez-Zor ${n}`,
        published: '2026-11-23',
        source: 'Test',
        body: `Shelling hit Deir ez-Zor on Sunday, report ${n}.`,
      },
      origin: { file: 'x.jsonl', line: n },
    });
    await expect(engine.ingest([input(1)])).rejects.toThrow('disk full: 0 of 1 report saved; nothing lost');
    await expect(engine.ingest([input(2)])).rejects.toThrow(StoreWriteError);
    expect(engine.stats().reports).toBe(0);
    expect(added).toEqual([]);
    expect(notices).toEqual([{ saving: false, message: expect.stringContaining('disk full') }]);
    expect(logger.lines.filter((l) => l.includes('cannot save new reports'))).toHaveLength(1);
    disk.state.full = false;
    const ok = await engine.ingest([input(3)]);
    expect(ok.added).toBe(1);
    expect(notices.map((n) => n.saving)).toEqual([false, true]);
    await engine.close();
  });

  it('the running bot tells the admin channel when saving fails and when it works again', async () => {
    const dir = await tempDir();
    const disk = nearlyFullDisk(0);
    const clock = createFixedClock('2026-11-24T10:00:00Z');
    const engine = await openAppEngine({
      dataDir: dir,
      clock,
      logger: silentLogger,
      waitForSearch: true,
      openLog: disk.open,
    });
    const posted: { channel: string; title: string }[] = [];
    const slack: ChatAdapter = {
      platform: 'slack',
      start: async () => {},
      stop: async () => {},
      post: async (channel, reply) => {
        posted.push({ channel, title: reply.title });
      },
    };
    const config = loadConfig({ DATA_DIR: dir, ADMIN_CHANNEL: 'slack:C0ADMIN' });
    const background = await createBackgroundServices({
      config,
      engine,
      services: { engine },
      adapters: [slack],
      clock,
      logger: silentLogger,
    });
    const input = {
      input: {
        url: 'https://example.org/admin',
        title: 'Clashes in Raqqa',
        published: '2026-11-23',
        source: 'Test',
        body: 'Clashes were reported in Raqqa.',
      },
      origin: { file: 'x' },
    };
    await expect(engine.ingest([input])).rejects.toThrow(StoreWriteError);
    disk.state.full = false;
    expect((await engine.ingest([input])).added).toBe(1);
    await background.stop();
    await engine.close();
    expect(posted).toEqual([
      {
        channel: 'C0ADMIN',
        title: expect.stringMatching(
          /^New reports cannot be saved \(disk full: 0 of 1 report saved; nothing lost\)/,
        ),
      },
      { channel: 'C0ADMIN', title: 'Reports are being saved again.' },
    ]);
  });

  it('cli ingest stops with the message, not a stack trace, and keeps what was saved before', async () => {
    const dir = await tempDir();
    const disk = nearlyFullDisk(0);
    const engine = await openAppEngine({
      dataDir: dir,
      clock: createFixedClock('2026-11-24T10:00:00Z'),
      logger: silentLogger,
      waitForSearch: true,
      openLog: disk.open,
    });
    const file = path.join(dir, 'in.jsonl');
    await writeFile(
      file,
      `${JSON.stringify({ url: 'https://example.org/x', title: 'X', published: '2026-11-20', source: 'Test', body: 'Clashes in Raqqa.' })}\n`,
    );
    const summary = await ingestPaths(engine, [file]);
    expect(summary.failed).toBe('disk full: 0 of 1 report saved; nothing lost');
    expect(renderIngestSummary(summary)).toContain('Stopped early: disk full');
    await engine.close();
  });
});

describe('3. a damaged line is quarantined once', () => {
  it('copies it once, removes it from the log, and the next start rebuilds nothing', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'reports.jsonl');
    await writeFile(
      file,
      `${serializeReport(report('a'))}\nnot json at all\n${serializeReport(report('b'))}\n`,
    );
    const first = await openReportStore(dir, silentLogger);
    const seen: [string, number][] = [];
    const res = await first.load((r, offset) => seen.push([r.id, offset]));
    await first.close();
    expect(res.damagedLines).toEqual([2]);
    expect(res.rewritten).toBe(true);
    // Offsets are those of the rewritten log.
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('not json at all');
    expect(seen).toEqual([
      ['a', 0],
      ['b', text.indexOf('\n') + 1],
    ]);
    expect(res.bytes).toBe(Buffer.byteLength(text));
    const quarantine = path.join(dir, 'reports.quarantine.jsonl');
    expect(await readFile(quarantine, 'utf8')).toBe('not json at all\n');
    const again = await loadIds(dir);
    expect(again.ids).toEqual(['a', 'b']);
    expect(again.result.damagedLines).toEqual([]);
    expect(again.result.rewritten).toBe(false);
    expect(await readFile(quarantine, 'utf8')).toBe('not json at all\n');
  });

  it('the engine rebuilds the index on the repairing start only', async () => {
    const dir = await tempDir();
    const clock = createFixedClock('2026-11-24T10:00:00Z');
    const open1 = () => openAppEngine({ dataDir: dir, clock, logger: silentLogger, waitForSearch: true });
    const e1 = await open1();
    await e1.ingest([
      {
        input: {
          url: 'https://example.org/q1',
          title: 'Q1',
          published: '2026-11-20',
          source: 'Test',
          body: 'Clashes in Raqqa.',
        },
        origin: { file: 'x' },
      },
    ]);
    await e1.close();
    await appendFile(path.join(dir, 'reports.jsonl'), 'garbage line\n');
    const e2 = await open1();
    await e2.searchReady;
    expect(e2.loadInfo.damagedLines).toEqual([2]);
    expect(e2.loadInfo.index).toBe('built');
    await e2.close();
    const e3 = await open1();
    await e3.searchReady;
    expect(e3.loadInfo.damagedLines).toEqual([]);
    expect(e3.loadInfo.index).toBe('loaded');
    expect(e3.stats().reports).toBe(1);
    await e3.close();
  });
});

describe('4. checksums catch silent corruption', () => {
  it('treats a bit flip that leaves valid JSON as a damaged line', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'reports.jsonl');
    const store = await openReportStore(dir, silentLogger);
    await store.load(() => {});
    await store.append([report('a'), { ...report('b'), title: 'Shelling in Homs' }]);
    await store.close();
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('{"crc":"')).toBe(true);
    // "Homs" -> "Hols": still valid JSON, but not what was written.
    await writeFile(file, text.replace('Shelling in Homs', 'Shelling in Hols'));
    const { ids, result } = await loadIds(dir);
    expect(ids).toEqual(['a']);
    expect(result.damagedLines).toEqual([2]);
    expect(await readFile(path.join(dir, 'reports.quarantine.jsonl'), 'utf8')).toContain('Hols');
  });

  it('loads old lines without checksums, and gives them checksums when the log is rewritten', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'reports.jsonl');
    await writeFile(file, `${JSON.stringify(report('old1'))}\n${JSON.stringify(report('old2'))}\n`);
    const { ids, result } = await loadIds(dir);
    expect(ids).toEqual(['old1', 'old2']);
    expect(result.damagedLines).toEqual([]);
    // A rewrite (here: after an extraction change) writes every line with its checksum.
    await writeFile(path.join(dir, 'store-meta.json'), JSON.stringify({ extraction: 'an older extraction' }));
    const engine = await openAppEngine({
      dataDir: dir,
      clock: createFixedClock('2026-11-24T10:00:00Z'),
      logger: silentLogger,
      waitForSearch: true,
    });
    expect(engine.loadInfo.reextracted).toBe(true);
    await engine.close();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^\{"crc":"[0-9a-f]{8}","id":"old\d"/);
    expect((await loadIds(dir)).ids).toEqual(['old1', 'old2']);
  });
});

describe('2. loading keeps the first copy of an id', () => {
  it('reports repeats, keeps the first, and moves the repeat to quarantine', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'reports.jsonl');
    const second = { ...report('a'), title: 'Second copy' };
    await writeFile(
      file,
      `${serializeReport(report('a'))}\n${serializeReport(report('b'))}\n${serializeReport(second)}\n`,
    );
    const logger = createMemoryLogger();
    const store = await openReportStore(dir, logger);
    const titles: string[] = [];
    const res = await store.load((r) => titles.push(r.title));
    await store.close();
    expect(titles).toEqual(['Title a', 'Title b']);
    expect(res.repeatedIds).toEqual([{ line: 3, id: 'a' }]);
    expect(logger.lines.some((l) => l.includes('first copy is kept'))).toBe(true);
    expect(await readFile(path.join(dir, 'reports.quarantine.jsonl'), 'utf8')).toContain('Second copy');
    expect((await loadIds(dir)).result.repeatedIds).toEqual([]);
  });
});
