import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A stand-in for the Discord REST API and gateway on 127.0.0.1, good enough for the real discord.js 14 client
 * (protocol notes: ../shared/TESTING-CLIENTS.md). REST lives under `/api/v10`, the gateway on the same port.
 */

/** One REST call as the fake saw it. */
export interface FakeDiscordCall {
  method: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  /** Query string parameters. */
  query: Record<string, string>;
  /** Parsed JSON body (undefined when there was none); for multipart, the parsed `payload_json`. */
  body: unknown;
  headers: http.IncomingHttpHeaders;
  /** Status the fake answered with. */
  status: number;
  /** Files of a multipart request (attachments), with `payload_json` parsed into `body`. */
  files?: FakeDiscordFile[];
}

/** One file part of a multipart request. */
export interface FakeDiscordFile {
  /** Form field, e.g. `files[0]`. */
  field: string;
  /** File name, e.g. `map-deir-ez-zor.png`. */
  name: string;
  /** Content type of the part. */
  type: string;
  bytes: Buffer;
}

/** How `POST /channels/:id/messages` should fail for one channel. */
export interface ChannelFailure {
  status: 403 | 404 | 429 | 500;
  /** Seconds, for 429 (sent as the `Retry-After` header and `retry_after` in the body). */
  retryAfter?: number;
  /** Fail this many times, then succeed; fails forever when omitted. */
  times?: number;
}

/** Options of {@link startFakeDiscord}. */
export interface FakeDiscordOptions {
  applicationId?: string;
  guildId?: string;
  channelId?: string;
  botUserId?: string;
  /** Role that the tests treat as the configured admin role; listed in GUILD_CREATE. */
  adminRoleId?: string;
  heartbeatIntervalMs?: number;
}

/** What a test may set on an incoming interaction. */
export interface FakeMember {
  userId?: string;
  username?: string;
  /** Permission bitfield as a decimal string; `'0'` for a plain member. */
  permissions?: string;
  roles?: string[];
}

/** One option as Discord sends it inside interaction data. */
export interface FakeOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: FakeOption[];
}

/** A running fake. */
export interface FakeDiscord {
  /** Value for the REST `api` option: `http://127.0.0.1:PORT/api` (no trailing slash). */
  apiUrl: string;
  applicationId: string;
  guildId: string;
  channelId: string;
  botUserId: string;
  adminRoleId: string;
  /** Every REST call, in order. */
  calls: FakeDiscordCall[];
  /** Resolve with the first call (already made or future) matching `pred`; reject after `ms`. */
  waitFor(pred: (call: FakeDiscordCall) => boolean, ms?: number): Promise<FakeDiscordCall>;
  /** Resolves once a client has identified on the gateway. */
  identified(ms?: number): Promise<void>;
  /** Make `POST /channels/:id/messages` fail for `channelId`. */
  failChannel(channelId: string, failure: ChannelFailure): void;
  /** Send a slash command; returns the interaction id and token to look for in calls. */
  sendCommand(name: string, options?: FakeOption[], member?: FakeMember): { id: string; token: string };
  /** Send an autocomplete request; `options` must mark one option `focused: true`. */
  sendAutocomplete(name: string, options: FakeOption[], member?: FakeMember): { id: string; token: string };
  /** Send a button click on a message the bot posted. */
  sendButton(customId: string, member?: FakeMember): { id: string; token: string };
  close(): Promise<void>;
}

/** `ManageGuild` in Discord's permission bitfield. */
export const MANAGE_GUILD = String(1 << 5);
/** View Channel + Send Messages: an ordinary member. */
export const PLAIN_MEMBER = String((1 << 10) | (1 << 11));

let snowflakeCounter = 0n;
function snowflake(): string {
  snowflakeCounter += 1n;
  return String((BigInt(Date.now() - 1420070400000) << 22n) + snowflakeCounter);
}

