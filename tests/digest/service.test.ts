import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixedClock } from '../../src/core/clock.js';
import { isUserError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import type { DigestJson } from '../../src/digest/compose.js';
import { createDigestService, type DigestServiceOptions } from '../../src/digest/digest-service.js';
import { createFakeEngine, ev } from './fixtures.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function open(extra: Partial<DigestServiceOptions> & { dataDir?: string } = {}) {
  const dataDir = extra.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'digest-svc-')));
  if (!extra.dataDir) dirs.push(dataDir);
  const logger = createMemoryLogger();
  const clock = createFixedClock('2026-11-24T10:00:00Z');
  const service = await createDigestService({
    engine: createFakeEngine([
      ev({ n: 1, published: '2026-11-24T06:00:00Z' }),
      ev({ n: 2, published: '2026-11-23T06:00:00Z', places: ['palmyra'] }),
    ]),
    dataDir,
    clock,
    logger,
    defaults: { time: '08:00', tz: 'Asia/Damascus' },
    ...extra,
  });
  return { service, dataDir, logger, clock };
}

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (isUserError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('digest subscriptions', () => {
  it('persist across a restart, with defaults filled in and the first date kept', async () => {
    const { service, dataDir, clock } = await open();
    const a = await service.subscribe({ platform: 'slack', channelId: 'C1' }, { by: 'U1' });
    expect(a).toMatchObject({
      time: '08:00',
      tz: 'Asia/Damascus',
      createdBy: 'U1',
      createdAt: '2026-11-24T10:00:00.000Z',
    });
    await service.subscribe({ platform: 'discord', channelId: '123' }, { time: '7:30', tz: 'europe/london' });
    clock.advance(3_600_000);
    await service.subscribe({ platform: 'slack', channelId: 'C1' }, { time: '06:45' });

    const reopened = (await open({ dataDir })).service;
    expect(reopened.list().map((s) => [s.platform, s.channelId, s.time, s.tz, s.createdAt])).toEqual([
      ['discord', '123', '07:30', 'Europe/London', '2026-11-24T10:00:00.000Z'],
      ['slack', 'C1', '06:45', 'Asia/Damascus', '2026-11-24T10:00:00.000Z'],
    ]);
    expect(await reopened.unsubscribe({ platform: 'slack', channelId: 'C1' })).toBe(true);
    expect(await reopened.unsubscribe({ platform: 'slack', channelId: 'C1' })).toBe(false);
    const onDisk = JSON.parse(await readFile(path.join(dataDir, 'digest-subscriptions.json'), 'utf8'));
    expect(onDisk.subscriptions.map((s: { channelId: string }) => s.channelId)).toEqual(['123']);
  });

  it.each([
    ['not json at all {', 'JSON'],
    [JSON.stringify({ version: 1, subscriptions: [{ platform: 'irc', channelId: 'x' }] }), 'subscriptions.0'],
  ])('a corrupt file (%s) is moved aside and reported, not dropped', async (content, problem) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'digest-svc-'));
    dirs.push(dataDir);
    await writeFile(path.join(dataDir, 'digest-subscriptions.json'), content);
    const { service, logger } = await open({ dataDir });
    expect(service.loaded.status).toBe('corrupt');
    expect(service.list()).toEqual([]);
    const files = await readdir(dataDir);
    const backup = files.find((f) => f.startsWith('digest-subscriptions.json.corrupt-'));
    expect(backup).toBeDefined();
    expect(await readFile(path.join(dataDir, backup!), 'utf8')).toBe(content);
    const line = logger.lines.find((l) => l.includes('moved aside'));
    expect(line).toContain(backup);
    expect(line).toContain(problem);
    await service.subscribe({ platform: 'slack', channelId: 'C9' }, {});
    expect(await readFile(path.join(dataDir, backup!), 'utf8')).toBe(content);
  });

  it('merges configured channels, which commands cannot change', async () => {
    const { service } = await open({
      configChannels: { slackChannels: ['CCONF'], discordChannels: ['999'] },
    });
    await service.subscribe({ platform: 'slack', channelId: 'C1' }, {});
    expect(service.list().map((s) => [s.platform, s.channelId, s.fromConfig ?? false])).toEqual([
      ['slack', 'CCONF', true],
      ['discord', '999', true],
      ['slack', 'C1', false],
    ]);
    const refused = await rejection(service.unsubscribe({ platform: 'slack', channelId: 'CCONF' }));
    expect(refused.code).toBe('digest-from-config');
    expect(refused.message).toContain('DIGEST_SLACK_CHANNELS');
    const changing = await rejection(
      service.subscribe({ platform: 'discord', channelId: '999' }, { time: '09:00' }),
    );
    expect(changing.message).toContain('DIGEST_DISCORD_CHANNELS');
  });

  it.each([
    [{ time: '25:00' }, 'bad-time'],
    [{ tz: 'Asia/Damascas' }, 'bad-timezone'],
  ])('refuses %j with %s', async (opts, code) => {
    const { service } = await open();
    expect((await rejection(service.subscribe({ platform: 'slack', channelId: 'C1' }, opts))).code).toBe(
      code,
    );
    expect(service.list()).toEqual([]);
  });

  it('tells listeners about changes', async () => {
    const { service } = await open();
    let calls = 0;
    const stop = service.onChange(() => calls++);
    await service.subscribe({ platform: 'slack', channelId: 'C1' }, {});
    await service.unsubscribe({ platform: 'slack', channelId: 'C1' });
    stop();
    await service.subscribe({ platform: 'slack', channelId: 'C2' }, {});
    expect(calls).toBe(2);
  });
});

describe('digest service compose', () => {
  it('defaults to today so far in the default zone', async () => {
    const { service } = await open();
    const [first] = await service.compose({});
    expect(first?.title).toBe('Digest for 24 Nov so far');
    const json = first!.data as DigestJson;
    expect(json.groups[0]?.places[0]?.events.map((e) => e.reportId)).toEqual(['r1']);
  });

  it.each([
    [{ date: '2026-11-23' }, 'Digest for 23 Nov', ['r2']],
    [{ date: '2026-11-23', tz: 'Pacific/Pago_Pago' }, 'Digest for 23 Nov so far', ['r1']],
  ])('%j', async (opts, title, ids) => {
    const { service } = await open();
    const [first] = await service.compose(opts);
    expect(first?.title).toBe(title);
    const json = first!.data as DigestJson;
    expect(json.groups.flatMap((g) => g.places.flatMap((p) => p.events.map((e) => e.reportId)))).toEqual(ids);
  });

  it.each([
    [{ date: '2026-02-30' }, 'bad-date'],
    [{ date: 'last week' }, 'bad-date'],
    [{ tz: 'Nowhere/Special' }, 'bad-timezone'],
  ])('refuses %j', async (opts, code) => {
    const { service } = await open();
    expect((await rejection(service.compose(opts))).code).toBe(code);
  });
});
