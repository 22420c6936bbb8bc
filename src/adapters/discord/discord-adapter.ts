import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  GuildMemberRoleManager,
  HTTPError,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
  RateLimitError,
  type RepliableInteraction,
  Routes,
} from 'discord.js';
import type { DiscordConfig } from '../../config.js';
import type { AdapterDeps, ChatAdapter } from '../../core/adapter.js';
import type { Command, CommandContext, CommandInput, Subcommand } from '../../core/command.js';
import { type DispatchRequest, dispatch, findCommand, splitCommandLine } from '../../core/dispatch.js';
import { isUserError } from '../../core/errors.js';
import {
  internalErrorReply,
  type Reply,
  type ReplyFile,
  type ReplyImage,
  userErrorReply,
} from '../../core/reply.js';
import { type Completion, completeActors, completePlaces } from '../../search/autocomplete.js';
import { DEFAULT_PAGE_SIZE } from '../../search/present.js';
import { type AnswerSession, createAnswerCache } from './answer-cache.js';
import { parseButtonId } from './custom-id.js';
import { inputFromOptions, type RawOptionValue } from './interaction-input.js';
import { type DiscordMessage, renderEmbeds, renderMorePictures, withImageEmbeds } from './render-embeds.js';

/** Tuning knobs; the defaults suit production, tests shorten the REST timeouts. */
export interface DiscordAdapterOptions {
  /** Items per page of a list answer. Default {@link DEFAULT_PAGE_SIZE}. */
  pageSize?: number;
  /** Answers whose buttons still work. Default 500. */
  answerCacheSize?: number;
  /** How long Previous/Next and follow-up buttons keep working. Default 24 hours. */
  answerTtlMs?: number;
  /** REST retries on 5xx and network errors. discord.js default 3. */
  restRetries?: number;
  /** REST request timeout. discord.js default 15 s. */
  restTimeoutMs?: number;
  /** REST global request cap. discord.js default 50/s; tests raise it. */
  globalRequestsPerSecond?: number;
  /**
   * A channel post that Discord rate-limits for longer than this is rejected with a {@link DiscordPostError}
   * (status 429, `retryAfterMs`) so the caller can retry later instead of blocking. Default 5 s.
   */
  maxRateLimitWaitMs?: number;
}

