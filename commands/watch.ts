import type { Command, CommandContext } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import type { Reply } from '../src/core/reply.js';
import type { ChannelTarget, Watch } from '../src/core/services.js';
import { truncate } from '../src/search/present.js';

function targetOf(ctx: CommandContext): ChannelTarget {
  if (ctx.platform !== 'slack' && ctx.platform !== 'discord') {
    throw new UserError(
      'watch-needs-channel',
      'Watches post into a Slack or Discord channel; run /watch there.',
    );
  }
  return { platform: ctx.platform, channelId: ctx.channel.id };
}

const NOT_RUNNING: Reply = {
  tone: 'info',
  title: 'Watches are not running here.',
  summary: 'They need the bot running with Slack or Discord connected.',
  sections: [],
};

function describeWatch(w: Watch): string {
  return w.kind === 'place' ? `events in or around ${w.label}` : `events naming ${w.label}`;
}

/** `/watch <place or actor>`, `/watch list`, `/watch remove <id or name>`: alerts in this channel. */
export const watchCommand = {
  name: 'watch',
  description: 'Post new events for a place or actor into this channel as they arrive',
  usage: '/watch <place or actor> | /watch list | /watch remove <id or name>',
  examples: ['/watch Al-Bukamal', '/watch Hezbollah', '/watch actor:IRGC', '/watch list', '/watch remove w3'],
  options: [],
  subcommands: [
    {
      name: 'add',
      description: 'Watch a place (and everything inside it) or an actor in this channel',
      adminOnly: true,
      options: [
        {
          name: 'name',
          description: 'Place or actor, any spelling',
          type: 'string',
          required: true,
          positional: true,
          maxLength: 100,
        },
      ],
    },
    { name: 'list', description: "This channel's watches", options: [] },
    {
      name: 'remove',
      description: 'Stop a watch in this channel',
      adminOnly: true,
      options: [
        {
          name: 'watch',
          description: 'Watch id from /watch list, or its name',
          type: 'string',
          required: true,
          positional: true,
          maxLength: 100,
        },
      ],
    },
  ],
  defaultSubcommand: 'add',
  async run(input, ctx) {
    const service = ctx.services.watches;
    if (!service) return NOT_RUNNING;
    const target = targetOf(ctx);

    if (input.subcommand === 'list') {
      const watches = service.list(target);
      if (!watches.length) {
        return {
          tone: 'empty',
          title: 'No watches in this channel.',
          summary: 'Admins can add one with /watch <place or actor>, e.g. /watch Al-Bukamal.',
          sections: [],
          data: [],
        };
      }
      return {
        tone: 'answer',
        title: `Watches in this channel (${watches.length})`,
        sections: [
          {
            lines: watches.map((w) => ({
              lead: w.id,
              text: w.label,
              detail: `${w.kind} · since ${w.createdAt.slice(0, 10)}${w.createdBy ? ` · added by ${w.createdBy}` : ''}`,
            })),
          },
        ],
        footer: 'Stop one with /watch remove <id>.',
        data: watches,
      };
    }

    if (input.subcommand === 'remove') {
      const query = typeof input.args.watch === 'string' ? input.args.watch.trim() : '';
      if (!query)
        throw new UserError(
          'missing-option',
          'Which watch? For example: /watch remove w3 (see /watch list).',
        );
      const removed = await service.remove(target, query);
      if (!removed) {
        const watches = service.list(target);
        throw new UserError(
          'unknown-watch',
          watches.length
            ? `There is no watch "${truncate(query, 60)}" in this channel. /watch list shows the ${watches.length} there are.`
            : `There is no watch "${truncate(query, 60)}" in this channel; it has none.`,
          watches
            .slice(0, 5)
            .map((w) => ({ label: `${w.id}: ${w.label}`, command: `/watch remove ${w.id}` })),
        );
      }
      return {
        tone: 'answer',
        title: `Stopped watching ${removed.label} here.`,
        summary: `Watch ${removed.id} is removed; no more alerts for ${describeWatch(removed)}.`,
        sections: [],
        data: removed,
      };
    }

    const name = typeof input.args.name === 'string' ? input.args.name.trim() : '';
    if (!name)
      throw new UserError(
        'missing-option',
        'Which place or actor? For example: /watch Al-Bukamal or /watch Hezbollah',
      );
    const before = new Set(service.list(target).map((w) => w.id));
    const watch = await service.add(target, name, ctx.user.name ?? ctx.user.id);
    const existed = before.has(watch.id);
    const cap = service.hourlyCap ? ` (at most ${service.hourlyCap} an hour)` : '';
    return {
      tone: 'answer',
      title: existed ? `Already watching ${watch.label} here.` : `Watching ${watch.label} in this channel.`,
      summary: `New ${describeWatch(watch)} will be posted here as they arrive${cap}.`,
      sections: [],
      footer: `Stop with /watch remove ${watch.id}.`,
      data: watch,
    };
  },
} satisfies Command;
