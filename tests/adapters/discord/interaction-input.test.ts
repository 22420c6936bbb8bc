import { describe, expect, it } from 'vitest';
import { inputFromOptions, type RawOptionValue } from '../../../src/adapters/discord/interaction-input.js';
import { isUserError } from '../../../src/core/errors.js';
import { testCommands } from './test-commands.js';

const commands = testCommands();
const byName = (name: string) => commands.find((c) => c.name === name)!;

describe('inputFromOptions', () => {
  it.each<[string, string, string | null, Record<string, RawOptionValue>, unknown]>([
    [
      'positional first in text',
      'events',
      null,
      { place: 'bukamal', since: '7d' },
      { text: 'bukamal since:7d', args: { place: 'bukamal', since: '7d' } },
    ],
    [
      'values trimmed',
      'events',
      null,
      { place: '  Abu Kamal ' },
      { text: 'Abu Kamal', args: { place: 'Abu Kamal' } },
    ],
    [
      'choice by name',
      'events',
      null,
      { place: 'x', type: 'Battles' },
      { text: 'x type:battles', args: { place: 'x', type: 'battles' } },
    ],
    [
      'spaces quoted',
      'events',
      null,
      { place: 'x', since: '2024 09' },
      { text: 'x since:"2024 09"', args: { place: 'x', since: '2024 09' } },
    ],
    ['integer', 'latest', null, { count: 5 }, { text: 'count:5', args: { count: 5 } }],
    ['absent optional', 'latest', null, {}, { text: '', args: {} }],
    ['null treated as absent', 'latest', null, { count: null }, { text: '', args: {} }],
    [
      'subcommand',
      'digest',
      'subscribe',
      { time: '07:00' },
      { text: 'subscribe 07:00', subcommand: 'subscribe', args: { time: '07:00' } },
    ],
  ])('%s', (_, name, sub, values, expected) => {
    expect(inputFromOptions(byName(name), sub, values)).toEqual(expected);
  });

  it.each<[string, string, string | null, Record<string, RawOptionValue>, string, RegExp]>([
    ['missing required', 'events', null, {}, 'missing-option', /needs `place`/],
    ['blank required', 'events', null, { place: '   ' }, 'missing-option', /needs `place`/],
    [
      'unknown choice',
      'events',
      null,
      { place: 'x', type: 'parades' },
      'bad-option',
      /Choose one of: battles, explosions/,
    ],
    ['too long', 'events', null, { place: 'x', since: 'y'.repeat(21) }, 'query-too-long', /limit is 20/],
    ['below min', 'latest', null, { count: 0 }, 'bad-option', /at least 1/],
    ['above max', 'latest', null, { count: 51 }, 'bad-option', /at most 50/],
    ['not whole', 'latest', null, { count: 2.5 }, 'bad-option', /whole number/],
    ['no subcommand', 'digest', null, {}, 'bad-subcommand', /needs one of: show, subscribe/],
    ['whole text too long', 'echo', null, { text: 'z'.repeat(201) }, 'query-too-long', /under 200/],
  ])('%s is a user error', (_, name, sub, values, code, message) => {
    let caught: unknown;
    try {
      inputFromOptions(byName(name), sub, values);
    } catch (err) {
      caught = err;
    }
    expect(isUserError(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe(code);
    expect((caught as Error).message).toMatch(message);
  });
});
