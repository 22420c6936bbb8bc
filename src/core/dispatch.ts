import { randomUUID } from 'node:crypto';
import type { Command, CommandContext, CommandInput, CommandOption, Subcommand } from './command.js';
import { isUserError, UserError } from './errors.js';
import { internalErrorReply, type Reply, userErrorReply } from './reply.js';
import { levenshtein } from './text-distance.js';

/** Longest command text we accept, in characters. */
export const MAX_QUERY_LENGTH = 200;

/** Split `/events bukamal since:7d` into the command name and the rest. */
export function splitCommandLine(line: string): { name: string; text: string } | null {
  const trimmed = line.trim();
  const m = /^\/?([A-Za-z][\w-]*)\s*([\s\S]*)$/.exec(trimmed);
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), text: m[2]!.trim() };
}

/** Tokenise respecting double quotes: `name:"abu kamal" x` -> [`name:abu kamal`, `x`]. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /(\S*?)"([^"]*)"|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m[3] !== undefined ? m[3] : `${m[1]}${m[2]}`);
  }
  return out;
}

function optionsFor(command: Command, sub?: Subcommand): CommandOption[] {
  return sub ? sub.options : command.options;
}

/**
 * Check one option value against its declaration (whole numbers and bounds, fixed choices, length) and return
 * it in its typed form. Shared by text parsing and by platforms that deliver options already split (Discord).
 */
export function coerceOption(opt: CommandOption, raw: string | number | boolean): string | number {
  if (opt.type === 'integer') {
    const text = String(raw).trim();
    const n = typeof raw === 'number' ? raw : /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(n))
      throw new UserError('bad-option', `\`${opt.name}\` must be a whole number, not "${text}".`);
    if (opt.min !== undefined && n < opt.min)
      throw new UserError('bad-option', `\`${opt.name}\` must be at least ${opt.min}.`);
    if (opt.max !== undefined && n > opt.max)
      throw new UserError('bad-option', `\`${opt.name}\` must be at most ${opt.max}.`);
    return n;
  }
  const value = String(raw).trim();
  if (opt.choices?.length) {
    const lower = value.toLowerCase();
    const hit = opt.choices.find((c) => c.value.toLowerCase() === lower || c.name.toLowerCase() === lower);
    if (!hit) {
      throw new UserError(
        'bad-option',
        `"${value}" is not a valid \`${opt.name}\`. Choose one of: ${opt.choices.map((c) => c.value).join(', ')}.`,
      );
    }
    return hit.value;
  }
  if (opt.maxLength !== undefined && value.length > opt.maxLength) {
    throw new UserError(
      'query-too-long',
      `\`${opt.name}\` is too long (${value.length} characters; the limit is ${opt.maxLength}).`,
    );
  }
  return value;
}

/**
 * Parse the text after a command name into a {@link CommandInput}. `name:value` pairs fill named options,
 * the remaining words fill the positional option. Throws {@link UserError} on unknown or invalid options.
 */