/** A channel post Discord refused. `status` is undefined for network failures. */
export class DiscordPostError extends Error {
  constructor(
    message: string,
    readonly channelId: string,
    readonly status: number | undefined,
    /** Discord's JSON error code, e.g. 50013 Missing Permissions, 10003 Unknown Channel. */
    readonly code: number | string | undefined,
    /** For 429: how long Discord asked us to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DiscordPostError';
  }

  /** True for rate limits, server errors and network failures; false for a missing channel or permission. */
  get retryable(): boolean {
    return this.status === undefined || this.status === 429 || this.status >= 500;
  }
}

const EXPIRED = 'This answer has expired. Run the command again for fresh results.';
const NO_MENTIONS = { parse: [] as [] };

/**
 * The Discord adapter: slash commands answered with embeds, autocomplete for places and actors, Previous/Next
 * and follow-up buttons, and channel posts for the digest and watches.
 *
 * Timing: slash commands are checked first (options, admin rights; a failure is answered at once and only
 * to the asker), then `deferReply()` acknowledges within Discord's 3 seconds, then the command runs and the
 * answer replaces the "thinking" message. Answers are public, the Discord norm, unless the command or
 * subcommand is marked `ephemeral`. A mistake found while running (an unknown place) is shown only to the
 * asker: the public placeholder is deleted and an ephemeral follow-up sent. Autocomplete answers at once,
 * without deferring. Buttons `deferUpdate()` and then edit their own message.
 */
export function createDiscordAdapter(
  config: DiscordConfig,
  deps: AdapterDeps,
  options: DiscordAdapterOptions = {},
): ChatAdapter {
  const { commands, services, clock } = deps;
  const logger = deps.logger.child({ platform: 'discord' });
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const maxWait = options.maxRateLimitWaitMs ?? 5000;
  const cache = createAnswerCache({
    max: options.answerCacheSize ?? 500,
    ttlMs: options.answerTtlMs ?? 24 * 60 * 60 * 1000,
    clock,
  });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    rest: {
      ...(config.apiUrl ? { api: config.apiUrl } : {}),
      ...(options.restRetries !== undefined ? { retries: options.restRetries } : {}),
      ...(options.restTimeoutMs !== undefined ? { timeout: options.restTimeoutMs } : {}),
      ...(options.globalRequestsPerSecond !== undefined
        ? { globalRequestsPerSecond: options.globalRequestsPerSecond }
        : {}),
      rejectOnRateLimit: (limit) => limit.route.startsWith('/channels/') && limit.retryAfter > maxWait,
    },
  });
  let started = false;

  client.on(Events.InteractionCreate, (interaction) => {
    void handle(interaction).catch((err: unknown) => {
      logger.error('discord interaction failed', {
        ...describeInteraction(interaction),
        error: safeError(err, interaction),
      });
      void tellCalmly(interaction);
    });
  });
  containMalformedPackets();
  client.on(Events.Error, (err) => logger.error('discord client error', { error: safeError(err) }));
  client.on(Events.ShardDisconnect, (event) =>
    logger.warn('discord gateway disconnected', { code: event.code }),
  );

  async function handle(interaction: Interaction): Promise<void> {
    if (interaction.isChatInputCommand()) return handleCommand(interaction);
    if (interaction.isAutocomplete()) return handleAutocomplete(interaction);
    if (interaction.isButton()) return handleButton(interaction);
  }

  async function handleCommand(i: ChatInputCommandInteraction): Promise<void> {
    const command = findCommand(commands, i.commandName);
    if (!command) {
      await replyPrivately(
        i,
        userErrorReply(
          `/${i.commandName} is not available any more. An admin can run \`npm run register\` to refresh the list.`,
        ),
      );
      return;
    }
    const subName = command.subcommands?.length ? i.options.getSubcommand(false) : null;
    const sub = command.subcommands?.find((s) => s.name === subName);
    const values: Record<string, RawOptionValue> = {};
    for (const o of sub?.options ?? command.options) values[o.name] = i.options.get(o.name)?.value;
    let input: CommandInput;
    try {
      input = inputFromOptions(command, subName, values);
    } catch (err) {
      if (!isUserError(err)) throw err;
      await replyPrivately(i, userErrorReply(err.message, err.choices));
      return;
    }
    const isAdmin = isAdminMember(i);
    if ((command.adminOnly || sub?.adminOnly) && !isAdmin) {
      await replyPrivately(i, userErrorReply(adminRefusal(command, sub)));
      return;
    }
    const privateAnswer = wantsPrivateAnswer(sub ?? command);
    await i.deferReply(privateAnswer ? { flags: MessageFlags.Ephemeral } : {});
    const request: DispatchRequest = { name: command.name, input };
    const reply = await dispatch(commands, request, contextFor(i, isAdmin, 0));
    await deliver(i, reply, request, privateAnswer);
  }

  async function handleAutocomplete(i: AutocompleteInteraction): Promise<void> {
    let choices: Completion[] = [];
    try {
      const command = findCommand(commands, i.commandName);
      const focused = i.options.getFocused(true);
      const sub = command?.subcommands?.find((s) => s.name === i.options.getSubcommand(false));
      const option = (sub?.options ?? command?.options)?.find((o) => o.name === focused.name);
      const typed = String(focused.value ?? '');
      if (option?.autocomplete === 'place') choices = completePlaces(services.engine.places, typed);
      if (option?.autocomplete === 'actor') choices = completeActors(services.engine.actors, typed);
    } catch (err) {
      logger.error('discord autocomplete failed', { ...describeInteraction(i), error: safeError(err, i) });
    }
    await i.respond(choices);
  }

  async function handleButton(i: ButtonInteraction): Promise<void> {
    const action = parseButtonId(i.customId);
    const session = action ? cache.get(action.key) : undefined;
    if (!action || !session) {
      await i.reply({ content: EXPIRED, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    const isAdmin = isAdminMember(i);
    if (action.kind === 'page') {
      if (!session.request) {
        await i.reply({ content: EXPIRED, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
        return;
      }
      await i.deferUpdate();
      const reply = await dispatch(commands, session.request, contextFor(i, isAdmin, action.offset));
      if (isErrorReply(reply)) {
        await i.followUp({ ...toOptions(renderEmbeds(reply)), flags: MessageFlags.Ephemeral });
        return;
      }
      await i.editReply(toOptions(renderEmbeds(reply, { sessionKey: action.key }), reply.images ?? []));
      return;
    }
    const line = splitCommandLine(session.choices[action.index]?.command ?? '');
    if (!line) {
      await i.reply({ content: EXPIRED, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    await i.deferReply();
    const request: DispatchRequest = { name: line.name, text: line.text };
    const reply = await dispatch(commands, request, contextFor(i, isAdmin, 0));
    await deliver(i, reply, request, false);
  }

  /** Send the answer to a deferred interaction; mistakes and failures go to the asker only. */
  async function deliver(
    i: ChatInputCommandInteraction | ButtonInteraction,
    reply: Reply,
    request: DispatchRequest,
    deferredPrivately: boolean,
  ): Promise<void> {
    const message = render(reply, { request, choices: reply.choices ?? [] });
    if (isErrorReply(reply) && !deferredPrivately) {
      await i.deleteReply();
      await i.followUp({ ...toOptions(message), flags: MessageFlags.Ephemeral });
      return;
    }
    // Pictures and an export's file go with the answer as attachments (one multipart upload).
    await i.editReply(toOptions(message, reply.images ?? [], reply.file));
  }

  async function replyPrivately(i: ChatInputCommandInteraction, reply: Reply): Promise<void> {
    const message = render(reply, { choices: reply.choices ?? [] });
    await i.reply({ ...toOptions(message), flags: MessageFlags.Ephemeral });
  }

  /** Render, keeping a session only when the answer has buttons that need one. */
  function render(reply: Reply, session: AnswerSession): DiscordMessage {
    const pageable = Boolean(reply.paging && session.request);
    if (!pageable && !reply.choices?.length) return renderEmbeds(reply);
    const sessionKey = cache.put(pageable ? session : { choices: session.choices });
    return renderEmbeds(reply, { sessionKey, pageButtons: pageable });
  }

  function contextFor(i: RepliableInteraction, isAdmin: boolean, offset: number): CommandContext {
    const channelName =
      i.channel && 'name' in i.channel && typeof i.channel.name === 'string' ? i.channel.name : undefined;
    return {
      services,
      clock,
      logger: logger.child({ interactionId: i.id }),
      platform: 'discord',
      user: { id: i.user.id, name: i.user.username, isAdmin },
      channel: { id: i.channelId ?? '', ...(channelName ? { name: channelName } : {}) },
      page: { offset, limit: pageSize },
      // Pictures travel as attachments shown in the embed (first page only; later pages drop them).
      images: ['map', 'timeline'],
    };
  }

  /** Manage Server (which Administrator implies), or the configured admin role. */
  function isAdminMember(i: RepliableInteraction): boolean {
    if (i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
    const roleId = config.adminRoleId;
    if (!roleId || !i.member) return false;
    const roles = i.member.roles;
    return roles instanceof GuildMemberRoleManager ? roles.cache.has(roleId) : roles.includes(roleId);
  }

  function adminRefusal(command: Command, sub: Subcommand | undefined): string {
    const who = config.adminRoleId
      ? 'the Manage Server permission or the desk admin role'
      : 'the Manage Server permission';
    return `Only members with ${who} can use /${command.name}${sub ? ` ${sub.name}` : ''}. Ask a server admin.`;
  }

  async function tellCalmly(interaction: Interaction): Promise<void> {
    if (!interaction.isRepliable()) return;
    const message = toOptions(renderEmbeds(internalErrorReply(interaction.id)));
    try {
      if (interaction.deferred || interaction.replied)
        await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
      else await interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
    } catch {
      // Nothing more can be said to the user; the failure itself is already logged.
    }
  }

  /**
   * discord.js turns each gateway packet into cache updates and events in `handlePacket`, called from a
   * listener inside its socket code; a malformed packet (`permissions: "abc"`) throws there, outside any
   * promise this adapter holds, and the rejection would end the whole process, Slack included. The packet is
   * dropped and logged instead, and the client reconnects, since a packet that failed halfway may have left
   * its caches half updated. `handlePacket` is discord.js 14's own method (pinned; guarded by
   * tests/faults/discord-gateway.test.ts).
   */
  function containMalformedPackets(): void {
    const ws = client.ws as unknown as {
      handlePacket?: (packet?: { t?: string }, shard?: unknown) => boolean;
    };
    const original = ws.handlePacket;
    if (typeof original !== 'function') {
      logger.warn('cannot guard against malformed gateway packets: discord.js changed');
      return;
    }
    ws.handlePacket = function guardedHandlePacket(packet, shard) {
      try {
        return original.call(this, packet, shard);
      } catch (err) {
        logger.error('discord gateway packet could not be handled; dropped it and reconnecting', {
          type: packet?.t,
          error: safeError(err),
        });
        setImmediate(reconnect);
        return false;
      }
    };
  }

  let reconnecting: Promise<void> | undefined;
  function reconnect(): void {
    if (reconnecting || !started) return;
    reconnecting = (async () => {
      for (let attempt = 1; started; attempt++) {
        try {
          await client.destroy();
          if (!started) return;
          // discord.js emits clientReady once per Client; a shard's ready comes with every login.
          const ready = new Promise<void>((resolve) => client.once(Events.ShardReady, () => resolve()));
          await client.login(config.token);
          await ready;
          logger.info('discord reconnected', { attempt });
          return;
        } catch (err) {
          logger.error('discord reconnect failed; trying again', { attempt, error: safeError(err) });
          await new Promise((r) => setTimeout(r, Math.min(60_000, 1000 * 2 ** attempt)).unref());
        }
      }
    })().finally(() => {
      reconnecting = undefined;
    });
  }

  return {
    platform: 'discord',
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(config.token);
      await ready;
      started = true;
      logger.info('discord connected', { user: client.user?.tag, guilds: client.guilds.cache.size });
    },
    async stop() {
      started = false;
      await reconnecting;
      await client.destroy();
    },
    async post(channelId, reply) {
      if (!started)
        throw new DiscordPostError('The Discord adapter is not started.', channelId, undefined, undefined);
      const sessionKey = reply.choices?.length ? cache.put({ choices: reply.choices }) : undefined;
      // Ten files fit in one message; the rest follow in further messages, never dropped.
      const [first = [], ...more] = chunk(reply.images ?? [], MAX_ATTACHMENTS);
      const message = renderEmbeds(reply, sessionKey ? { sessionKey, pageButtons: false } : {});
      await postMessage(channelId, withImageEmbeds(message, first), first);
      let from = first.length + 1;
      const total = reply.images?.length ?? 0;
      for (const images of more) {
        try {
          await postMessage(channelId, renderMorePictures(reply, images, { from, total }), images);
        } catch (err) {
          // The answer itself went out; retrying the post would repeat it, so this is only logged.
          logger.warn('discord follow-up message with pictures failed', {
            channel: channelId,
            pictures: images.map((im) => im.filename),
            error: err instanceof Error ? err.message : String(err),
          });
        }
        from += images.length;
      }
    },
  };

  /** One channel message through the REST client, with its pictures as multipart attachments. */
  async function postMessage(
    channelId: string,
    message: DiscordMessage,
    images: readonly ReplyImage[],
  ): Promise<void> {
    const body = {
      ...(message.content ? { content: message.content } : {}),
      embeds: message.embeds,
      components: message.components,
      allowed_mentions: { parse: [] },
      ...(images.length
        ? { attachments: images.map((im, id) => ({ id, filename: im.filename, description: altOf(im) })) }
        : {}),
    };
    try {
      await client.rest.post(Routes.channelMessages(channelId), {
        body,
        ...(images.length
          ? {
              files: images.map((im) => ({
                name: im.filename,
                data: Buffer.from(im.png),
                contentType: 'image/png',
              })),
            }
          : {}),
      });
    } catch (err) {
      throw toPostError(err, channelId);
    }
  }
}

/** `items` in runs of at most `size`. */
function chunk<T>(items: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let i = 0; i < items.length; i += size) runs.push(items.slice(i, i + size));
  return runs;
}

/** Discord's limit on files in one message. */
const MAX_ATTACHMENTS = 10;

/** Discord's attachment description (alt text) holds at most 1,024 characters. */
function altOf(image: ReplyImage): string {
  return image.alt.length > 1024 ? `${image.alt.slice(0, 1023)}…` : image.alt;
}

/**
 * discord.js message options for a rendered message, with the reply's pictures as attachments shown in
 * the embeds and an export's file attached after them. `attachments: []` drops pictures of an earlier page
 * when a message is edited.
 */
function toOptions(message: DiscordMessage, images: readonly ReplyImage[] = [], file?: ReplyFile) {
  const shown = images.slice(0, MAX_ATTACHMENTS - (file ? 1 : 0));
  const withImages = withImageEmbeds(message, shown);
  return {
    ...(withImages.content ? { content: withImages.content } : {}),
    embeds: withImages.embeds,
    components: withImages.components,
    allowedMentions: withImages.allowedMentions,
    attachments: [],
    files: [
      ...shown.map((im) => ({
        attachment: Buffer.from(im.png),
        name: im.filename,
        description: altOf(im),
      })),
      ...(file
        ? [{ attachment: Buffer.from(file.content, 'utf8'), name: file.name, description: file.mimeType }]
        : []),
    ],
  };
}

function isErrorReply(reply: Reply): boolean {
  return reply.tone === 'user-error' || reply.tone === 'internal-error';
}

/** Commands or subcommands may ask for answers only the asker sees (e.g. `/digest` preview). */
function wantsPrivateAnswer(target: Command | Subcommand): boolean {
  return 'ephemeral' in target && target.ephemeral === true;
}

function describeInteraction(i: Interaction): Record<string, unknown> {
  return {
    interactionId: i.id,
    ...('commandName' in i ? { command: i.commandName } : {}),
    ...(i.isButton() ? { customId: i.customId } : {}),
  };
}

/**
 * An error as safe log fields: discord.js errors carry the request URL and body, which contain the
 * interaction token, so only the name, message, status and code are kept, with the token scrubbed.
 */
function safeError(err: unknown, interaction?: Interaction): Record<string, unknown> {
  const token = interaction && 'token' in interaction ? interaction.token : undefined;
  const scrub = (s: string | undefined) => (s && token ? s.split(token).join('[token]') : s);
  if (err instanceof DiscordAPIError || err instanceof HTTPError) {
    return {
      name: err.name,
      message: scrub(err.message),
      status: err.status,
      method: err.method,
      ...('code' in err ? { code: err.code } : {}),
    };
  }
  if (err instanceof Error) return { name: err.name, message: scrub(err.message), stack: scrub(err.stack) };
  return { message: scrub(String(err)) };
}

function toPostError(err: unknown, channelId: string): DiscordPostError {
  if (err instanceof RateLimitError) {
    return new DiscordPostError(
      `Discord rate-limited posts to channel ${channelId}; retry after ${Math.ceil(err.retryAfter / 1000)} s.`,
      channelId,
      429,
      undefined,
      err.retryAfter,
    );
  }
  if (err instanceof DiscordAPIError) {
    return new DiscordPostError(
      `Discord refused the post to channel ${channelId}: ${err.message} (HTTP ${err.status}, code ${err.code}).`,
      channelId,
      err.status,
      err.code,
    );
  }
  if (err instanceof HTTPError) {
    return new DiscordPostError(
      `Discord failed the post to channel ${channelId} (HTTP ${err.status}).`,
      channelId,
      err.status,
      undefined,
    );
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new DiscordPostError(
    `Could not reach Discord to post to channel ${channelId}: ${reason}`,
    channelId,
    undefined,
    undefined,
  );
}
