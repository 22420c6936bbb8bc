import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Reply, ReplyImageKind } from './reply.js';
import type { DigestService, FeedService, PictureRenderer, QueryEngine, WatchService } from './services.js';

/** Platforms a command can be asked from. */
export type Platform = 'slack' | 'discord' | 'console' | 'cli';

/** One option of a command. In text form it is written `name:value`; the positional option takes free text. */
export interface CommandOption {
  name: string;
  description: string;
  type: 'string' | 'integer';
  required?: boolean;
  /** Takes the words not claimed by `name:value` pairs (at most one per command or subcommand). */
  positional?: boolean;
  /** Fixed choices (Discord shows them as a list); matched case-insensitively on name or value. */
  choices?: { name: string; value: string }[];
  /** Discord autocomplete source. */
  autocomplete?: 'place' | 'actor';
  min?: number;
  max?: number;
  /** Longest accepted text. */
  maxLength?: number;
}

/** A subcommand: `/digest subscribe 07:00 Europe/London`. */
export interface Subcommand {
  name: string;
  description: string;
  options: CommandOption[];
  /** Only workspace/server admins (or the configured admin role) may run it. */
  adminOnly?: boolean;
  /** Answer only the asker, even on platforms whose answers are public by default (Discord). */
  ephemeral?: boolean;
}

/** Parsed input handed to a command. */
export interface CommandInput {
  /** The raw text after the command name. */
  text: string;
  /** Chosen subcommand, if the command has any. */
  subcommand?: string;
  /** Option values by name. Integers are numbers. */
  args: Record<string, string | number | undefined>;
}

/** Services a command may use. Optional ones are absent when the feature is not running. */
export interface Services {
  engine: QueryEngine;
  digest?: DigestService;
  feeds?: FeedService;
  watches?: WatchService;
  /** Draws maps and timelines; without it answers carry no pictures. */
  pictures?: PictureRenderer;
}

/** Who asked, where, and which page they want. */
export interface CommandContext {
  services: Services;
  clock: Clock;
  logger: Logger;
  platform: Platform;
  user: { id: string; name?: string; isAdmin: boolean };
  channel: { id: string; name?: string };
  /** Paging: `limit: null` lifts the display limit (`--all`). */
  page: { offset: number; limit: number | null };
  /**
   * Pictures to draw with answers that cover a place or actor (first page only). Adapters that can deliver
   * images with an answer (Discord, console) ask for both; Slack asks for one when its button is pressed.
   */
  images?: readonly ReplyImageKind[];
}

/** A slash command: metadata plus a platform-neutral `run`. */
export interface Command {
  name: string;
  description: string;
  /** One-line usage, e.g. `/events <place> [since:7d] [type:battles]`. */
  usage: string;
  examples: string[];
  options: CommandOption[];
  subcommands?: Subcommand[];
  /** Subcommand used when the text does not start with one (e.g. `/digest` alone shows today's digest). */
  defaultSubcommand?: string;
  adminOnly?: boolean;
  /** Answer only the asker, even on platforms whose answers are public by default (Discord). */
  ephemeral?: boolean;
  run(input: CommandInput, ctx: CommandContext): Promise<Reply>;
}