/** Start the fake on an ephemeral port. Stop it with `close()` after `client.destroy()`. */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const applicationId = options.applicationId ?? '100000000000000001';
  const guildId = options.guildId ?? '200000000000000002';
  const channelId = options.channelId ?? '300000000000000003';
  const botUserId = options.botUserId ?? applicationId;
  const adminRoleId = options.adminRoleId ?? '400000000000000004';
  const heartbeatInterval = options.heartbeatIntervalMs ?? 41_250;

  const calls: FakeDiscordCall[] = [];
  const waiters: { pred: (c: FakeDiscordCall) => boolean; resolve: (c: FakeDiscordCall) => void }[] = [];
  const failures = new Map<string, ChannelFailure & { used: number }>();
  const sockets = new Set<WebSocket>();
  let seq = 0;
  let identifiedResolve: () => void = () => {};
  const identifiedPromise = new Promise<void>((r) => {
    identifiedResolve = r;
  });

  function record(call: FakeDiscordCall): void {
    calls.push(call);
    for (const w of [...waiters]) {
      if (w.pred(call)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(call);
      }
    }
  }

  function messageObject(channel: string, body: Record<string, unknown>): Record<string, unknown> {
    return {
      id: snowflake(),
      type: 0,
      channel_id: channel,
      content: '',
      embeds: [],
      attachments: [],
      components: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      author: {
        id: botUserId,
        username: 'desk-bot',
        discriminator: '0',
        global_name: null,
        avatar: null,
        bot: true,
      },
      ...body,
    };
  }

  function route(method: string, p: string, body: unknown, res: http.ServerResponse, port: number): number {
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
      return status;
    };
    const empty = (status: number) => {
      res.writeHead(status);
      res.end();
      return status;
    };
    const obj = (body ?? {}) as Record<string, unknown>;
    const webhookMessage = /^\/webhooks\/[^/]+\/[^/]+\/messages\/([^/]+)$/.exec(p);
    const commands = /^\/applications\/([^/]+)(?:\/guilds\/([^/]+))?\/commands$/.exec(p);
    const channelMessages = /^\/channels\/([^/]+)\/messages$/.exec(p);
    const channel = /^\/channels\/([^/]+)$/.exec(p);
    if (method === 'GET' && p === '/gateway/bot') {
      return json(200, {
        url: `ws://127.0.0.1:${port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      });
    }
    if (method === 'POST' && /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(p)) return empty(204);
    if (webhookMessage) {
      if (method === 'DELETE') return empty(204);
      if (method === 'PATCH' || method === 'GET') {
        const id = webhookMessage[1] === '@original' ? snowflake() : webhookMessage[1];
        return json(200, messageObject(channelId, { ...obj, id }));
      }
    }
    if (method === 'POST' && /^\/webhooks\/[^/]+\/[^/]+$/.test(p))
      return json(200, messageObject(channelId, obj));
    if (method === 'PUT' && commands && Array.isArray(body)) {
      const [, app, guild] = commands;
      return json(
        200,
        body.map((c: Record<string, unknown>) => ({
          id: snowflake(),
          application_id: app,
          version: snowflake(),
          default_member_permissions: null,
          ...c,
          ...(guild ? { guild_id: guild } : {}),
        })),
      );
    }
    if (method === 'POST' && channelMessages) {
      const target = channelMessages[1]!;
      const failure = failures.get(target);
      if (failure && (failure.times === undefined || failure.used < failure.times)) {
        failure.used++;
        if (failure.status === 429) {
          const retryAfter = failure.retryAfter ?? 30;
          return json(
            429,
            { message: 'You are being rate limited.', retry_after: retryAfter, global: false, code: 0 },
            { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' },
          );
        }
        if (failure.status === 403) return json(403, { message: 'Missing Permissions', code: 50013 });
        if (failure.status === 404) return json(404, { message: 'Unknown Channel', code: 10003 });
        return json(500, { message: 'Internal Server Error', code: 0 });
      }
      return json(200, messageObject(target, obj));
    }
    if (method === 'GET' && channel) {
      return json(200, {
        id: channel[1],
        type: 0,
        guild_id: guildId,
        name: 'desk',
        position: 0,
        permission_overwrites: [],
      });
    }
    return json(404, { message: '404: Not Found', code: 0 });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const full = decodeURIComponent(url.pathname);
      const p = full.startsWith('/api/v10') ? full.slice('/api/v10'.length) : full;
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      let body: unknown;
      let files: FakeDiscordFile[] | undefined;
      const type = req.headers['content-type'] ?? '';
      if (type.startsWith('multipart/form-data')) {
        // Messages with attachments (pictures, exports): JSON in `payload_json`, each file in a `files[n]` part.
        const form = await new Response(new Uint8Array(bytes), {
          headers: { 'content-type': type },
        }).formData();
        files = [];
        const parts: [string, FormDataEntryValue][] = [];
        form.forEach((value, key) => {
          parts.push([key, value]);
        });
        for (const [key, value] of parts) {
          if (typeof value === 'string') {
            if (key === 'payload_json') body = JSON.parse(value);
          } else {
            const file = value as File;
            files.push({
              field: key,
              name: file.name,
              type: file.type,
              bytes: Buffer.from(await file.arrayBuffer()),
            });
          }
        }
      } else {
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          body = raw;
        }
      }
      const method = req.method ?? 'GET';
      const port = (server.address() as AddressInfo).port;
      const status = route(method, p, body, res, port);
      record({
        method,
        path: p,
        query: Object.fromEntries(url.searchParams),
        body,
        headers: req.headers,
        status,
        ...(files ? { files } : {}),
      });
    });
  });

  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: heartbeatInterval }, s: null, t: null }));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { op: number; d: unknown };
      const port = (server.address() as AddressInfo).port;
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (msg.op === 6) ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++seq, d: {} }));
      if (msg.op !== 2) return;
      ws.send(
        JSON.stringify({
          op: 0,
          t: 'READY',
          s: ++seq,
          d: {
            v: 10,
            user: {
              id: botUserId,
              username: 'desk-bot',
              discriminator: '0',
              global_name: null,
              avatar: null,
              bot: true,
            },
            guilds: [{ id: guildId, unavailable: true }],
            session_id: randomUUID(),
            resume_gateway_url: `ws://127.0.0.1:${port}`,
            shard: [0, 1],
            application: { id: applicationId, flags: 0 },
          },
        }),
      );
      ws.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: ++seq, d: guildCreate() }));
      identifiedResolve();
    });
  });

  function role(id: string, name: string, permissions: string, position: number) {
    return {
      id,
      name,
      permissions,
      position,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      icon: null,
      unicode_emoji: null,
      flags: 0,
    };
  }

  function guildCreate() {
    return {
      id: guildId,
      name: 'Desk',
      icon: null,
      owner_id: '900000000000000009',
      unavailable: false,
      member_count: 3,
      joined_at: new Date().toISOString(),
      features: [],
      preferred_locale: 'en-US',
      roles: [
        role(guildId, '@everyone', PLAIN_MEMBER, 0),
        role(adminRoleId, 'desk-editors', PLAIN_MEMBER, 1),
      ],
      channels: [
        { id: channelId, type: 0, name: 'desk', position: 0, permission_overwrites: [], parent_id: null },
      ],
      members: [],
      threads: [],
      emojis: [],
      stickers: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  function dispatchInteraction(type: number, data: Record<string, unknown>, member: FakeMember, extra = {}) {
    const id = snowflake();
    const token = `itok-${randomUUID()}`;
    const userId = member.userId ?? '500000000000000005';
    const d = {
      id,
      application_id: applicationId,
      type,
      token,
      version: 1,
      data,
      guild_id: guildId,
      channel_id: channelId,
      channel: {
        id: channelId,
        type: 0,
        guild_id: guildId,
        name: 'desk',
        permissions: member.permissions ?? PLAIN_MEMBER,
      },
      member: {
        user: {
          id: userId,
          username: member.username ?? 'reporter',
          discriminator: '0',
          global_name: null,
          avatar: null,
        },
        roles: member.roles ?? [],
        joined_at: new Date().toISOString(),
        permissions: member.permissions ?? PLAIN_MEMBER,
        deaf: false,
        mute: false,
        flags: 0,
      },
      app_permissions: PLAIN_MEMBER,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { 0: guildId },
      context: 0,
      ...extra,
    };
    const frame = JSON.stringify({ op: 0, t: 'INTERACTION_CREATE', s: ++seq, d });
    for (const ws of sockets) ws.send(frame);
    return { id, token };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    applicationId,
    guildId,
    channelId,
    botUserId,
    adminRoleId,
    calls,
    waitFor(pred, ms = 2000) {
      const hit = calls.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const waiter = {
          pred,
          resolve: (c: FakeDiscordCall) => {
            clearTimeout(timer);
            resolve(c);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          const seen = calls.map((c) => `${c.method} ${c.path}`).join(', ');
          reject(new Error(`fake Discord: no matching call within ${ms} ms; saw: ${seen || 'nothing'}`));
        }, ms);
        waiters.push(waiter);
      });
    },
    identified(ms = 2000) {
      return Promise.race([
        identifiedPromise,
        new Promise<void>((_, reject) =>
          setTimeout(() => reject(new Error(`fake Discord: no IDENTIFY within ${ms} ms`)), ms).unref(),
        ),
      ]);
    },
    failChannel(target, failure) {
      failures.set(target, { ...failure, used: 0 });
    },
    sendCommand(name, options = [], member = {}) {
      return dispatchInteraction(2, { id: snowflake(), name, type: 1, options, guild_id: guildId }, member);
    },
    sendAutocomplete(name, options, member = {}) {
      return dispatchInteraction(4, { id: snowflake(), name, type: 1, options, guild_id: guildId }, member);
    },
    sendButton(customId, member = {}) {
      const message = messageObject(channelId, {
        components: [{ type: 1, components: [{ type: 2, style: 2, label: 'Next', custom_id: customId }] }],
      });
      return dispatchInteraction(3, { custom_id: customId, component_type: 2 }, member, { message });
    },
    async close() {
      for (const ws of sockets) ws.close(1000);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
