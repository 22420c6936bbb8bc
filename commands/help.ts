import type { Command } from '../src/core/command.js';

/** `/help [command]`: what the bot can do. The command list is passed in to avoid an import cycle. */
export function createHelpCommand(list: () => readonly Command[]): Command {
  return {
    name: 'help',
    description: 'What this bot can do and how to ask',
    usage: '/help [command]',
    examples: ['/help', '/help events'],
    options: [
      {
        name: 'command',
        description: 'A command to explain',
        type: 'string',
        positional: true,
        maxLength: 40,
      },
    ],
    async run(input, ctx) {
      const commands = list();
      const wanted =
        typeof input.args.command === 'string' ? input.args.command.replace(/^\//, '').toLowerCase() : '';
      const stats = ctx.services.engine.stats();
      if (wanted) {
        const c = commands.find((x) => x.name === wanted);
        if (!c) {
          return {
            tone: 'user-error',
            title: `There is no /${wanted} command. Type /help to see them all.`,
            sections: [],
          };
        }
        return {
          tone: 'info',
          title: `/${c.name}`,
          summary: c.description,
          sections: [
            { heading: 'Usage', lines: [{ text: c.usage }] },
            ...(c.subcommands?.length
              ? [
                  {
                    heading: 'Subcommands',
                    lines: c.subcommands.map((s) => ({
                      lead: s.name,
                      text: s.description + (s.adminOnly ? ' (admins only)' : ''),
                    })),
                  },
                ]
              : []),
            { heading: 'Examples', lines: c.examples.map((e) => ({ text: e })) },
          ],
        };
      }
      return {
        tone: 'info',
        title: 'Conflict desk bot',
        summary:
          `Answers from ${stats.reports.toLocaleString('en-US')} reports (${stats.events.toLocaleString('en-US')} events` +
          `${stats.firstDate ? `, ${stats.firstDate} to ${stats.lastDate}` : ''}). ` +
          'Places and actors can be typed any way you heard them: Bukamal, Abu Kamal, البوكمال.',
        sections: [
          {
            heading: 'Commands',
            lines: commands.map((c) => ({
              lead: c.usage,
              text: c.description + (c.adminOnly ? ' (admins only)' : ''),
            })),
          },
          {
            heading: 'Filters',
            lines: [
              { text: 'since:7d, since:30d or since:2024-09-01 limits answers to recent events.' },
              {
                text: 'type:battles, type:explosions, type:civilians, type:protests, type:riots, type:strategic.',
              },
            ],
          },
        ],
        footer: 'Type /help <command> for details and examples.',
      };
    },
  };
}
