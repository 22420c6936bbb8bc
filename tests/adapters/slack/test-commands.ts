import { createHelpCommand } from '../../../commands/help.js';
import type { Command, CommandContext, CommandInput } from '../../../src/core/command.js';

/** What the test commands saw, so tests can tell whether a handler ran. */
export interface TestCommandLog {
  runs: { command: string; text: string; offset: number; user: string; isAdmin: boolean; channel: string }[];
  /** `/slow` waits for this before answering. */
  gate: Promise<void>;
}

/**
 * A tiny command list for adapter tests: `/echo` repeats the user's text, `/list` pages through the engine's
 * latest events, `/broken` calls an engine method the test makes throw, `/slow` waits for a gate, `/settings`
 * has an admin-only subcommand, plus the real `/help`.
 */
export function buildTestCommands(log: TestCommandLog): Command[] {
  const note = (command: string, input: CommandInput, ctx: CommandContext) => {
    log.runs.push({
      command,
      text: input.text,
      offset: ctx.page.offset,
      user: ctx.user.id,
      isAdmin: ctx.user.isAdmin,
      channel: ctx.channel.id,
    });
  };
  const list: Command[] = [
    {
      name: 'echo',
      description: 'Repeat what you typed',
      usage: '/echo <words>',
      examples: ['/echo hello'],
      options: [{ name: 'words', description: 'Anything', type: 'string', positional: true, maxLength: 180 }],
      async run(input, ctx) {
        note('echo', input, ctx);
        return {
          tone: 'answer',
          title: `You said: ${input.text}`,
          sections: [{ lines: [{ lead: 'echo', text: input.text }] }],
        };
      },
    },
    {
      name: 'list',
      description: 'Latest events, paged',
      usage: '/list',
      examples: ['/list'],
      options: [],
      async run(input, ctx) {
        note('list', input, ctx);
        const all = ctx.services.engine.latest(100);
        const limit = ctx.page.limit ?? all.length;
        const page = all.slice(ctx.page.offset, ctx.page.offset + limit);
        return {
          tone: all.length ? 'answer' : 'empty',
          title: `Latest ${all.length} events`,
          summary: page[0] ? `Newest: ${page[0].report.title}` : 'Nothing yet.',
          sections: [
            {
              lines: page.map((e) => ({
                lead: e.date,
                text: e.text,
                link: { url: e.report.url, label: e.report.title },
              })),
            },
          ],
          paging: { offset: ctx.page.offset, limit, total: all.length },
        };
      },
    },
    {
      name: 'broken',
      description: 'Always fails inside the engine',
      usage: '/broken',
      examples: ['/broken'],
      options: [],
      async run(input, ctx) {
        note('broken', input, ctx);
        ctx.services.engine.search('anything');
        return { tone: 'answer', title: 'unreachable', sections: [] };
      },
    },
    {
      name: 'slow',
      description: 'Answers when the test lets it',
      usage: '/slow',
      examples: ['/slow'],
      options: [],
      async run(input, ctx) {
        note('slow', input, ctx);
        await log.gate;
        return { tone: 'answer', title: 'Finally', sections: [{ lines: [{ text: 'done' }] }] };
      },
    },
    {
      name: 'settings',
      description: 'Show or change a setting',
      usage: '/settings [show|change]',
      examples: ['/settings', '/settings change'],
      options: [],
      subcommands: [
        { name: 'show', description: 'Show it', options: [] },
        { name: 'change', description: 'Change it', options: [], adminOnly: true },
      ],
      defaultSubcommand: 'show',
      async run(input, ctx) {
        note(`settings ${input.subcommand}`, input, ctx);
        return {
          tone: 'info',
          title: input.subcommand === 'change' ? 'Setting changed' : 'Current setting',
          sections: [{ lines: [{ text: 'value: 1' }] }],
        };
      },
    },
  ];
  list.push(createHelpCommand(() => list));
  return list;
}
