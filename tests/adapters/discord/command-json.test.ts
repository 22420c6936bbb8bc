import { describe, expect, it } from 'vitest';
import { toApplicationCommands } from '../../../src/adapters/discord/command-json.js';
import type { Command, CommandOption, Subcommand } from '../../../src/core/command.js';
import { testCommands } from './test-commands.js';

function command(options: CommandOption[], extra: Partial<Command> = {}): Command {
  return {
    name: 'x',
    description: 'A command',
    usage: '/x',
    examples: [],
    options,
    run: async () => ({ tone: 'info', title: 'x', sections: [] }),
    ...extra,
  };
}

const opt = (o: Partial<CommandOption>): CommandOption => ({
  name: 'o',
  description: 'An option',
  type: 'string',
  ...o,
});

describe('toApplicationCommands: one option', () => {
  it.each<[string, Partial<CommandOption>, Record<string, unknown>]>([
    ['plain string', {}, { type: 3, name: 'o', description: 'An option', required: false }],
    ['required', { required: true }, { type: 3, name: 'o', description: 'An option', required: true }],
    [
      'max length',
      { maxLength: 100 },
      { type: 3, name: 'o', description: 'An option', required: false, max_length: 100 },
    ],
    [
      'autocomplete',
      { autocomplete: 'place' },
      { type: 3, name: 'o', description: 'An option', required: false, autocomplete: true },
    ],
    [
      'choices win over autocomplete',
      { autocomplete: 'actor', choices: [{ name: 'Battles', value: 'battles' }] },
      {
        type: 3,
        name: 'o',
        description: 'An option',
        required: false,
        choices: [{ name: 'Battles', value: 'battles' }],
      },
    ],
    [
      'integer with bounds',
      { type: 'integer', min: 1, max: 50 },
      { type: 4, name: 'o', description: 'An option', required: false, min_value: 1, max_value: 50 },
    ],
    [
      'positional means nothing',
      { positional: true },
      { type: 3, name: 'o', description: 'An option', required: false },
    ],
    [
      'max length capped at 6000',
      { maxLength: 10_000 },
      { type: 3, name: 'o', description: 'An option', required: false, max_length: 6000 },
    ],
  ])('%s', (_, o, expected) => {
    const [json] = toApplicationCommands([command([opt(o)])]);
    expect(json?.options).toEqual([expected]);
  });
});

describe('toApplicationCommands: commands', () => {
  it('puts required options first, keeping the rest in order', () => {
    const [json] = toApplicationCommands([
      command([opt({ name: 'a' }), opt({ name: 'b', required: true }), opt({ name: 'c' })]),
    ]);
    expect(json?.options?.map((o) => o.name)).toEqual(['b', 'a', 'c']);
  });

  it('registers only subcommands for a command that has them, and marks admin-only ones', () => {
    const sub = (s: Partial<Subcommand>): Subcommand => ({
      name: 's',
      description: 'Sub',
      options: [],
      ...s,
    });
    const [json] = toApplicationCommands([
      command([opt({ name: 'ignored' })], {
        subcommands: [
          sub({ name: 'show' }),
          sub({ name: 'subscribe', adminOnly: true, options: [opt({ name: 'time' })] }),
        ],
      }),
    ]);
    expect(json).toEqual({
      type: 1,
      name: 'x',
      description: 'A command',
      options: [
        { type: 1, name: 'show', description: 'Sub' },
        {
          type: 1,
          name: 'subscribe',
          description: 'Sub (admins only)',
          options: [{ type: 3, name: 'time', description: 'An option', required: false }],
        },
      ],
    });
    expect(json).not.toHaveProperty('default_member_permissions');
  });

  it('shortens long descriptions to 100 characters, keeping the admin note', () => {
    const [json] = toApplicationCommands([command([], { description: 'word '.repeat(40), adminOnly: true })]);
    expect(json?.description.length).toBeLessThanOrEqual(100);
    expect(json?.description).toMatch(/… \(admins only\)$/);
  });

  it('omits options for a command without any', () => {
    expect(toApplicationCommands([command([])])).toEqual([{ type: 1, name: 'x', description: 'A command' }]);
  });

  it('maps the test command list the way the issue names the options', () => {
    const json = toApplicationCommands(testCommands());
    expect(json.map((c) => [c.name, (c.options ?? []).map((o) => o.name)])).toEqual([
      ['events', ['place', 'since', 'type']],
      ['latest', ['count']],
      ['digest', ['show', 'subscribe']],
      ['echo', ['text']],
      ['export', ['name']],
      ['boom', []],
    ]);
  });
});

describe('toApplicationCommands: refusals', () => {
  it.each<[string, Command[], RegExp]>([
    ['upper-case name', [command([], { name: 'Events' })], /"Events" is not a valid Discord name/],
    [
      'space in option name',
      [command([opt({ name: 'two words' })])],
      /\/x two words:.*not a valid Discord name/,
    ],
    ['too long a name', [command([], { name: 'n'.repeat(33) })], /not a valid Discord name/],
    ['duplicate commands', [command([]), command([])], /Duplicate command name "x"/],
    ['duplicate options', [command([opt({}), opt({})])], /Duplicate \/x option name "o"/],
    ['empty description', [command([], { description: ' ' })], /\/x needs a description/],
    [
      '26 options',
      [command(Array.from({ length: 26 }, (_, i) => opt({ name: `o${i}` })))],
      /Discord allows 25, found 26/,
    ],
    [
      '26 choices',
      [
        command([
          opt({ choices: Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` })) }),
        ]),
      ],
      /choices: Discord allows 25, found 26/,
    ],
    [
      'long choice',
      [command([opt({ choices: [{ name: 'c'.repeat(101), value: 'c' }] })])],
      /1-100 characters/,
    ],
  ])('%s', (_, list, message) => {
    expect(() => toApplicationCommands(list)).toThrow(message);
  });
});

let realCommands: readonly Command[] | undefined;
let realCommandsProblem = '';
try {
  realCommands = (await import('../../../commands/index.js')).commands;
} catch (err) {
  realCommandsProblem = err instanceof Error ? err.message : String(err);
}

describe.skipIf(!realCommands)(
  `the real command list${realCommandsProblem ? ` (skipped: ${realCommandsProblem})` : ''}`,
  () => {
    it('converts without errors and uses the option names the issue promises', () => {
      const json = toApplicationCommands(realCommands!);
      const names = Object.fromEntries(json.map((c) => [c.name, (c.options ?? []).map((o) => o.name)]));
      expect(names.events).toEqual(expect.arrayContaining(['place', 'since', 'type']));
      expect(names.actor).toEqual(expect.arrayContaining(['name', 'since']));
      expect(names.search).toEqual(expect.arrayContaining(['query']));
      expect(names.latest).toEqual(['count']);
      expect(names.help).toEqual(['command']);
      for (const c of json) expect(c.description.length).toBeLessThanOrEqual(100);
    });
  },
);
