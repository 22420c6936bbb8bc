import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  App,
  type BlockAction,
  type ButtonAction,
  HTTPReceiver,
  LogLevel,
  type RespondArguments,
  type RespondFn,
  SocketModeReceiver,
  type webApi,
} from '@slack/bolt';
import type { SlackConfig } from '../../config.js';
import type { AdapterDeps, ChatAdapter } from '../../core/adapter.js';
import type { Command, CommandContext } from '../../core/command.js';
import { dispatch, findCommand, parseInput } from '../../core/dispatch.js';
import { StartupError } from '../../core/errors.js';
import type { Reply, ReplyFile, ReplyImage, ReplyImageKind } from '../../core/reply.js';
import { createAdminCheck } from './admin-check.js';
import { toBoltLogger } from './bolt-logger.js';
import { createRecentIds } from './recent-ids.js';
import {
  ACTION_IDS,
  type ButtonTarget,
  decodeButtonValue,
  escapeSlackText,
  renderBlocks,
} from './render-blocks.js';

/** Test hooks and tuning for {@link createSlackAdapter}; production passes none of them. */
export interface SlackAdapterOptions {
  /** Where the HTTP receiver listens (HTTP mode). Default: `config.port` on all interfaces. */
  listen?: { port: number; host?: string };
  /** How long Bolt waits for an unhandled request before answering 404 (HTTP mode). Default 3001 ms. */
  unhandledRequestTimeoutMillis?: number;
  /** Socket Mode ping timeout, which is also the reconnect delay. Default: the library's (5 s). */
  clientPingTimeout?: number;
  /** Retries of a failed Web API call (not rate limits: those reject so callers can reschedule). Default 2. */
  webApiRetries?: number;
  /** Results per page. Default 10. */
  pageSize?: number;
  /** Level of Bolt's own log lines. Default info. */
  boltLogLevel?: LogLevel;
}

/** The Slack adapter: a {@link ChatAdapter} plus the HTTP port once listening. */
export interface SlackAdapter extends ChatAdapter {
  readonly platform: 'slack';
  /** Port of the HTTP receiver after `start()` in HTTP mode; undefined in Socket Mode. */
  httpPort(): number | undefined;
}

/** A post Slack refused. `code` is Slack's error code (`channel_not_found`, `ratelimited`, ...). */
export class SlackPostError extends Error {
  /** Slack's error code, or `request_error` / `http_<status>` when Slack could not be reached. */
  readonly code: string;
  /** Seconds Slack asked us to wait (rate limits). */
  readonly retryAfterSeconds?: number;

