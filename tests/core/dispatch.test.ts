import { describe, expect, it } from 'vitest';
import { createFixedClock } from '../../src/core/clock.js';
import type { Command, CommandContext } from '../../src/core/command.js';
import { dispatch, parseInput, splitCommandLine, tokenize } from '../../src/core/dispatch.js';
import { UserError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/logger.js';

const echo: Command = {
  name: 'events',
  description: 'test',
  usage: '/events <place> [since:]',
  examples: [],
  options: [
    { name: 'place', description: '', type: 'string', required: true, positional: true, maxLength: 100 },
    { name: 'since', description: '', type: 'string' },
    { name: 'type', description: '', type: 'string', choices: [{ name: 'Battles', value: 'battles' }] },
  ],
  async run(input) {
    return { tone: 'answer', title: JSON.stringify(input.args), sections: [] };
  },
};
const latest: Command = {
  name: 'latest',
  description: 'test',
  usage: '/latest [count]',
  examples: [],
  options: [{ name: 'count', description: '', type: 'integer', min: 1, max: 50 }],
  async run(input) {
    return { tone: 'answer', title: JSON.stringify(input.args), sections: [] };
  },
};
const digest: Command = {
  name: 'digest',
  description: 'test',
  usage: '/digest',
  examples: [],
  options: [],
  defaultSubcommand: 'show',
  subcommands: [
    { name: 'show', description: '', options: [] },
    {
      name: 'subscribe',
      description: '',
      adminOnly: true,
      options: [{ name: 'time', description: '', type: 'string', positional: true }],
    },
  ],
  async run(input) {
    return { tone: 'answer', title: `${input.subcommand}:${JSON.stringify(input.args)}`, sections: [] };
  },
};
const broken: Command = {
  name: 'broken',
  description: 'test',
  usage: '/broken',
  examples: [],
  options: [],
  async run() {
    throw new Error('database on fire: token xoxb-123456789-secret');
  },
};
const list = [echo, latest, digest, broken];

function ctx(isAdmin = true): CommandContext & { logger: ReturnType<typeof createMemoryLogger> } {
  return {
    services: {} as CommandContext['services'],
    clock: createFixedClock('2026-11-24T10:00:00Z'),
    logger: createMemoryLogger(),
    platform: 'console',
    user: { id: 'u', isAdmin },
    channel: { id: 'c' },
    page: { offset: 0, limit: 10 },
  };
}

describe('splitCommandLine', () => {
  it.each([
    ['/events bukamal', { name: 'events', text: 'bukamal' }],
    ['  /EVENTS   Abu Kamal  ', { name: 'events', text: 'Abu Kamal' }],
    ['events bukamal', { name: 'events', text: 'bukamal' }],
    ['/latest', { name: 'latest', text: '' }],
    ['/ ', null],
    ['البوكمال', null],
  ])('%j -> %j', (line, expected) => {
    expect(splitCommandLine(line)).toEqual(expected);
  });
});

describe('tokenize', () => {
  it.each([
    ['a b  c', ['a', 'b', 'c']],
    ['place:"abu kamal" since:7d', ['place:abu kamal', 'since:7d']],
    ['"al bukamal"', ['al bukamal']],
  ])('%j', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });
});

describe('parseInput', () => {
  it.each([
    ['bukamal', { place: 'bukamal' }],
    ['Abu Kamal since:7d', { place: 'Abu Kamal', since: '7d' }],
    ['since:30d Deir ez-Zor', { place: 'Deir ez-Zor', since: '30d' }],
    ['palmyra type:Battles', { place: 'palmyra', type: 'battles' }],
    ['البوكمال', { place: 'البوكمال' }],
    ['https://example.org/x', { place: 'https://example.org/x' }],
  ])('/events %s', (text, args) => {
    expect(parseInput(echo, text).args).toEqual(args);
  });

  it.each([
    ['', 'missing-option'],
    ['x'.repeat(201), 'query-too-long'],
    ['bukamal type:picnic', 'bad-option'],
    ['bukamal since:', 'bad-option'],
  ])('/events %j fails with %s', (text, code) => {
    expect(() => parseInput(echo, text)).toThrowError(
      expect.objectContaining({ code }) as unknown as UserError,
    );
  });

  it.each([
    ['', {}],
    ['5', { count: 5 }],
    ['count:20', { count: 20 }],
  ])('/latest %j', (text, args) => {
    expect(parseInput(latest, text).args).toEqual(args);
  });

  it.each([['five'], ['0'], ['51'], ['5 6'], ['size:5']])('/latest %j is refused', (text) => {
    expect(() => parseInput(latest, text)).toThrow(UserError);
  });

  it.each([
    ['', 'show', {}],
    ['subscribe 07:30', 'subscribe', { time: '07:30' }],
  ])('/digest %j -> %s', (text, sub, args) => {
    const input = parseInput(digest, text);
    expect(input.subcommand).toBe(sub);
    expect(input.args).toEqual(args);
  });
});

describe('dispatch', () => {
  it('answers a user mistake with its message, not an error', async () => {
    const reply = await dispatch(list, { name: 'latest', text: 'lots' }, ctx());
    expect(reply.tone).toBe('user-error');
    expect(reply.title).toContain('whole number');
  });

  it('offers did-you-mean for an unknown command', async () => {
    const reply = await dispatch(list, { name: 'event', text: 'x' }, ctx());
    expect(reply.tone).toBe('user-error');
    expect(reply.title).toContain('Did you mean /events?');
    expect(reply.choices?.[0]?.command).toBe('/events');
  });

  it('refuses admin-only subcommands to non-admins', async () => {
    const reply = await dispatch(list, { name: 'digest', text: 'subscribe 08:00' }, ctx(false));
    expect(reply.tone).toBe('user-error');
    expect(reply.title).toMatch(/Only admins/);
    const ok = await dispatch(list, { name: 'digest', text: 'subscribe 08:00' }, ctx(true));
    expect(ok.title).toBe('subscribe:{"time":"08:00"}');
  });

  it('turns a bug into one calm line, logs it with command and request id, leaks no secret', async () => {
    const c = ctx();
    const reply = await dispatch(list, { name: 'broken', text: '' }, c);
    expect(reply.tone).toBe('internal-error');
    const all = `${reply.title} ${reply.summary}`;
    expect(all).not.toContain('database on fire');
    const ref = /reference (\w+)/.exec(all)?.[1];
    expect(ref).toBeTruthy();
    const line = c.logger.lines.find((l) => l.includes('command failed'))!;
    expect(line).toContain('"command":"broken"');
    expect(line).toContain(`"requestId":"${ref}"`);
    expect(line).not.toContain('xoxb-123456789-secret');
  });
});
