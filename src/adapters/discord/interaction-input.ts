import type { Command, CommandInput, CommandOption } from '../../core/command.js';
import { coerceOption, MAX_QUERY_LENGTH } from '../../core/dispatch.js';
import { UserError } from '../../core/errors.js';

/** An option value as discord.js hands it over. */
export type RawOptionValue = string | number | boolean | null | undefined;

/**
 * Build a {@link CommandInput} from a slash command's option values. Discord enforces most rules itself
 * (required, choices, min/max, length), but registrations can be stale and stand-ins enforce nothing, so the
 * same rules are checked again here and broken ones become a {@link UserError}. `text` is rebuilt in the
 * text form (`bukamal since:7d`) for logs and for commands that echo what was asked.
 */
export function inputFromOptions(
  command: Command,
  subcommand: string | null | undefined,
  values: Readonly<Record<string, RawOptionValue>>,
): CommandInput {
  let options = command.options;
  let sub: string | undefined;
  if (command.subcommands?.length) {
    const found = command.subcommands.find((s) => s.name === subcommand);
    if (!found) {
      throw new UserError(
        'bad-subcommand',
        `/${command.name} needs one of: ${command.subcommands.map((s) => s.name).join(', ')}.`,
      );
    }
    options = found.options;
    sub = found.name;
  }
  const args: CommandInput['args'] = {};
  for (const opt of options) {
    const raw = values[opt.name];
    const missing = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
    if (missing) {
      if (opt.required) {
        throw new UserError(
          'missing-option',
          `/${command.name}${sub ? ` ${sub}` : ''} needs \`${opt.name}\`.`,
        );
      }
      continue;
    }
    args[opt.name] = coerceOption(opt, raw);
  }
  const text = [sub, ...textParts(options, args)].filter(Boolean).join(' ');
  if (text.length > MAX_QUERY_LENGTH) {
    throw new UserError(
      'query-too-long',
      `That is ${text.length} characters long; please keep commands under ${MAX_QUERY_LENGTH} characters.`,
    );
  }
  return { text, ...(sub ? { subcommand: sub } : {}), args };
}

/** The positional option's value first, then `name:value` pairs (quoted when they contain spaces). */
function textParts(options: readonly CommandOption[], args: CommandInput['args']): string[] {
  const parts: string[] = [];
  const positional = options.find((o) => o.positional);
  if (positional && args[positional.name] !== undefined) parts.push(String(args[positional.name]));
  for (const o of options) {
    const v = args[o.name];
    if (o === positional || v === undefined) continue;
    const s = String(v);
    parts.push(/\s/.test(s) ? `${o.name}:"${s}"` : `${o.name}:${s}`);
  }
  return parts;
}