  constructor(code: string, message: string, retryAfterSeconds?: number) {
    super(message);
    this.name = 'SlackPostError';
    this.code = code;
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Turn a Web API error into Slack's error code and the wait it asked for. */
export function slackErrorCode(err: unknown): { code: string; retryAfterSeconds?: number } {
  const e = err as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number };
  if (e?.code === 'slack_webapi_platform_error' && e.data?.error) return { code: e.data.error };
  if (e?.code === 'slack_webapi_rate_limited_error') {
    return {
      code: 'ratelimited',
      ...(typeof e.retryAfter === 'number' ? { retryAfterSeconds: e.retryAfter } : {}),
    };
  }
  if (e?.code === 'slack_webapi_http_error' && e.statusCode) return { code: `http_${e.statusCode}` };
  if (e?.code === 'slack_webapi_request_error') return { code: 'request_error' };
  return { code: 'unknown_error' };
}

/** Where a request came from, in the shape the adapter needs. */
interface Asker {
  userId: string;
  userName?: string;
  channelId: string;
  channelName?: string;
}

/** Messages to a channel never unfurl report links into big previews. */
const QUIET_POST = { unfurl_links: false, unfurl_media: false } as const;

/** One file for files.uploadV2: a picture or an export. */
interface SlackUpload {
  content: Buffer;
  filename: string;
  title: string;
  /** Alt text, for pictures. */
  altText?: string;
}

/** Pictures as uploads, with their alt text (Slack takes at most 1,000 characters). */
function imageUploads(images: readonly ReplyImage[]): SlackUpload[] {
  return images.map((image) => ({
    content: Buffer.from(image.png),
    filename: image.filename,
    title: image.filename.replace(/\.png$/, ''),
    altText: image.alt.slice(0, 1000),
  }));
}

/**
 * Build the Slack adapter: one Bolt listener per command in `deps.commands`, Socket Mode by default or the
 * HTTP receiver on `config.port` at `/slack/events`. Every listener acknowledges first, then dispatches, then
 * answers ephemerally through `respond()`; "Share in channel" and "More" buttons re-run the command.
 */
export function createSlackAdapter(
  config: SlackConfig,
  deps: AdapterDeps,
  options: SlackAdapterOptions = {},
): SlackAdapter {
  const logger = deps.logger.child({ platform: 'slack' });
  const boltLogger = toBoltLogger(logger, options.boltLogLevel ?? LogLevel.INFO);
  const pageSize = options.pageSize ?? 10;
  const clientOptions: webApi.WebClientOptions = {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    retryConfig: { retries: options.webApiRetries ?? 2 },
    rejectRateLimitedCalls: true,
    logger: boltLogger,
  };

  let httpReceiver: HTTPReceiver | undefined;
  let socketReceiver: SocketModeReceiver | undefined;
  if (config.mode === 'http') {
    if (!config.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET.');
    httpReceiver = new HTTPReceiver({
      signingSecret: config.signingSecret,
      logger: boltLogger,
      unhandledRequestTimeoutMillis: options.unhandledRequestTimeoutMillis ?? 3001,
    });
  } else {
    if (!config.appToken) throw new Error('Slack Socket Mode needs SLACK_APP_TOKEN (starts with xapp-).');
    // A hand-built receiver does not inherit App's clientOptions, so the API URL is passed here as well.
    socketReceiver = new SocketModeReceiver({
      appToken: config.appToken,
      logger: boltLogger,
      ...(options.clientPingTimeout !== undefined ? { clientPingTimeout: options.clientPingTimeout } : {}),
      installerOptions: { clientOptions },
    });
  }

  const app = new App({
    token: config.botToken,
    receiver: (httpReceiver ?? socketReceiver)!,
    clientOptions,
    logger: boltLogger,
    // auth.test runs in start(), where a bad token becomes a clear error instead of an unhandled rejection.
    deferInitialization: true,
  });

  const recent = createRecentIds(deps.clock);
  const isAdmin = createAdminCheck({
    adminUsers: config.adminUsers,
    lookup: async (user) => (await app.client.users.info({ user })).user,
    clock: deps.clock,
    logger,
  });

  async function answer(
    target: ButtonTarget,
    asker: Asker,
    requestId: string,
    images?: readonly ReplyImageKind[],
  ): Promise<Reply> {
    const ctx: CommandContext = {
      services: deps.services,
      clock: deps.clock,
      logger: logger.child({ slackRequest: requestId }),
      platform: 'slack',
      user: {
        id: asker.userId,
        ...(asker.userName ? { name: asker.userName } : {}),
        isAdmin: await isAdmin(asker.userId),
      },
      channel: { id: asker.channelId, ...(asker.channelName ? { name: asker.channelName } : {}) },
      page: { offset: target.offset, limit: pageSize },
      ...(images ? { images } : {}),
    };
    return dispatch(deps.commands, { name: target.command, text: target.text }, ctx);
  }

  /** Where each answer was shared (`chat.postMessage` ts), so its pictures go into that thread. */
  const shares = new Map<string, string>();
  const shareKey = (channel: string, user: string, t: ButtonTarget) =>
    `${channel}|${user}|${t.command}|${t.text}`;
  function rememberShare(key: string, ts: string): void {
    shares.delete(key);
    shares.set(key, ts);
    if (shares.size > 1000) shares.delete(shares.keys().next().value as string);
  }

  /**
   * Upload files (pictures, an export) with files.uploadV2 (files.getUploadURLExternal, the upload URL, then
   * files.completeUploadExternal): into a channel, a thread, or a DM. Rejects with Slack's error code.
   */
  async function upload(
    channel: string,
    files: SlackUpload[],
    options: { threadTs?: string; comment?: string } = {},
  ): Promise<void> {
    await app.client.filesUploadV2({
      channel_id: channel,
      ...(options.threadTs ? { thread_ts: options.threadTs } : {}),
      ...(options.comment ? { initial_comment: escapeSlackText(options.comment) } : {}),
      file_uploads: files.map((f) => ({
        file: f.content,
        filename: f.filename,
        title: f.title,
        ...(f.altText ? { alt_text: f.altText } : {}),
      })),
    });
  }

  /** The asker's direct-message channel with the bot. */
  async function dmChannel(userId: string): Promise<string> {
    const opened = await app.client.conversations.open({ users: userId });
    const id = opened.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel');
    return id;
  }

  /** True when re-running this request would change something again (subscribe, watch): no Share or More. */
  function changesState(target: ButtonTarget): boolean {
    const command: Command | undefined = findCommand(deps.commands, target.command);
    if (!command) return false;
    if (command.adminOnly) return true;
    if (!command.subcommands?.some((s) => s.adminOnly)) return false;
    try {
      const sub = parseInput(command, target.text).subcommand;
      return Boolean(command.subcommands.find((s) => s.name === sub)?.adminOnly);
    } catch {
      return false;
    }
  }

  function message(reply: Reply, target: ButtonTarget) {
    return renderBlocks(reply, { actions: target, ...(changesState(target) ? { sideEffects: true } : {}) });
  }

  async function safeRespond(
    respond: RespondFn,
    payload: RespondArguments,
    log: { command: string; requestId: string },
  ): Promise<void> {
    try {
      await respond(payload);
    } catch (err) {
      logger.error('slack respond failed', {
        ...log,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  app.use(async ({ body, context, next }) => {
    const triggerId = (body as { trigger_id?: unknown }).trigger_id;
    // Marked here, skipped in the listener after ack(), so a repeat delivery is still acknowledged.
    context.duplicateDelivery =
      context.retryNum !== undefined || (typeof triggerId === 'string' && recent.seenBefore(triggerId));
    await next();
  });

  for (const command of deps.commands) {
    app.command(`/${command.name}`, async ({ ack, command: payload, respond, context }) => {
      await ack();
      const requestId = payload.trigger_id || randomUUID().slice(0, 8);
      if (context.duplicateDelivery) {
        logger.info('slack repeat delivery ignored', { command: command.name, requestId });
        return;
      }
      const target: ButtonTarget = { command: command.name, text: payload.text ?? '', offset: 0 };
      const reply = await answer(
        target,
        {
          userId: payload.user_id,
          userName: payload.user_name,
          channelId: payload.channel_id,
          channelName: payload.channel_name,
        },
        requestId,
      );
      if (reply.images?.length) {
        // /map and /trend: the picture is the answer. An ephemeral reply cannot carry a file, so it is
        // uploaded into the channel, and the asker is told where it went.
        await postPictures(respond, reply, reply.images, payload.channel_id, payload.user_id, undefined, {
          command: command.name,
          requestId,
        });
        return;
      }
      await safeRespond(
        respond,
        { response_type: 'ephemeral', ...message(reply, target) },
        { command: command.name, requestId },
      );
      if (reply.file) await uploadFile(reply.file, reply.title, payload.channel_id, respond, requestId);
    });
  }

  /** Upload pictures, then tell the asker (ephemerally) where they went or why they could not go. */
  async function postPictures(
    respond: RespondFn,
    reply: Reply,
    images: ReplyImage[],
    channel: string,
    userId: string,
    threadTs: string | undefined,
    log: { command: string; requestId: string },
    toDm = false,
  ): Promise<void> {
    let where = toDm
      ? 'your direct messages with me'
      : threadTs
        ? 'the thread of the shared answer'
        : 'this channel';
    try {
      const target = toDm ? await dmChannel(userId) : channel;
      await upload(target, imageUploads(images), {
        ...(threadTs ? { threadTs } : {}),
        comment: `${reply.title}: ${images.map((i) => i.alt).join(' ')}`,
      });
    } catch (err) {
      const { code } = slackErrorCode(err);
      logger.warn('slack picture upload failed', { ...log, channel, code });
      const hint =
        code === 'not_in_channel' || code === 'channel_not_found'
          ? ' If this is a private channel, invite me first with /invite.'
          : code === 'missing_scope'
            ? ' The app needs the files:write scope; reinstall it from slack-manifest.json.'
            : ' Please try again in a moment.';
      await safeRespond(
        respond,
        {
          response_type: 'ephemeral',
          replace_original: false,
          text: `I could not upload the picture (${code}).${hint}`,
        },
        log,
      );
      return;
    }
    where = escapeSlackText(where);
    await safeRespond(
      respond,
      {
        response_type: 'ephemeral',
        replace_original: false,
        text: `Posted ${images.map((i) => i.filename).join(' and ')} in ${where}.`,
      },
      log,
    );
  }

  /**
   * Upload an answer's file (an export) into the channel with the same files.uploadV2 helper as pictures
   * (getUploadURLExternal, the upload, completeUploadExternal). A failure is told to the asker in one calm line.
   */
  async function uploadFile(
    file: ReplyFile,
    title: string,
    channelId: string,
    respond: RespondFn,
    requestId: string,
  ): Promise<void> {
    try {
      await upload(
        channelId,
        [{ content: Buffer.from(file.content, 'utf8'), filename: file.name, title: file.name }],
        {
          comment: title,
        },
      );
    } catch (err) {
      const { code } = slackErrorCode(err);
      logger.error('slack file upload failed', { requestId, code });
      await safeRespond(
        respond,
        {
          response_type: 'ephemeral',
          text:
            code === 'not_in_channel' || code === 'channel_not_found'
              ? 'The file could not be posted here: invite the bot to this channel and try again.'
              : 'The file could not be uploaded to Slack just now. Please try again in a moment.',
        },
        { command: 'upload', requestId },
      );
    }
  }

  /** Shared steps of every button: ack, skip repeats, read the value, work out who pressed it. */
  function onButton(
    handle: (args: {
      target: ButtonTarget;
      asker: Asker;
      requestId: string;
      respond: RespondFn;
      body: BlockAction;
    }) => Promise<void>,
  ) {
    return async ({
      ack,
      body,
      action,
      respond,
      context,
    }: {
      ack: () => Promise<void>;
      body: BlockAction;
      action: ButtonAction;
      respond: RespondFn;
      context: Record<string, unknown>;
    }) => {
      await ack();
      const requestId = body.trigger_id || randomUUID().slice(0, 8);
      if (context.duplicateDelivery) {
        logger.info('slack repeat delivery ignored', { action: action.action_id, requestId });
        return;
      }
      const target = decodeButtonValue(action.value);
      if (!target) {
        logger.warn('slack button with an unreadable value', { action: action.action_id, requestId });
        await safeRespond(
          respond,
          {
            response_type: 'ephemeral',
            replace_original: false,
            text: 'That button has expired. Please ask again.',
          },
          { command: 'unknown', requestId },
        );
        return;
      }
      const asker: Asker = {
        userId: body.user.id,
        ...(body.user.name ? { userName: body.user.name } : {}),
        channelId: body.channel?.id ?? body.container?.channel_id ?? '',
        ...(body.channel?.name ? { channelName: body.channel.name } : {}),
      };
      await handle({ target, asker, requestId, respond, body });
    };
  }

  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: ACTION_IDS.share },
    onButton(async ({ target, asker, requestId, respond }) => {
      const log = { command: target.command, requestId };
      if (changesState(target)) return;
      const reply = await answer(target, asker, requestId);
      if (reply.tone !== 'answer' && reply.tone !== 'info') {
        await safeRespond(
          respond,
          { response_type: 'ephemeral', replace_original: false, ...message(reply, target) },
          log,
        );
        return;
      }
      try {
        const posted = await app.client.chat.postMessage({
          channel: asker.channelId,
          ...renderBlocks(reply, { sharedBy: asker.userId, pictures: target }),
          ...QUIET_POST,
        });
        if (posted.ts) rememberShare(shareKey(asker.channelId, asker.userId, target), posted.ts);
      } catch (err) {
        const { code } = slackErrorCode(err);
        logger.warn('slack share failed', { ...log, channel: asker.channelId, code });
        const hint =
          code === 'not_in_channel' || code === 'channel_not_found'
            ? ' If this is a private channel or a direct message, invite me first with /invite.'
            : ' Please try again in a moment.';
        await safeRespond(
          respond,
          {
            response_type: 'ephemeral',
            replace_original: false,
            text: `I could not post in this channel (${code}).${hint}`,
          },
          log,
        );
      }
    }),
  );

  const rerun = onButton(async ({ target, asker, requestId, respond }) => {
    const reply = await answer(target, asker, requestId);
    await safeRespond(
      respond,
      { response_type: 'ephemeral', replace_original: true, ...message(reply, target) },
      { command: target.command, requestId },
    );
  });
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.more }, rerun);
  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: new RegExp(`^${ACTION_IDS.choicePrefix}\\d+$`) },
    rerun,
  );

