import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPostLog,
  type PostLogEntry,
  type PostStatus,
  parsePostLog,
  reducePostLog,
} from '../../src/digest/post-log.js';

function entry(status: PostStatus, attempt: number, extra: Partial<PostLogEntry> = {}): PostLogEntry {
  return {
    v: 1,
    status,
    platform: 'slack',
    channel: 'C1',
    day: '2026-11-24',
    digestDate: '2026-11-23',
    tz: 'Asia/Damascus',
    at: '2026-11-24T05:00:00.000Z',
    attempt,
    ...extra,
  };
}

describe('reducePostLog', () => {
  it.each<[string, PostLogEntry[], { status: PostStatus; attempts: number; sentParts: number }]>([
    ['a claim alone is in progress', [entry('posting', 1)], { status: 'posting', attempts: 1, sentParts: 0 }],
    [
      'claim then posted',
      [entry('posting', 1), entry('posted', 1)],
      { status: 'posted', attempts: 1, sentParts: 0 },
    ],
    [
      'a failure remembers what was sent',
      [entry('posting', 1), entry('failed', 1, { sentParts: 2 })],
      { status: 'failed', attempts: 1, sentParts: 2 },
    ],
    [
      'a retry after a failure',
      [entry('posting', 1), entry('failed', 1), entry('posting', 2), entry('posted', 2)],
      { status: 'posted', attempts: 2, sentParts: 0 },
    ],
    [
      'posted stays final',
      [entry('posting', 1), entry('posted', 1), entry('failed', 2)],
      { status: 'posted', attempts: 1, sentParts: 0 },
    ],
    [
      'interrupted stays final',
      [entry('posting', 1), entry('interrupted', 1), entry('posting', 2)],
      { status: 'interrupted', attempts: 1, sentParts: 0 },
    ],
  ])('%s', (_name, entries, expected) => {
    expect(reducePostLog(entries).get('slack:C1:2026-11-24')).toMatchObject(expected);
  });

  it('keeps channels and days apart', () => {
    const states = reducePostLog([
      entry('posted', 1),
      entry('failed', 1, { channel: 'C2' }),
      entry('posting', 1, { day: '2026-11-25' }),
    ]);
    expect([...states.keys()].sort()).toEqual([
      'slack:C1:2026-11-24',
      'slack:C1:2026-11-25',
      'slack:C2:2026-11-24',
    ]);
  });
});

describe('parsePostLog', () => {
  it.each([
    ['', 0, []],
    [`${JSON.stringify(entry('posted', 1))}\n`, 1, []],
    [`${JSON.stringify(entry('posting', 1))}\n{"status":"pos`, 1, [2]],
    [`not json\n${JSON.stringify(entry('posted', 1))}\n{"status":"posted"}\n`, 1, [1, 3]],
  ])('%j -> %i entries, bad lines %j', (text, count, bad) => {
    const parsed = parsePostLog(text);
    expect(parsed.entries).toHaveLength(count);
    expect(parsed.badLines).toEqual(bad);
  });
});

describe('createPostLog', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('appends lines that survive a reload, starting a new line after a torn one', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'post-log-'));
    const file = path.join(dir, 'digest-posts.jsonl');
    await writeFile(file, `${JSON.stringify(entry('posting', 1))}\n{"status":"post`);
    const log = createPostLog(file);
    expect(await log.load()).toEqual({ entries: 1, badLines: [2] });
    await Promise.all([log.append(entry('posted', 1)), log.append(entry('posting', 1, { channel: 'C2' }))]);
    const reloaded = createPostLog(file);
    expect(await reloaded.load()).toEqual({ entries: 3, badLines: [2] });
    expect(reloaded.state({ platform: 'slack', channelId: 'C1' }, '2026-11-24')?.status).toBe('posted');
    expect(reloaded.state({ platform: 'slack', channelId: 'C2' }, '2026-11-24')?.status).toBe('posting');
    expect((await readFile(file, 'utf8')).endsWith('\n')).toBe(true);
  });
});
