import path from 'node:path';
import { z } from 'zod';
import { projectPath } from './core/paths.js';

/** Built state lives here unless DATA_DIR says otherwise: a gitignored folder under `index-data/`. */
export const DEFAULT_DATA_DIR = projectPath('index-data', 'data');

/** Thrown when the environment is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Configuration problem${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), 'must be an http(s) URL')
    .optional(),
);
const list = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : (v ?? []),
  z.array(z.string()),
);
const hhmm = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'must be a time like 08:00');
const timeZone = z
  .string()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Damascus or Europe/London');

const schema = z.object({
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().optional()),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  /** How far the JS heap may grow past its live size between full collections, in percent (0: V8 decides). */
  HEAP_GROWTH_PERCENT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(400).default(50)),

  SLACK_BOT_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().trim().startsWith('xoxb-', 'must start with xoxb-').optional(),
  ),
  SLACK_APP_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().trim().startsWith('xapp-', 'must start with xapp-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  SLACK_API_URL: optionalUrl,
  /** Comma-separated Slack user ids allowed to run admin commands, besides workspace admins/owners. */
  SLACK_ADMIN_USERS: list,

  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{5,25}$/, 'must be a numeric id')
      .optional(),
  ),
  DISCORD_GUILD_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{5,25}$/, 'must be a numeric id')
      .optional(),
  ),
  DISCORD_API_URL: optionalUrl,
  /** Role id that may run settings commands besides members with Manage Server. */
  DISCORD_ADMIN_ROLE_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{5,25}$/, 'must be a numeric role id')
      .optional(),
  ),

  DIGEST_SLACK_CHANNELS: list,
  DIGEST_DISCORD_CHANNELS: list,
  DIGEST_TIME: z.preprocess(emptyToUndefined, hhmm.default('08:00')),
  DIGEST_TZ: z.preprocess(emptyToUndefined, timeZone.default('Asia/Damascus')),

  FEEDS: list,
  /** Host names (or IP literals) an admin trusts to be fetched on a private, loopback or link-local address. */
  FEED_ALLOW_PRIVATE: list,
  /** Default poll interval in minutes. */
  FEED_INTERVAL_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1440).default(10)),
  /** Slack or Discord channel for source failure reports, as `slack:C123` or `discord:123`. */
  ADMIN_CHANNEL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^(slack|discord):[\w-]+$/, 'must look like slack:C0123 or discord:1234')
      .optional(),
  ),
  /** Most watch alerts a channel gets per hour. */
  WATCH_HOURLY_CAP: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(500).default(20)),

  // The terminal the console runs in (set by terminals themselves), to decide on OSC 8 hyperlinks.
  TERM: optionalString,
  TERM_PROGRAM: optionalString,
  VTE_VERSION: optionalString,
  WT_SESSION: optionalString,
  /** `1` or `0` forces clickable links in the console on or off. */
  FORCE_HYPERLINK: z.preprocess(emptyToUndefined, z.enum(['0', '1']).optional()),
});

/** True when the terminal is known to show OSC 8 hyperlinks (or FORCE_HYPERLINK says so). */
export function terminalSupportsHyperlinks(e: {
  TERM?: string | undefined;
  TERM_PROGRAM?: string | undefined;
  VTE_VERSION?: string | undefined;
  WT_SESSION?: string | undefined;
  FORCE_HYPERLINK?: '0' | '1' | undefined;
}): boolean {
  if (e.FORCE_HYPERLINK) return e.FORCE_HYPERLINK === '1';
  if (e.WT_SESSION) return true;
  if (e.TERM_PROGRAM && /^(iTerm\.app|WezTerm|vscode|ghostty|Hyper)$/i.test(e.TERM_PROGRAM)) return true;
  if (e.VTE_VERSION && Number(e.VTE_VERSION) >= 5000) return true;
  return Boolean(e.TERM && /kitty|foot|alacritty|wezterm|ghostty/i.test(e.TERM));
}

/** Settings for the Slack adapter; present only when Slack is configured. */
export interface SlackConfig {
  botToken: string;
  mode: 'socket' | 'http';
  appToken?: string;
  signingSecret?: string;
  port: number;
  apiUrl?: string;
  adminUsers: string[];
}

/** Settings for the Discord adapter; present only when Discord is configured. */
export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId?: string;
  apiUrl?: string;
  adminRoleId?: string;
}

/** The validated configuration. */
export interface Config {
  dataDir: string;
  /** True when DATA_DIR was not set (the default `data/` folder, seeded with the bundled sample). */
  dataDirIsDefault: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Heap growth between full garbage collections, in percent of the live heap; 0 leaves it to V8. */
  heapGrowthPercent: number;
  slack?: SlackConfig;
  discord?: DiscordConfig;
  digest: { slackChannels: string[]; discordChannels: string[]; time: string; tz: string };
  feeds: {
    urls: string[];
    intervalMinutes: number;
    /** Hosts that may be fetched on a non-public address (`FEED_ALLOW_PRIVATE`); lower case, no brackets. */
    allowPrivateHosts?: string[];
  };
  adminChannel?: { platform: 'slack' | 'discord'; channelId: string };
  watchHourlyCap: number;
  /** The console's terminal: whether links can be OSC 8 hyperlinks. */
  console: { hyperlinks: boolean };
}