  for (const kind of ['map', 'timeline'] as const) {
    app.action<BlockAction<ButtonAction>>(
      { type: 'block_actions', action_id: kind === 'map' ? ACTION_IDS.map : ACTION_IDS.timeline },
      onButton(async ({ target, asker, requestId, respond, body }) => {
        const log = { command: target.command, requestId };
        const reply = await answer(target, asker, requestId, [kind]);
        const image = reply.images?.find((i) => i.kind === kind);
        if (!image) {
          await safeRespond(
            respond,
            {
              response_type: 'ephemeral',
              replace_original: false,
              text: escapeSlackText(
                reply.footer?.split('\n').pop() ?? `There is no ${kind} for this answer.`,
              ),
            },
            log,
          );
          return;
        }
        // Pressed on the shared copy: thread under it. On the ephemeral answer: under the copy shared from
        // it, if any; otherwise to the asker's DM, since nobody else can see the answer.
        const container = body.container as {
          is_ephemeral?: boolean;
          message_ts?: string;
          thread_ts?: string;
        };
        const onSharedCopy = !container?.is_ephemeral && Boolean(body.message);
        const threadTs = onSharedCopy
          ? (body.message?.thread_ts ?? body.message?.ts ?? container?.message_ts)
          : shares.get(shareKey(asker.channelId, asker.userId, target));
        await postPictures(respond, reply, [image], asker.channelId, asker.userId, threadTs, log, !threadTs);
      }),
    );
  }

