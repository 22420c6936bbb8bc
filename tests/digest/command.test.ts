import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestCommand, readSchedule } from '../../commands/digest.js';
import { createFixedClock } from '../../src/core/clock.js';
import type { CommandContext, Platform } from '../../src/core/command.js';
import { dispatch } from '../../src/core/dispatch.js';
import { isUserError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Reply } from '../../src/core/reply.js';
import type { DigestService } from '../../src/core/services.js';
import { createDigestService, type DigestServiceHandle } from '../../src/digest/digest-service.js';
import { createFakeEngine, ev } from './fixtures.js';

const engine = createFakeEngine(
  Array.from({ length: 14 }, (_, i) =>
    ev({ n: i + 1, published: `2026-11-24T0${i % 7}:${String(10 + i).padStart(2, '0')}:00Z` }),
  ),
);
const commands = [digestCommand];
let dataDir = '';
let digest: DigestServiceHandle;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'digest-cmd-'));
  digest = await createDigestService({
    engine,
    dataDir,
    clock: createFixedClock('2026-11-24T10:00:00Z'),
    logger: silentLogger,
    defaults: { time: '08:00', tz: 'Asia/Damascus' },
    configChannels: { slackChannels: ['CCONF'] },
  });
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function ctx(platform: Platform, isAdmin: boolean, extra: Partial<CommandContext> = {}): CommandContext {
  return {
    services: { engine, digest },
    clock: createFixedClock('2026-11-24T10:00:00Z'),
    logger: silentLogger,
    platform,
    user: { id: 'U1', name: 'desk-editor', isAdmin },
    channel: { id: platform === 'discord' ? '4242' : 'C1' },
    page: { offset: 0, limit: 10 },
    ...extra,
  };
}

function run(text: string, c: CommandContext): Promise<Reply> {
  return dispatch(commands, { name: 'digest', text }, c);
}

