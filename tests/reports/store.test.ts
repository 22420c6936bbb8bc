import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger, silentLogger } from '../../src/core/logger.js';
import { openReportStore } from '../../src/reports/store.js';
import type { StoredReport } from '../../src/reports/types.js';
import { storedReport } from '../helpers/stored-report.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'store-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

const report = storedReport;

async function loadIds(dir: string) {
  const store = await openReportStore(dir, silentLogger);
  const ids: string[] = [];
  const result = await store.load((r) => ids.push(r.id));
  return { store, ids, result };
}

describe('report store', () => {
  it('keeps appended reports across reopen, in order', async () => {
    const dir = await tempDir();
    const { store } = await loadIds(dir);
    await store.append([report('a'), report('b')]);
    await store.append([report('c')]);
    await store.close();
    const again = await loadIds(dir);
    expect(again.ids).toEqual(['a', 'b', 'c']);
    expect(again.result.damagedLines).toEqual([]);
    await again.store.close();
  });

  it('returns each line offset from append, and leaves bodies on disk unless asked for them', async () => {
    const dir = await tempDir();
    const { store } = await loadIds(dir);
    // A title holding the body key's characters, and a body with quotes, newlines and Arabic.
    const tricky = { ...report('b'), title: 'He said ","body":" twice', body: 'Line one\n"quoted" البوكمال' };
    const offsets = await store.append([report('a'), tricky]);
    const more = await store.append([report('c')]);
    await store.close();
    const text = await readFile(path.join(dir, 'reports.jsonl'));
    expect([...offsets, ...more]).toEqual([
      0,
      text.indexOf('\n') + 1,
      text.lastIndexOf('\n', text.length - 2) + 1,
    ]);
    const again = await openReportStore(dir, silentLogger);
    const heads: { id: string; title: string; body?: string; offset: number }[] = [];
    await again.load((r, offset) => heads.push({ id: r.id, title: r.title, body: r.body, offset }));
    expect(heads.map((h) => [h.id, h.body, h.offset])).toEqual([
      ['a', undefined, offsets[0]],
      ['b', undefined, offsets[1]],
      ['c', undefined, more[0]],
    ]);
    expect(heads[1]!.title).toBe(tricky.title);
    const full: (string | undefined)[] = [];
    await again.load((r) => full.push(r.body), { bodies: true });
    expect(full).toEqual(['Body of a', tricky.body, 'Body of c']);
    await again.close();
  });

  it('reads lines written with the body before the events (older stores) in full', async () => {
    const dir = await tempDir();
    const { events, ...rest } = report('old');
    await writeFile(path.join(dir, 'reports.jsonl'), `${JSON.stringify({ ...rest, events })}\n`);
    const store = await openReportStore(dir, silentLogger);
    const seen: StoredReport[] = [];
    await store.load((r) => seen.push(r as StoredReport));
    expect(seen).toEqual([report('old')]);
    await store.close();
  });

  it('cuts off an unfinished last write and keeps appending cleanly', async () => {
    const dir = await tempDir();
    const { store } = await loadIds(dir);
    await store.append([report('a'), report('b')]);
    await store.close();
    await appendFile(path.join(dir, 'reports.jsonl'), '{"id":"c","url":"https://exa');
    const logger = createMemoryLogger();
    const s2 = await openReportStore(dir, logger);
    const ids: string[] = [];
    const res = await s2.load((r) => ids.push(r.id));
    expect(ids).toEqual(['a', 'b']);
    expect(res.truncatedBytes).toBeGreaterThan(0);
    expect(logger.lines.some((l) => l.includes('unfinished last write'))).toBe(true);
    await s2.append([report('d')]);
    await s2.close();
    expect((await loadIds(dir)).ids).toEqual(['a', 'b', 'd']);
  });

  it('quarantines a damaged line in the middle instead of dropping it', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'reports.jsonl');
    await writeFile(
      file,
      `${JSON.stringify(report('a'))}\nnot json at all\n${JSON.stringify(report('b'))}\n`,
    );
    const { ids, result, store } = await loadIds(dir);
    expect(ids).toEqual(['a', 'b']);
    expect(result.damagedLines).toEqual([2]);
    expect(await readFile(path.join(dir, 'reports.quarantine.jsonl'), 'utf8')).toContain('not json at all');
    await store.close();
  });

  it('survives kill -9 in the middle of writing: every acknowledged report is there and nothing is damaged', async () => {
    const dir = await tempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(import.meta.dirname, '../helpers/store-writer.ts'), dir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let acknowledged = -1;
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        const all = [...chunk.matchAll(/ready (\d+)/g)];
        if (all.length) acknowledged = Number(all[all.length - 1]![1]);
        if (acknowledged >= 200) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((r) => child.once('exit', r));
    const { ids, result, store } = await loadIds(dir);
    expect(result.damagedLines).toEqual([]);
    expect(ids.length).toBeGreaterThanOrEqual(acknowledged);
    expect(ids.slice(0, acknowledged)).toEqual(Array.from({ length: acknowledged }, (_, i) => `crash-${i}`));
    await store.append([report('after-crash')]);
    await store.close();
    const again = await loadIds(dir);
    expect(again.ids[again.ids.length - 1]).toBe('after-crash');
    expect(again.result.damagedLines).toEqual([]);
    await again.store.close();
  });
});

describe('rewrite', () => {
  it('keeps only the accepted reports, with the offsets a fresh load finds, and appends after them', async () => {
    const dir = await tempDir();
    const store = await openReportStore(dir, silentLogger);
    await store.append(['a', 'b', 'c', 'd'].map(report));
    const offsets = await store.rewrite((id) => id !== 'b' && id !== 'd');
    await store.append([report('e')]);
    await store.close();
    const again = await openReportStore(dir, silentLogger);
    const seen: [string, number][] = [];
    await again.load((r, at) => seen.push([r.id, at]));
    expect(seen.map(([id]) => id)).toEqual(['a', 'c', 'e']);
    expect(seen.slice(0, 2)).toEqual([...offsets.entries()]);
    expect(await readFile(path.join(dir, 'reports.jsonl'), 'utf8')).not.toContain('Body of b');
    await again.close();
  });

  it('keeps each kept line byte for byte, checksum and all, and drops a line whose checksum fails', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'reports.jsonl');
    // A line from before checksums, then checksummed lines written by append.
    const { events, ...legacy } = report('old');
    await writeFile(file, `${JSON.stringify({ ...legacy, events })}\n`);
    const store = await openReportStore(dir, silentLogger);
    await store.load(() => {});
    await store.append(['a', 'b', 'c'].map(report));
    const before = (await readFile(file, 'utf8')).split('\n');
    expect(before[1]).toMatch(/^\{"crc":"[0-9a-f]{8}",/);
    // Flip a byte inside "c"'s line after it was loaded: still valid JSON, but its checksum no longer matches.
    await writeFile(
      file,
      [...before.slice(0, 3), before[3]!.replace('Body of c', 'Body of C'), ''].join('\n'),
    );
    await store.rewrite((id) => id !== 'b');
    await store.close();
    const after = (await readFile(file, 'utf8')).split('\n');
    expect(after).toEqual([before[0], before[1], '']);
    const again = await loadIds(dir);
    expect(again.ids).toEqual(['old', 'a']);
    expect(again.result.damagedLines).toEqual([]);
    await again.store.close();
  });
});