  let server: Server | undefined;
  let running = false;

  return {
    platform: 'slack',

    async start() {
      try {
        await app.init();
      } catch (err) {
        const { code } = slackErrorCode(err);
        throw new StartupError(
          `Slack did not accept the bot token (${code}); check SLACK_BOT_TOKEN and SLACK_API_URL.`,
        );
      }
      if (httpReceiver) {
        server = await httpReceiver.start(options.listen ?? config.port);
      } else {
        await app.start();
      }
      running = true;
      logger.info('slack adapter started', {
        mode: config.mode,
        commands: deps.commands.map((c) => c.name),
        ...(server ? { port: (server.address() as AddressInfo).port } : {}),
      });
    },

    async stop() {
      if (!running) return;
      running = false;
      if (httpReceiver) {
        const closing = httpReceiver.stop();
        // Keep-alive connections would otherwise hold the server open until they time out.
        server?.closeIdleConnections();
        await closing;
        server = undefined;
      } else if (socketReceiver) {
        await socketReceiver.client.disconnect();
      }
      logger.info('slack adapter stopped');
    },

    async post(channelId, reply) {
      try {
        await app.client.chat.postMessage({ channel: channelId, ...renderBlocks(reply), ...QUIET_POST });
        if (reply.images?.length) {
          try {
            await upload(channelId, imageUploads(reply.images), { comment: `Pictures for: ${reply.title}` });
          } catch (err) {
            // The post itself went out; retrying it would post the text twice, so the failure is only logged.
            logger.warn('slack picture upload with a post failed', {
              channel: channelId,
              ...slackErrorCode(err),
            });
          }
        }
      } catch (err) {
        const { code, retryAfterSeconds } = slackErrorCode(err);
        throw new SlackPostError(
          code,
          `Slack refused the post to ${channelId} (${code})${retryAfterSeconds !== undefined ? `; retry after ${retryAfterSeconds}s` : ''}.`,
          retryAfterSeconds,
        );
      }
    },

    httpPort() {
      const address = server?.address();
      return address && typeof address === 'object' ? address.port : undefined;
    },
  };
}