export function parseInput(command: Command, text: string): CommandInput {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new UserError(
      'query-too-long',
      `That is ${text.length} characters long; please keep commands under ${MAX_QUERY_LENGTH} characters.`,
    );
  }
  let tokens = tokenize(text);
  let sub: Subcommand | undefined;
  if (command.subcommands?.length) {
    const first = tokens[0]?.toLowerCase();
    sub = command.subcommands.find((s) => s.name === first);
    if (sub) tokens = tokens.slice(1);
    else if (command.defaultSubcommand)
      sub = command.subcommands.find((s) => s.name === command.defaultSubcommand);
    if (!sub) {
      throw new UserError(
        'bad-subcommand',
        `/${command.name} needs one of: ${command.subcommands.map((s) => s.name).join(', ')}.`,
      );
    }
  }
  const options = optionsFor(command, sub);
  const args: Record<string, string | number | undefined> = {};
  const free: string[] = [];
  for (const token of tokens) {
    const m = /^([A-Za-z][\w-]*):(.*)$/.exec(token);
    const opt = m ? options.find((o) => o.name.toLowerCase() === m[1]!.toLowerCase()) : undefined;
    if (m && opt && !opt.positional) {
      if (m[2] === '')
        throw new UserError(
          'bad-option',
          `\`${opt.name}:\` needs a value, e.g. ${opt.name}:${exampleValue(opt)}.`,
        );
      args[opt.name] = coerceOption(opt, m[2]!);
    } else if (m && !opt && !options.some((o) => o.positional)) {
      throw new UserError(
        'bad-option',
        `/${command.name} has no option \`${m[1]}\`. Options: ${options.map((o) => o.name).join(', ')}.`,
      );
    } else {
      free.push(token);
    }
  }
  const positional = options.find((o) => o.positional);
  if (free.length) {
    if (!positional) {
      // Commands whose options are all named still accept the first one positionally (`/latest 5`).
      const first = options.find((o) => args[o.name] === undefined);
      if (!first || free.length > 1) {
        throw new UserError(
          'bad-option',
          `I did not understand "${free.join(' ')}". Usage: ${usageFor(command, sub)}`,
        );
      }
      args[first.name] = coerceOption(first, free[0]!);
    } else {
      args[positional.name] = coerceOption(positional, free.join(' '));
    }
  }
  for (const opt of options) {
    if (opt.required && (args[opt.name] === undefined || args[opt.name] === '')) {
      throw new UserError(
        'missing-option',
        `/${command.name} needs ${describeMissing(opt)}. Usage: ${usageFor(command, sub)}`,
      );
    }
  }
  return { text, ...(sub ? { subcommand: sub.name } : {}), args };
}

function exampleValue(opt: CommandOption): string {
  if (opt.choices?.length) return opt.choices[0]!.value;
  if (opt.type === 'integer') return String(opt.min ?? 5);
  if (opt.name === 'since') return '7d';
  return 'value';
}

function describeMissing(opt: CommandOption): string {
  return opt.positional ? `a ${opt.name}` : `\`${opt.name}:\``;
}

function usageFor(command: Command, sub?: Subcommand): string {
  if (!sub) return command.usage;
  const opts = sub.options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`)).join(' ');
  return `/${command.name} ${sub.name}${opts ? ` ${opts}` : ''}`;
}

/** Find a command by name in the list. */
export function findCommand(commands: readonly Command[], name: string): Command | undefined {
  return commands.find((c) => c.name === name.toLowerCase());
}

/** Commands closest to a mistyped name, for did-you-mean. */
export function closestCommands(commands: readonly Command[], name: string): Command[] {
  const n = name.toLowerCase();
  return commands
    .map((c) => ({ c, d: levenshtein(c.name, n) }))
    .filter(({ c, d }) => d <= 2 || c.name.startsWith(n) || n.startsWith(c.name))
    .sort((a, b) => a.d - b.d)
    .map(({ c }) => c);
}

/** What the caller asked for: a command name plus either raw text or pre-parsed options (Discord). */
export type DispatchRequest = { name: string; text: string } | { name: string; input: CommandInput };

/**
 * Run a command and always return a Reply: user mistakes become a `user-error` reply with their message,
 * anything else is logged with the command name and request id and becomes one calm generic line.
 */
export async function dispatch(
  commands: readonly Command[],
  request: DispatchRequest,
  ctx: CommandContext,
): Promise<Reply> {
  const requestId = randomUUID().slice(0, 8);
  const command = findCommand(commands, request.name);
  if (!command) {
    const close = closestCommands(commands, request.name);
    return userErrorReply(
      `There is no /${request.name} command.${close.length ? ` Did you mean /${close[0]!.name}?` : ''} Type /help to see them all.`,
      close.slice(0, 3).map((c) => ({ label: `/${c.name}`, command: `/${c.name}` })),
    );
  }
  try {
    const input = 'input' in request ? request.input : parseInput(command, request.text);
    const sub = command.subcommands?.find((s) => s.name === input.subcommand);
    if ((command.adminOnly || sub?.adminOnly) && !ctx.user.isAdmin) {
      throw new UserError(
        'not-allowed',
        `Only admins can use /${command.name}${sub ? ` ${sub.name}` : ''} (workspace admins on Slack; Manage Server or the configured role on Discord).`,
      );
    }
    return await command.run(input, ctx);
  } catch (err) {
    if (isUserError(err)) return userErrorReply(err.message, err.choices);
    ctx.logger.error('command failed', {
      command: command.name,
      requestId,
      platform: ctx.platform,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    return internalErrorReply(requestId);
  }
}
