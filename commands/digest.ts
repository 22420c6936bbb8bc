import type { Command, CommandContext } from '../src/core/command.js';
import { UserError } from '../src/core/errors.js';
import type { Reply } from '../src/core/reply.js';
import type { ChannelTarget, DigestService } from '../src/core/services.js';
import { formatDay, nextSlot, parseDigestTime, resolveTimeZone } from '../src/digest/time.js';

const NOT_RUNNING: Reply = {
  tone: 'info',
  title: 'The daily digest is not running in this setup.',
  summary: 'Whoever runs the bot can turn it on. Meanwhile, /latest shows the most recent events.',
  sections: [],
};

/** The channel a subscription is for; only Slack and Discord channels can receive posts. */
function channelOf(ctx: CommandContext, subcommand: string): ChannelTarget {
  if (ctx.platform !== 'slack' && ctx.platform !== 'discord') {
    throw new UserError(
      'digest-needs-channel',
      `/digest ${subcommand} only works in a Slack or Discord channel: run it in the channel that should get the digest. Here, /digest shows today's digest so far.`,
    );
  }
  if (!ctx.channel.id)
    throw new UserError('digest-needs-channel', `/digest ${subcommand} needs a channel to post into.`);
  return { platform: ctx.platform, channelId: ctx.channel.id };
}

/**
 * Split the words of `/digest subscribe 07:30 Europe/London` into a time and a zone, in either order. Words that
 * start with a digit are read as the time, so `25:00` or `7am` get a message about times, not zones.
 */
export function readSchedule(
  words: string | undefined,
  tzOption: string | undefined,
): { time?: string; tz?: string } {
  let time: string | undefined;
  let tz = tzOption?.trim() || undefined;
  for (const word of (words ?? '').split(/\s+/).filter(Boolean)) {
    if (/^\d/.test(word)) {
      if (time)
        throw new UserError(
          'bad-time',
          `Give one time, not "${time}" and "${word}". For example: /digest subscribe 07:30`,
        );
      time = parseDigestTime(word);
    } else if (!tz) {
      tz = word;
    } else {
      throw new UserError(
        'bad-option',
        `I did not understand "${word.slice(0, 40)}". Usage: /digest subscribe [HH:MM] [time zone], e.g. /digest subscribe 07:30 Europe/London`,
      );
    }
  }
  return { ...(time ? { time } : {}), ...(tz ? { tz: resolveTimeZone(tz) } : {}) };
}

/** Join the messages of a multi-part digest into one answer (when the service cannot page it). */
function joinParts(parts: Reply[]): Reply {
  const [first, ...rest] = parts;
  if (!first) return { tone: 'empty', title: 'No digest to show.', sections: [] };
  if (!rest.length) return first;
  const last = rest[rest.length - 1]!;
  return {
    ...first,
    title: first.title.replace(/ \(part 1 of \d+\)$/, ''),
    sections: parts.flatMap((p) => p.sections),
    ...(last.footer ? { footer: last.footer } : {}),
  };
}

async function show(digest: DigestService, ctx: CommandContext, date?: string): Promise<Reply> {
  const own = digest.list().find((s) => s.platform === ctx.platform && s.channelId === ctx.channel.id);
  const tz = own ? { tz: own.tz } : {};
  const day = date?.trim() ? { date: date.trim() } : {};
  const reply = digest.show
    ? await digest.show({ ...tz, ...day, page: ctx.page })
    : joinParts(await digest.compose({ ...tz, ...day }));
  if (!own) return reply;
  const note = `This channel gets the digest every day at ${own.time} ${own.tz}.`;
  return { ...reply, footer: reply.footer ? `${reply.footer} ${note}` : note };
}

/** `/digest`: today's digest so far; `subscribe` and `unsubscribe` (admins) set this channel's daily post. */
export const digestCommand = {
  name: 'digest',
  description: "Today's digest so far, or a daily digest post in this channel",
  usage: '/digest [YYYY-MM-DD|yesterday] | subscribe [HH:MM] [time zone] | unsubscribe',
  examples: [
    '/digest',
    '/digest yesterday',
    '/digest 2026-11-20',
    '/digest subscribe',
    '/digest subscribe 07:30 Europe/London',
    '/digest unsubscribe',
  ],
  options: [],
  defaultSubcommand: 'show',
  subcommands: [
    {
      name: 'show',
      description: "A day's digest (today's so far by default), shown only to you",
      options: [
        {
          name: 'date',
          description: 'The day: YYYY-MM-DD or yesterday (default: today so far)',
          type: 'string',
          positional: true,
          maxLength: 20,
        },
      ],
      ephemeral: true,
    },
    {
      name: 'subscribe',
      description: 'Post the digest of the previous day in this channel every day',
      adminOnly: true,
      options: [
        {
          name: 'time',
          description: 'Local posting time, 24-hour HH:MM (default 08:00)',
          type: 'string',
          positional: true,
          maxLength: 60,
        },
        {
          name: 'tz',
          description: 'Time zone, e.g. Asia/Damascus or Europe/London',
          type: 'string',
          maxLength: 60,
        },
      ],
    },
    {
      name: 'unsubscribe',
      description: 'Stop the daily digest in this channel',
      adminOnly: true,
      options: [],
    },
  ],
  async run(input, ctx) {
    const digest = ctx.services.digest;
    const sub = input.subcommand ?? 'show';
    if (!digest) return NOT_RUNNING;
    if (sub === 'show')
      return show(digest, ctx, typeof input.args.date === 'string' ? input.args.date : undefined);
    const target = channelOf(ctx, sub);
    if (sub === 'subscribe') {
      const schedule = readSchedule(
        typeof input.args.time === 'string' ? input.args.time : undefined,
        typeof input.args.tz === 'string' ? input.args.tz : undefined,
      );
      const saved = await digest.subscribe(target, { ...schedule, by: ctx.user.name ?? ctx.user.id });
      const next = nextSlot(ctx.clock.now(), saved);
      return {
        tone: 'info',
        title: `This channel will get the daily digest at ${saved.time} (${saved.tz}).`,
        summary: `Each post covers the previous day, midnight to midnight in ${saved.tz}. The next one is due on ${formatDay(next.day, { year: true })} at ${saved.time}.`,
        sections: [],
        footer: 'Change the time by subscribing again; /digest unsubscribe stops it.',
      };
    }
    if (sub === 'unsubscribe') {
      const removed = await digest.unsubscribe(target);
      return removed
        ? { tone: 'info', title: 'This channel will no longer get the daily digest.', sections: [] }
        : {
            tone: 'info',
            title: 'This channel was not getting the daily digest, so nothing changed.',
            sections: [],
          };
    }
    throw new UserError(
      'bad-subcommand',
      `/digest has no "${sub}" subcommand. Try /digest, /digest subscribe or /digest unsubscribe.`,
    );
  },
} satisfies Command;
