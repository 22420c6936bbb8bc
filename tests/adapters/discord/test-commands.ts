import type { Command } from '../../../src/core/command.js';

/**
 * A tiny command list shaped like the real one (positional place with autocomplete, a `since:` filter, a
 * `type:` choice, an integer count, a command with admin-only subcommands, and one that always fails), so
 * the Discord tests do not depend on the real commands' wording.
 */
export function testCommands(runs: { calls: string[] } = { calls: [] }): Command[] {
  return [
    {
      name: 'events',
      description: 'What happened in a place',
      usage: '/events <place> [since:7d] [type:battles]',
      examples: ['/events bukamal'],
      options: [
        { name: 'since', description: 'Only events since', type: 'string', maxLength: 20 },
        {
          name: 'place',
          description: 'Town or area',
          type: 'string',
          required: true,
          positional: true,
          autocomplete: 'place',
          maxLength: 100,
        },
        {
          name: 'type',
          description: 'Only this kind of event',
          type: 'string',
          choices: [
            { name: 'Battles', value: 'battles' },
            { name: 'Explosions', value: 'explosions' },
          ],
        },
      ],
      async run(input, ctx) {
        runs.calls.push(`events ${JSON.stringify(input.args)} offset=${ctx.page.offset}`);
        const place = String(input.args.place);
        if (place === 'nowhere') {
          return {
            tone: 'user-error',
            title: `I don't know a place called "${place}". Did you mean Al-Bukamal?`,
            sections: [],
            choices: [{ label: 'Al-Bukamal (Deir ez-Zor)', command: '/events Al-Bukamal' }],
          };
        }
        const total = 23;
        const limit = ctx.page.limit ?? total;
        const items = Array.from(
          { length: Math.max(0, Math.min(limit, total - ctx.page.offset)) },
          (_, i) => ctx.page.offset + i + 1,
        );
        return {
          tone: 'answer',
          title: `Events in ${place}`,
          summary: `${total} events. Asked by ${ctx.user.name ?? ctx.user.id}.`,
          sections: [
            {
              lines: items.map((n) => ({
                lead: `${n} Sep 2024`,
                text: `Event ${n} in ${place}`,
                detail: `Battles · ${place} · IRGC`,
                link: { url: `https://example.org/r/${n}`, label: `Example Monitor: report ${n}` },
              })),
            },
          ],
          footer: `Showing ${ctx.page.offset + 1}-${ctx.page.offset + items.length} of ${total}.`,
          paging: { offset: ctx.page.offset, limit, total },
        };
      },
    },
    {
      name: 'latest',
      description: 'The most recent events',
      usage: '/latest [count]',
      examples: ['/latest 5'],
      options: [{ name: 'count', description: 'How many', type: 'integer', min: 1, max: 50 }],
      async run(input) {
        runs.calls.push(`latest ${JSON.stringify(input.args)}`);
        return { tone: 'info', title: `Latest ${input.args.count ?? 10}`, sections: [] };
      },
    },
    {
      name: 'digest',
      description: "Today's digest, and this channel's daily subscription",
      usage: '/digest [subscribe|unsubscribe]',
      examples: ['/digest', '/digest subscribe 07:00'],
      options: [],
      defaultSubcommand: 'show',
      subcommands: [
        { name: 'show', description: "Show today's digest so far", options: [] },
        {
          name: 'subscribe',
          description: 'Post the digest here every day',
          adminOnly: true,
          options: [
            {
              name: 'time',
              description: 'Local time, HH:MM',
              type: 'string',
              positional: true,
              maxLength: 5,
            },
            { name: 'tz', description: 'Time zone', type: 'string', maxLength: 40 },
          ],
        },
      ],
      async run(input, ctx) {
        runs.calls.push(`digest ${input.subcommand} ${JSON.stringify(input.args)} admin=${ctx.user.isAdmin}`);
        return { tone: 'info', title: `Digest ${input.subcommand}`, sections: [] };
      },
    },
    {
      name: 'echo',
      description: 'Repeat text back (for escaping tests)',
      usage: '/echo <text>',
      examples: ['/echo hi'],
      options: [{ name: 'text', description: 'Text', type: 'string', required: true, positional: true }],
      async run(input) {
        const text = String(input.args.text);
        return {
          tone: 'answer',
          title: text,
          summary: text,
          sections: [{ lines: [{ lead: text, text, link: { url: 'https://example.org/x', label: text } }] }],
          footer: text,
        };
      },
    },
    {
      name: 'export',
      description: 'Answer with a file (for attachment tests)',
      usage: '/export <name>',
      examples: ['/export bukamal'],
      options: [{ name: 'name', description: 'Name', type: 'string', required: true, positional: true }],
      async run() {
        return {
          tone: 'answer',
          title: 'Export: Al-Bukamal',
          summary: '1 event',
          sections: [],
          file: {
            name: 'al-bukamal-events-2026-11-24.csv',
            mimeType: 'text/csv',
            content: 'event_date,notes\r\n2026-11-20,"Shelling, then calm"\r\n',
          },
        };
      },
    },
    {
      name: 'boom',
      description: 'Always fails (for error tests)',
      usage: '/boom',
      examples: ['/boom'],
      options: [],
      async run() {
        throw new Error('engine exploded');
      },
    },
  ];
}
