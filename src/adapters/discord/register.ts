import { DiscordAPIError, HTTPError, REST, Routes } from 'discord.js';
import type { DiscordConfig } from '../../config.js';
import type { Command } from '../../core/command.js';
import type { Logger } from '../../core/logger.js';
import { toApplicationCommands } from './command-json.js';

/** Result of {@link registerCommands}. */
export interface RegisterResult {
  /** `guild` when `DISCORD_GUILD_ID` is set (commands appear at once), otherwise `global`. */
  scope: 'guild' | 'global';
  count: number;
}

/** Options for tests; production uses discord.js defaults. */
export interface RegisterOptions {
  restRetries?: number;
  restTimeoutMs?: number;
}

/**
 * Replace the application's slash commands with `commands` (the list the bot runs) in one bulk PUT: guild
 * commands when a guild id is configured, global commands otherwise. Throws an error that says what to fix
 * when Discord refuses (bad token, unknown application or guild, bot not invited with
 * `applications.commands`).
 */
export async function registerCommands(
  config: DiscordConfig,
  commands: readonly Command[],
  logger: Logger,
  options: RegisterOptions = {},
): Promise<RegisterResult> {
  const body = toApplicationCommands(commands);
  const rest = new REST({
    ...(config.apiUrl ? { api: config.apiUrl } : {}),
    ...(options.restRetries !== undefined ? { retries: options.restRetries } : {}),
    ...(options.restTimeoutMs !== undefined ? { timeout: options.restTimeoutMs } : {}),
  }).setToken(config.token);
  const scope = config.guildId ? 'guild' : 'global';
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  try {
    const result = await rest.put(route, { body });
    const count = Array.isArray(result) ? result.length : body.length;
    logger.info('discord commands registered', {
      scope,
      count,
      applicationId: config.applicationId,
      ...(config.guildId ? { guildId: config.guildId } : {}),
      names: body.map((c) => c.name),
    });
    return { scope, count };
  } catch (err) {
    throw new Error(explain(err, config), { cause: err });
  }
}

function explain(err: unknown, config: DiscordConfig): string {
  const where = config.guildId ? `guild ${config.guildId}` : 'global scope';
  if (err instanceof DiscordAPIError) {
    if (err.status === 401)
      return 'Discord rejected the token (401). Check DISCORD_TOKEN: it is the bot token from the Bot page.';
    if (err.status === 403 || err.code === 50001) {
      return `Discord refused access to ${where} (${err.status}, code ${err.code}). Invite the bot to the server with the "bot applications.commands" scopes, or check DISCORD_GUILD_ID.`;
    }
    if (err.status === 404) {
      return `Discord does not know application ${config.applicationId}${config.guildId ? ` or guild ${config.guildId}` : ''} (404). Check DISCORD_APPLICATION_ID and DISCORD_GUILD_ID.`;
    }
    if (err.status === 400) return `Discord rejected the command definitions (400): ${err.message}`;
    return `Discord refused the registration (${err.status}, code ${err.code}): ${err.message}`;
  }
  if (err instanceof HTTPError)
    return `Discord failed the registration (HTTP ${err.status}). Try again in a minute.`;
  return `Could not reach Discord to register commands: ${err instanceof Error ? err.message : String(err)}`;
}