describe('/digest', () => {
  it.each<[string, Platform, boolean, string, Reply['tone'], string]>([
    ['anyone can see the digest', 'slack', false, '', 'answer', 'Digest for 24 Nov so far'],
    ['show by name', 'discord', false, 'show', 'answer', 'Digest for 24 Nov so far'],
    ['a past day by date', 'slack', false, '2026-11-23', 'empty', 'Digest for 23 Nov'],
    ['yesterday', 'console', false, 'yesterday', 'empty', 'Digest for 23 Nov'],
    ['show yesterday', 'discord', false, 'show yesterday', 'empty', 'Digest for 23 Nov'],
    ['a date that is not one', 'slack', false, '2026-13-45', 'user-error', 'is not a date I can use'],
    [
      'subscribing needs an admin',
      'slack',
      false,
      'subscribe 07:30',
      'user-error',
      'Only admins can use /digest subscribe',
    ],
    [
      'unsubscribing needs an admin',
      'discord',
      false,
      'unsubscribe',
      'user-error',
      'Only admins can use /digest unsubscribe',
    ],
    [
      'subscribe with time and zone',
      'slack',
      true,
      'subscribe 07:30 Europe/London',
      'info',
      'at 07:30 (Europe/London)',
    ],
    [
      'zone first, short time',
      'discord',
      true,
      'subscribe Europe/London 7:30',
      'info',
      'at 07:30 (Europe/London)',
    ],
    [
      'named zone option',
      'slack',
      true,
      'subscribe tz:Asia/Damascus 09:15',
      'info',
      'at 09:15 (Asia/Damascus)',
    ],
    ['defaults', 'slack', true, 'subscribe', 'info', 'at 08:00 (Asia/Damascus)'],
    ['a bad time', 'slack', true, 'subscribe 25:00', 'user-error', '"25:00" is not a time'],
    [
      'a misspelt zone',
      'slack',
      true,
      'subscribe 07:30 Europe/Lodnon',
      'user-error',
      'Did you mean Europe/London?',
    ],
    [
      'too many words',
      'slack',
      true,
      'subscribe 07:30 Europe/London please',
      'user-error',
      'I did not understand "please"',
    ],
    ['two times', 'slack', true, 'subscribe 07:30 08:30', 'user-error', 'Give one time'],
    [
      'the console has no channel',
      'console',
      true,
      'subscribe 07:30',
      'user-error',
      'only works in a Slack or Discord channel',
    ],
    [
      'nor does the CLI',
      'cli',
      true,
      'unsubscribe',
      'user-error',
      'only works in a Slack or Discord channel',
    ],
    [
      'unsubscribe when not subscribed',
      'slack',
      true,
      'unsubscribe',
      'info',
      'was not getting the daily digest',
    ],
  ])('%s', async (_name, platform, isAdmin, text, tone, fragment) => {
    const reply = await run(text, ctx(platform, isAdmin));
    expect(reply.tone).toBe(tone);
    expect(`${reply.title} ${reply.summary ?? ''}`).toContain(fragment);
  });

  it('subscribe then unsubscribe changes the saved subscription of this channel only', async () => {
    const admin = ctx('slack', true);
    const saved = await run('subscribe 07:30 Europe/London', admin);
    expect(saved.summary).toContain('The next one is due on 25 Nov 2026 at 07:30');
    expect(digest.list().find((s) => s.channelId === 'C1')).toMatchObject({
      platform: 'slack',
      time: '07:30',
      tz: 'Europe/London',
      createdBy: 'desk-editor',
    });
    expect((await run('unsubscribe', admin)).title).toBe('This channel will no longer get the daily digest.');
    expect(digest.list().map((s) => s.channelId)).toEqual(['CCONF']);
  });

  it('a configured channel cannot be changed by command, and is told why', async () => {
    const reply = await run('unsubscribe', ctx('slack', true, { channel: { id: 'CCONF' } }));
    expect(reply.tone).toBe('user-error');
    expect(reply.title).toContain('DIGEST_SLACK_CHANNELS');
  });

  it('shows a subscribed channel its own zone and schedule, one page at a time', async () => {
    await run('subscribe 06:00 Europe/London', ctx('slack', true));
    const reply = await run('', ctx('slack', false));
    expect(reply.footer).toContain('Europe/London');
    expect(reply.footer).toContain('This channel gets the digest every day at 06:00 Europe/London.');
    expect(reply.paging).toEqual({ offset: 0, limit: 10, total: 28 });
    const next = await run('', ctx('slack', false, { page: { offset: 10, limit: 10 } }));
    expect(next.paging?.offset).toBe(10);
  });

  it('is calm when the digest is not running', async () => {
    const reply = await run('', { ...ctx('slack', false), services: { engine } });
    expect(reply).toMatchObject({ tone: 'info', title: 'The daily digest is not running in this setup.' });
  });

  it('joins the messages of a service without paging', async () => {
    const parts: Reply[] = [1, 2].map((i) => ({
      tone: 'answer',
      title: `Digest for 24 Nov (part ${i} of 2)`,
      sections: [{ heading: `Group ${i}`, lines: [{ text: `line ${i}` }] }],
      footer: `footer ${i}`,
    }));
    const plain: DigestService = {
      compose: async () => parts,
      subscribe: async () => {
        throw new Error('unused');
      },
      unsubscribe: async () => false,
      list: () => [],
    };
    const reply = await run('', { ...ctx('slack', false), services: { engine, digest: plain } });
    expect(reply.title).toBe('Digest for 24 Nov');
    expect(reply.sections.map((s) => s.heading)).toEqual(['Group 1', 'Group 2']);
    expect(reply.footer).toBe('footer 2');
  });
});

describe('readSchedule', () => {
  it.each([
    ['07:30 Europe/London', undefined, { time: '07:30', tz: 'Europe/London' }],
    ['asia/damascus', undefined, { tz: 'Asia/Damascus' }],
    ['6:05', 'UTC', { time: '06:05', tz: 'UTC' }],
    ['', undefined, {}],
    [undefined, undefined, {}],
  ])('%j with tz %j -> %j', (words, tz, expected) => {
    expect(readSchedule(words, tz)).toEqual(expected);
  });

  it.each([
    ['7am', 'bad-time'],
    ['07:30 UTC UTC', 'bad-option'],
    ['Moon/Base', 'bad-timezone'],
  ])('%j is refused with %s', (words, code) => {
    try {
      readSchedule(words, undefined);
      expect.unreachable();
    } catch (err) {
      expect(isUserError(err) && err.code).toBe(code);
    }
  });
});
