import { describe, expect, it } from 'vitest';
import { relativeTime, sourceLine, sourcesCommand } from '../../commands/sources.js';
import { createFixedClock } from '../../src/core/clock.js';
import type { CommandContext } from '../../src/core/command.js';
import { dispatch } from '../../src/core/dispatch.js';
import { silentLogger } from '../../src/core/logger.js';
import type { FeedService, SourceStatus } from '../../src/core/services.js';
import { createFakeServices } from '../helpers/fake-services.js';

const NOW = new Date('2024-09-22T12:00:00Z');

function ctx(feeds?: FeedService, page: CommandContext['page'] = { offset: 0, limit: 10 }): CommandContext {
  return {
    services: createFakeServices(feeds ? { feeds } : {}),
    clock: createFixedClock(NOW),
    logger: silentLogger,
    platform: 'slack',
    user: { id: 'U1', isAdmin: false },
    channel: { id: 'C1' },
    page,
  };
}

const status = (extra: Partial<SourceStatus>): SourceStatus => ({
  url: 'https://wire.example.org/feed.xml',
  intervalMinutes: 10,
  consecutiveFailures: 0,
  reportsAdded: 0,
  ...extra,
});

describe('relativeTime', () => {
  it.each([
    ['2024-09-22T11:59:40Z', 'less than a minute ago'],
    ['2024-09-22T11:55:00Z', '5 min ago'],
    ['2024-09-22T09:00:00Z', '3 h ago'],
    ['2024-09-18T12:00:00Z', '4 days ago'],
    ['2024-09-22T12:10:00Z', 'in 10 min'],
    ['not a date', 'not a date'],
  ])('%s -> %s', (iso, expected) => {
    expect(relativeTime(iso, NOW)).toBe(expected);
  });
});

describe('sourceLine', () => {
  it.each([
    ['never polled', status({}), 'wire.example.org', 'every 10 min · not polled yet · 0 reports added'],
    [
      'healthy',
      status({
        name: 'Desk Wire',
        lastPolledAt: '2024-09-22T11:58:00Z',
        lastSuccessAt: '2024-09-22T11:58:00Z',
        reportsAdded: 1,
      }),
      'Desk Wire',
      'every 10 min · last fetched 2 min ago · 1 report added',
    ],
    [
      'failing',
      status({
        lastPolledAt: '2024-09-22T11:58:00Z',
        lastSuccessAt: '2024-09-22T10:00:00Z',
        consecutiveFailures: 2,
        lastError: 'http-500: server answered 500',
        reportsAdded: 7,
      }),
      'wire.example.org',
      'every 10 min · last fetched 2 h ago · 7 reports added · failing (2 in a row) · last error: http-500: server answered 500',
    ],
    [
      'silent for a day',
      status({
        lastSuccessAt: '2024-09-22T11:55:00Z',
        itemsLast24h: 0,
        lastNewItemAt: '2024-09-20T12:00:00Z',
      }),
      'wire.example.org',
      'every 10 min · last fetched 5 min ago · 0 reports added · 0 new items in 24 h · last new item 2 days ago',
    ],
    [
      'busy',
      status({
        lastSuccessAt: '2024-09-22T11:55:00Z',
        reportsAdded: 12,
        itemsLast24h: 14,
        lastNewItemAt: '2024-09-22T11:55:00Z',
      }),
      'wire.example.org',
      'every 10 min · last fetched 5 min ago · 12 reports added · 14 new items in 24 h · last new item 5 min ago',
    ],
    [
      'with the next poll scheduled',
      status({ lastSuccessAt: '2024-09-22T11:55:00Z', nextPollAt: '2024-09-22T12:05:00Z' }),
      'wire.example.org',
      'every 10 min · last fetched 5 min ago · 0 reports added · next poll in 5 min',
    ],
    [
      'paused, never worked',
      status({
        lastPolledAt: '2024-09-22T11:58:00Z',
        consecutiveFailures: 5,
        pausedUntil: '2024-09-22T18:00:00.000Z',
        lastError: 'timeout: slow',
      }),
      'wire.example.org',
      'every 10 min · never fetched successfully · 0 reports added · paused until 2024-09-22 18:00 UTC after 5 failures · last error: timeout: slow',
    ],
  ])('%s', (_name, s, lead, detail) => {
    expect(sourceLine(s, NOW)).toEqual({ lead, text: s.url, detail });
  });
});

describe('/sources', () => {
  it('says how to set feeds up when live ingestion is off', async () => {
    const reply = await dispatch([sourcesCommand], { name: 'sources', text: '' }, ctx());
    expect(reply.tone).toBe('info');
    expect(reply.title).toBe('Live ingestion is not running here.');
    expect(reply.summary).toContain('FEEDS');
  });

  it('says when no sources are configured', async () => {
    const reply = await dispatch([sourcesCommand], { name: 'sources', text: '' }, ctx({ list: () => [] }));
    expect(reply.tone).toBe('empty');
    expect(reply.title).toBe('No sources are configured.');
  });

  it('lists every source with its health for anyone, with the statuses as data', async () => {
    const statuses = [
      status({
        url: 'https://a.example/feed',
        name: 'A',
        lastSuccessAt: '2024-09-22T11:50:00Z',
        reportsAdded: 12,
      }),
      status({ url: 'https://b.example/feed', consecutiveFailures: 1, lastError: 'parse-error: bad' }),
      status({
        url: 'https://c.example/feed',
        consecutiveFailures: 6,
        pausedUntil: '2024-09-22T13:00:00Z',
        reportsAdded: 3,
      }),
    ];
    const reply = await dispatch(
      [sourcesCommand],
      { name: 'sources', text: '' },
      ctx({ list: () => statuses }),
    );
    expect(reply.tone).toBe('answer');
    expect(reply.summary).toBe(
      '3 sources: 1 working, 1 failing, 1 paused. 15 reports added from feeds so far.',
    );
    expect(reply.sections[0]?.lines.map((l) => l.lead)).toEqual(['A', 'b.example', 'c.example']);
    expect(reply.footer).toBe('Paused sources are retried automatically when the pause ends.');
    expect(reply.data).toEqual(statuses);
  });

  it('pages a long list', async () => {
    const statuses = Array.from({ length: 12 }, (_, i) => status({ url: `https://s${i}.example/feed` }));
    const reply = await dispatch(
      [sourcesCommand],
      { name: 'sources', text: '' },
      ctx({ list: () => statuses }, { offset: 10, limit: 10 }),
    );
    expect(reply.sections[0]?.lines.map((l) => l.text)).toEqual([
      'https://s10.example/feed',
      'https://s11.example/feed',
    ]);
    expect(reply.paging).toEqual({ offset: 10, limit: 10, total: 12 });
    expect(reply.footer).toBe('Showing 11-12 of 12.');
  });
});