/**
 * Validate `env` once. Throws {@link ConfigError} naming every bad or missing variable.
 * This is the only place that reads environment variables.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;

  let slack: SlackConfig | undefined;
  const anySlack = e.SLACK_BOT_TOKEN || e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET;
  if (anySlack) {
    if (!e.SLACK_BOT_TOKEN)
      problems.push('SLACK_BOT_TOKEN: required when Slack is configured (starts with xoxb-)');
    if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
      problems.push(
        'SLACK_APP_TOKEN: required for Socket Mode (starts with xapp-); or set SLACK_SIGNING_SECRET for HTTP mode',
      );
    }
    if (e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)) {
      slack = {
        botToken: e.SLACK_BOT_TOKEN,
        mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
        ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
        ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
        port: e.SLACK_PORT,
        ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
        adminUsers: e.SLACK_ADMIN_USERS,
      };
    }
  }

  let discord: DiscordConfig | undefined;
  if (e.DISCORD_TOKEN || e.DISCORD_APPLICATION_ID) {
    if (!e.DISCORD_TOKEN) problems.push('DISCORD_TOKEN: required when Discord is configured');
    if (!e.DISCORD_APPLICATION_ID)
      problems.push('DISCORD_APPLICATION_ID: required when Discord is configured');
    if (e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID) {
      discord = {
        token: e.DISCORD_TOKEN,
        applicationId: e.DISCORD_APPLICATION_ID,
        ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
        ...(e.DISCORD_API_URL ? { apiUrl: e.DISCORD_API_URL.replace(/\/+$/, '') } : {}),
        ...(e.DISCORD_ADMIN_ROLE_ID ? { adminRoleId: e.DISCORD_ADMIN_ROLE_ID } : {}),
      };
    }
  }
  if (e.DIGEST_SLACK_CHANNELS.length && !slack && !problems.some((p) => p.startsWith('SLACK'))) {
    problems.push(
      'DIGEST_SLACK_CHANNELS: set, but Slack is not configured (SLACK_BOT_TOKEN and SLACK_APP_TOKEN)',
    );
  }
  if (e.DIGEST_DISCORD_CHANNELS.length && !discord && !problems.some((p) => p.startsWith('DISCORD'))) {
    problems.push(
      'DIGEST_DISCORD_CHANNELS: set, but Discord is not configured (DISCORD_TOKEN and DISCORD_APPLICATION_ID)',
    );
  }
  for (const url of e.FEEDS) {
    if (!/^https?:\/\/\S+$/i.test(url)) problems.push(`FEEDS: "${url}" is not an http(s) URL`);
  }
  const allowPrivateHosts: string[] = [];
  for (const host of e.FEED_ALLOW_PRIVATE) {
    const normal = normalizeHostName(host);
    if (normal) allowPrivateHosts.push(normal);
    else
      problems.push(
        `FEED_ALLOW_PRIVATE: "${host}" is not a host name or IP address (list names like intranet.example, without http:// or a port)`,
      );
  }
  if (problems.length) throw new ConfigError(problems);

  const [adminPlatform, adminChannel] = e.ADMIN_CHANNEL ? e.ADMIN_CHANNEL.split(':') : [];
  return {
    dataDir: e.DATA_DIR ? path.resolve(e.DATA_DIR) : DEFAULT_DATA_DIR,
    dataDirIsDefault: emptyToUndefined(env.DATA_DIR) === undefined,
    logLevel: e.LOG_LEVEL,
    heapGrowthPercent: e.HEAP_GROWTH_PERCENT,
    ...(slack ? { slack } : {}),
    ...(discord ? { discord } : {}),
    digest: {
      slackChannels: e.DIGEST_SLACK_CHANNELS,
      discordChannels: e.DIGEST_DISCORD_CHANNELS,
      time: e.DIGEST_TIME,
      tz: e.DIGEST_TZ,
    },
    feeds: { urls: e.FEEDS, intervalMinutes: e.FEED_INTERVAL_MINUTES, allowPrivateHosts },
    ...(adminPlatform && adminChannel
      ? { adminChannel: { platform: adminPlatform as 'slack' | 'discord', channelId: adminChannel } }
      : {}),
    watchHourlyCap: e.WATCH_HOURLY_CAP,
    console: { hyperlinks: terminalSupportsHyperlinks(e) },
  };
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A host name or IP literal, lower case and without IPv6 brackets or a final dot; undefined when it is not one. */
function normalizeHostName(raw: string): string | undefined {
  const host = raw
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (host.includes(':')) return /^[0-9a-f:.]+$/.test(host) ? host : undefined;
  if (host.length > 253) return undefined;
  return host.split('.').every((label) => HOST_LABEL.test(label)) ? host : undefined;
}

/** Secret values in the config, so the logger can scrub them. */
export function secretsOf(config: Config): string[] {
  return [
    config.slack?.botToken,
    config.slack?.appToken,
    config.slack?.signingSecret,
    config.discord?.token,
  ].filter((s): s is string => Boolean(s));
}

/**
 * Load `.env` (when present, without overriding real environment variables) and validate the environment.
 * Entry points call this once; everything else receives the typed {@link Config}.
 */
export async function loadConfigFromEnvironment(): Promise<Config> {
  // The default export is dotenv's CommonJS module object, the same under Node and in the bundled build.
  const { default: dotenv } = await import('dotenv');
  dotenv.config({ quiet: true });
  return loadConfig(process.env);
}
