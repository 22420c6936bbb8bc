import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command, CommandOption, Subcommand } from '../../core/command.js';

/** Discord's limits on command definitions. */
export const COMMAND_LIMITS = {
  commands: 100,
  options: 25,
  choices: 25,
  description: 100,
  choiceText: 100,
  maxLength: 6000,
} as const;

/** Lower-case letters (any script), digits, `-` and `_`, 1 to 32 characters. */
const NAME = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;
const ADMIN_NOTE = ' (admins only)';

/**
 * The JSON body for `PUT /applications/{id}/commands` (or the guild variant), built from the same command list
 * the bot runs, so registration and behaviour cannot drift.
 *
 * - Required options come first (Discord refuses them after optional ones); `positional` means nothing here.
 * - A command with subcommands registers only its subcommands: Discord forbids mixing subcommands with other
 *   options at one level, and the core ignores top-level options once a subcommand is chosen.
 * - `adminOnly` sets no `default_member_permissions`: the adapter checks Manage Server *or* the configured
 *   role at run time, which a permission default could not express (it would hide the command from the role).
 *   Admin-only subcommands say so in their description instead.
 * - Descriptions longer than Discord's 100 characters are shortened; invalid names, too many options or
 *   choices, and duplicates throw, naming the command and option.
 */
export function toApplicationCommands(
  commands: readonly Command[],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  if (commands.length > COMMAND_LIMITS.commands) {
    throw new Error(`Discord allows ${COMMAND_LIMITS.commands} commands; the list has ${commands.length}.`);
  }
  unique(
    commands.map((c) => c.name),
    'command',
  );
  return commands.map((command) => {
    checkName(command.name, `/${command.name}`);
    const where = `/${command.name}`;
    const options: APIApplicationCommandOption[] = command.subcommands?.length
      ? command.subcommands.map((sub) => subcommandJson(command, sub))
      : optionsJson(command.options, where);
    checkCount(options.length, COMMAND_LIMITS.options, `${where}: options`);
    return {
      type: ApplicationCommandType.ChatInput,
      name: command.name,
      description: describe(command.description, where, command.adminOnly ? ADMIN_NOTE : ''),
      ...(options.length ? { options } : {}),
    };
  });
}

function subcommandJson(command: Command, sub: Subcommand): APIApplicationCommandSubcommandOption {
  const where = `/${command.name} ${sub.name}`;
  checkName(sub.name, where);
  const options = optionsJson(sub.options, where);
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: sub.name,
    description: describe(sub.description, where, sub.adminOnly && !command.adminOnly ? ADMIN_NOTE : ''),
    ...(options.length ? { options } : {}),
  };
}

function optionsJson(options: readonly CommandOption[], where: string): APIApplicationCommandBasicOption[] {
  checkCount(options.length, COMMAND_LIMITS.options, `${where}: options`);
  unique(
    options.map((o) => o.name),
    `${where} option`,
  );
  const ordered = [...options.filter((o) => o.required), ...options.filter((o) => !o.required)];
  return ordered.map((o) => optionJson(o, `${where} ${o.name}:`));
}

function optionJson(o: CommandOption, where: string): APIApplicationCommandBasicOption {
  checkName(o.name, where);
  const base = { name: o.name, description: describe(o.description, where), required: Boolean(o.required) };
  if (o.type === 'integer') {
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(o.min !== undefined ? { min_value: o.min } : {}),
      ...(o.max !== undefined ? { max_value: o.max } : {}),
    };
  }
  const maxLength =
    o.maxLength !== undefined ? { max_length: Math.min(o.maxLength, COMMAND_LIMITS.maxLength) } : {};
  if (o.choices?.length) {
    checkCount(o.choices.length, COMMAND_LIMITS.choices, `${where} choices`);
    for (const c of o.choices) {
      if (
        !c.name ||
        !c.value ||
        c.name.length > COMMAND_LIMITS.choiceText ||
        c.value.length > COMMAND_LIMITS.choiceText
      ) {
        throw new Error(
          `${where} choice "${c.name}" needs a name and value of 1-${COMMAND_LIMITS.choiceText} characters.`,
        );
      }
    }
    // Discord forbids choices together with autocomplete; the fixed list is the stronger promise.
    return {
      ...base,
      type: ApplicationCommandOptionType.String,
      choices: o.choices.map((c) => ({ name: c.name, value: c.value })),
    };
  }
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...maxLength,
    ...(o.autocomplete ? { autocomplete: true } : {}),
  };
}

/** The description within Discord's 100 characters, shortened before `note` so the note survives. */
function describe(text: string, where: string, note = ''): string {
  const t = text.trim();
  if (!t) throw new Error(`${where} needs a description (Discord requires one).`);
  const room = COMMAND_LIMITS.description - note.length;
  return (t.length <= room ? t : `${t.slice(0, room - 1).trimEnd()}…`) + note;
}

function checkName(name: string, where: string): void {
  if (!NAME.test(name)) {
    throw new Error(
      `${where}: "${name}" is not a valid Discord name (1-32 lower-case letters, digits, - or _).`,
    );
  }
}

function checkCount(n: number, max: number, what: string): void {
  if (n > max) throw new Error(`${what}: Discord allows ${max}, found ${n}.`);
}

function unique(names: string[], what: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new Error(`Duplicate ${what} name "${n}".`);
    seen.add(n);
  }
}
