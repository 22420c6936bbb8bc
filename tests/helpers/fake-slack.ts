import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * A stand-in for Slack on 127.0.0.1: the Web API (`/api/<method>`), response_url sinks (`/response/<id>`)
 * and a Socket Mode WebSocket (`/link/`), on one port. It records everything the bot sends, so tests assert
 * on what Slack would have received. Shapes follow ../../../shared/TESTING-CLIENTS.md.
 */

/** One Web API call as the fake received it. */
export interface RecordedCall {
  /** Web API method, e.g. `chat.postMessage`. */
  method: string;
  headers: IncomingHttpHeaders;
  /** Form or JSON body; `blocks` and `attachments` sent as JSON strings are parsed into arrays. */
  body: Record<string, unknown>;
  /** `body.blocks`, parsed, when present. */
  blocks?: unknown[];
  raw: string;
}

/** One POST to a response_url. */
export interface RecordedResponse {
  /** The `<id>` part of `/response/<id>`. */
  id: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A file the bot sent to an upload URL handed out by files.getUploadURLExternal (step 2 of files.uploadV2). */
export interface RecordedUpload {
  fileId: string;
  /** The filename asked for in files.getUploadURLExternal. */
  filename: string;
  headers: IncomingHttpHeaders;
  /** The file's bytes (WebClient posts them as multipart form data; a raw body is taken as the file itself). */
  bytes: Buffer;
}

/** A frame the bot sent over the Socket Mode connection (acks). */
export interface SocketFrame {
  envelope_id?: string;
  payload?: Record<string, unknown>;
  [key: string]: unknown;
}

/** How a Web API method should fail. */
export interface FailureRule {
  /** Slack's error code, e.g. `channel_not_found`, `not_in_channel`, `ratelimited`. */
  error: string;
  /** Only fail calls for this channel. */
  channel?: string;
  /** Fail this many times, then succeed. Default: always. */
  times?: number;
  /** For `ratelimited`: the Retry-After header in seconds. Default 1. */
  retryAfter?: number;
}

/** The running fake. */
export interface FakeSlack {
  /** Base URL of the Web API, with the trailing slash WebClient expects. */
  readonly apiUrl: string;
  /** Port of the fake. */
  readonly port: number;
  readonly calls: RecordedCall[];
  readonly responses: RecordedResponse[];
  /** Bytes posted to upload URLs handed out by `files.getUploadURLExternal`. */
  readonly uploads: RecordedUpload[];
  readonly socketFrames: SocketFrame[];
  /** A fresh response_url on this fake. */
  responseUrl(id?: string): string;
  /** Make `method` fail (see {@link FailureRule}). */
  fail(method: string, rule: FailureRule): void;
  /** Make response_url POSTs fail with this HTTP status, `times` times (default always). */
  failResponses(status: number, times?: number): void;
  /** Roles `users.info` reports for a user (default: a plain member). */
  setUser(id: string, roles: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean }): void;
  /** Resolve with the first truthy value of `check()`, re-evaluated whenever something is recorded (and every 10 ms). */
  waitFor<T>(check: () => T | undefined | false, timeoutMs?: number, what?: string): Promise<T>;
  /** The first Web API call to `method` matching `pred`. */
  waitForCall(method: string, pred?: (c: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** The first response_url POST matching `pred`. */
  waitForResponse(pred?: (r: RecordedResponse) => boolean, timeoutMs?: number): Promise<RecordedResponse>;
  /** Number of open Socket Mode connections. */
  socketCount(): number;
  /** Send a Socket Mode envelope to every connected bot; returns its envelope id. */
  sendEnvelope(
    type: string,
    payload: Record<string, unknown>,
    extra?: { retry_attempt?: number; retry_reason?: string; accepts_response_payload?: boolean },
  ): string;
  /** Wait for the bot's ack of an envelope. */
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<SocketFrame>;
  /** Close sockets gracefully, then the server. */
  close(): Promise<void>;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
  for (const key of ['blocks', 'attachments', 'files']) {
    if (typeof out[key] === 'string') out[key] = JSON.parse(out[key] as string);
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString('utf8');
}

/** The bytes of the first file in a multipart form body. */
export async function firstFilePart(raw: Buffer, contentType: string): Promise<Buffer> {
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': contentType },
  }).formData();
  let file: Blob | undefined;
  form.forEach((value) => {
    if (!file && typeof value !== 'string') file = value;
  });
  return file ? Buffer.from(await (file as Blob).arrayBuffer()) : Buffer.alloc(0);
}

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Start the fake on 127.0.0.1 with a random port. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: RecordedCall[] = [];
  const responses: RecordedResponse[] = [];
  const socketFrames: SocketFrame[] = [];
  const uploads: RecordedUpload[] = [];
  const pendingUploads = new Map<string, string>();
  let fileCounter = 0;
  const failures = new Map<string, FailureRule[]>();
  const users = new Map<string, { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean }>();
  let responseFailure: { status: number; times: number } | undefined;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  let ts = 1_700_000_000;
  let port = 0;

  function takeFailure(method: string, body: Record<string, unknown>): FailureRule | undefined {
    const rules = failures.get(method) ?? [];
    const rule = rules.find((r) => !r.channel || r.channel === body.channel);
    if (!rule) return undefined;
    if (rule.times !== undefined) {
      rule.times--;
      if (rule.times <= 0) rules.splice(rules.indexOf(rule), 1);
    }
    return rule;
  }

  async function handleApi(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const body = parseBody(raw, req.headers['content-type']);
    calls.push({
      method,
      headers: req.headers,
      body,
      ...(Array.isArray(body.blocks) ? { blocks: body.blocks } : {}),
      raw,
    });
    notify();
    const failure = takeFailure(method, body);
    if (failure?.error === 'ratelimited') {
      json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter ?? 1) });
      return;
    }
    if (failure) {
      json(res, 200, { ok: false, error: failure.error });
      return;
    }
    switch (method) {
      case 'auth.test':
        json(res, 200, {
          ok: true,
          url: 'https://fake.slack/',
          team: 'Fake',
          user: 'bot',
          team_id: 'T0001',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        });
        return;
      case 'chat.postMessage':
        ts++;
        json(res, 200, { ok: true, channel: body.channel, ts: `${ts}.000100`, message: { text: body.text } });
        return;
      case 'conversations.open':
        json(res, 200, { ok: true, channel: { id: `D${String(body.users ?? '').replace(/^U/, '')}` } });
        return;
      case 'apps.connections.open':
        json(res, 200, { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}` });
        return;
      case 'files.getUploadURLExternal': {
        // Slack checks the filename and length here, then hands out a one-off upload URL on files.slack.com;
        // the stand-in's is on itself.
        if (!body.filename || !Number(body.length)) {
          json(res, 200, { ok: false, error: 'invalid_arguments' });
          return;
        }
        const fileId = `F${String(++fileCounter).padStart(6, '0')}`;
        pendingUploads.set(fileId, String(body.filename));
        json(res, 200, {
          ok: true,
          upload_url: `http://127.0.0.1:${port}/upload/${fileId}`,
          file_id: fileId,
        });
        return;
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(body.files) ? body.files : JSON.parse(String(body.files ?? '[]'))) as {
          id: string;
          title?: string;
        }[];
        // Every file must have been uploaded to its URL first.
        if (!files.length || files.some((f) => !uploads.some((u) => u.fileId === f.id))) {
          json(res, 200, { ok: false, error: 'file_not_found' });
          return;
        }
        json(res, 200, { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) });
        return;
      }
      case 'users.info': {
        const id = String(body.user ?? '');
        json(res, 200, {
          ok: true,
          user: { id, name: id.toLowerCase(), is_admin: false, is_owner: false, ...users.get(id) },
        });
        return;
      }
      default:
        json(res, 200, { ok: true });
    }
  }

  async function handleResponse(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    responses.push({ id, headers: req.headers, body: parseBody(raw, req.headers['content-type']) });
    notify();
    if (responseFailure && responseFailure.times > 0) {
      responseFailure.times--;
      res.writeHead(responseFailure.status);
      res.end('failed');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  }

  async function handleUpload(fileId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBytes(req);
    const filename = pendingUploads.get(fileId);
    if (filename === undefined) {
      res.writeHead(404);
      res.end('unknown upload');
      return;
    }
    pendingUploads.delete(fileId);
    // WebClient posts the file as multipart form data; a raw body is taken as the file itself.
    const type = req.headers['content-type'] ?? '';
    const bytes = type.startsWith('multipart/form-data') ? await firstFilePart(raw, type) : raw;
    uploads.push({ fileId, filename, headers: req.headers, bytes });
    notify();
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${raw.length}`);
  }

  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const api = /^\/api\/([\w.]+)$/.exec(path);
    const response = /^\/response\/([\w-]+)$/.exec(path);
    const uploadTo = /^\/upload\/(\w+)$/.exec(path);
    const done = (p: Promise<void>) =>
      p.catch((err: unknown) => {
        if (!res.headersSent) json(res, 500, { ok: false, error: String(err) });
      });
    if (req.method === 'POST' && api) void done(handleApi(api[1]!, req, res));
    else if (req.method === 'POST' && response) void done(handleResponse(response[1]!, req, res));
    else if (req.method === 'POST' && uploadTo) void done(handleUpload(uploadTo[1]!, req, res));
    else json(res, 404, { ok: false, error: 'unknown_method' });
  });

  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/link/')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => {
        sockets.delete(ws);
        notify();
      });
      ws.on('message', (data) => {
        socketFrames.push(JSON.parse(String(data)) as SocketFrame);
        notify();
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake-slack', approximate_connection_time: 3600 },
          connection_info: { app_id: 'A0001' },
        }),
      );
      notify();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  const fake: FakeSlack = {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    port,
    calls,
    responses,
    uploads,
    socketFrames,
    responseUrl: (id = randomUUID()) => `http://127.0.0.1:${port}/response/${id}`,
    fail(method, rule) {
      failures.set(method, [...(failures.get(method) ?? []), { ...rule }]);
    },
    failResponses(status, times = Number.POSITIVE_INFINITY) {
      responseFailure = { status, times };
    },
    setUser(id, roles) {
      users.set(id, roles);
    },
    waitFor(check, timeoutMs = 3000, what = 'condition') {
      return new Promise((resolve, reject) => {
        const attempt = () => {
          const value = check();
          if (value) {
            waiters.delete(attempt);
            clearTimeout(timer);
            clearInterval(poll);
            resolve(value);
          }
        };
        // Also poll, for conditions on things the fake does not see (log lines, test state).
        const poll = setInterval(attempt, 10);
        const timer = setTimeout(() => {
          waiters.delete(attempt);
          clearInterval(poll);
          reject(
            new Error(
              `fake slack: timed out waiting for ${what}; calls: ${calls.map((c) => c.method).join(', ') || 'none'}; ` +
                `responses: ${responses.length}; socket frames: ${socketFrames.length}`,
            ),
          );
        }, timeoutMs);
        waiters.add(attempt);
        attempt();
      });
    },
    waitForCall(method, pred = () => true, timeoutMs) {
      return fake.waitFor(
        () => calls.find((c) => c.method === method && pred(c)),
        timeoutMs,
        `a ${method} call`,
      );
    },
    waitForResponse(pred = () => true, timeoutMs) {
      return fake.waitFor(() => responses.find(pred), timeoutMs, 'a response_url POST');
    },
    socketCount: () => sockets.size,
    sendEnvelope(type, payload, extra = {}) {
      const envelopeId = randomUUID();
      const frame = JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: false,
        ...extra,
      });
      for (const ws of sockets) ws.send(frame);
      return envelopeId;
    },
    waitForAck(envelopeId, timeoutMs) {
      return fake.waitFor(
        () => socketFrames.find((f) => f.envelope_id === envelopeId),
        timeoutMs,
        `ack of ${envelopeId}`,
      );
    },
    async close() {
      // A graceful close: terminate() would leave the Socket Mode client waiting 30 s for the handshake.
      await Promise.all(
        [...sockets].map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === ws.CLOSED) return resolve();
              ws.once('close', () => resolve());
              ws.close(1000);
            }),
        ),
      );
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/** Fields of a slash command request (HTTP form or Socket Mode payload). */
export interface SlashCommandFields {
  command: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  response_url: string;
  trigger_id?: string;
}

/** A complete slash command payload with test defaults. */
export function slashCommandPayload(fields: SlashCommandFields): Record<string, string> {
  return {
    token: 'verification-token-unused',
    team_id: 'T0001',
    team_domain: 'fake',
    channel_id: 'C0001',
    channel_name: 'conflict-desk',
    user_id: 'U0001',
    user_name: 'reporter',
    api_app_id: 'A0001',
    text: '',
    trigger_id: `${Date.now()}.${randomUUID()}`,
    ...fields,
  };
}

/** Fields of a button press. */
export interface BlockActionFields {
  actionId: string;
  value: string;
  responseUrl: string;
  userId?: string;
  channelId?: string;
  triggerId?: string;
  /** The button is on a message posted in the channel (a shared answer) with this ts, not an ephemeral one. */
  messageTs?: string;
}

/** A `block_actions` payload for a button in an ephemeral message (or a channel message with `messageTs`). */
export function blockActionPayload(fields: BlockActionFields): Record<string, unknown> {
  const channelId = fields.channelId ?? 'C0001';
  return {
    type: 'block_actions',
    user: { id: fields.userId ?? 'U0001', username: 'reporter', name: 'reporter', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'verification-token-unused',
    container: {
      type: 'message',
      message_ts: fields.messageTs ?? '1700000000.000100',
      channel_id: channelId,
      is_ephemeral: !fields.messageTs,
    },
    ...(fields.messageTs
      ? { message: { type: 'message', ts: fields.messageTs, text: 'shared answer' } }
      : {}),
    trigger_id: fields.triggerId ?? `${Date.now()}.${randomUUID()}`,
    team: { id: 'T0001', domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: 'conflict-desk' },
    state: { values: {} },
    response_url: fields.responseUrl,
    actions: [
      {
        action_id: fields.actionId,
        block_id: 'answer_actions',
        text: { type: 'plain_text', text: 'button', emoji: true },
        value: fields.value,
        type: 'button',
        action_ts: '1700000001.000200',
      },
    ],
  };
}

/** Slack's request signature headers for `rawBody`. */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac('sha256', signingSecret)
    .update(`v0:${timestampSeconds}:${rawBody}`)
    .digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSeconds), 'x-slack-signature': `v0=${signature}` };
}

/** POST a signed form body to a Bolt HTTP receiver, as Slack does. */
export async function postSigned(
  url: string,
  signingSecret: string,
  form: Record<string, string>,
  options: { timestampSeconds?: number; headers?: Record<string, string> } = {},
): Promise<Response> {
  const raw = new URLSearchParams(form).toString();
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...signSlackRequest(signingSecret, raw, options.timestampSeconds),
      ...options.headers,
    },
    body: raw,
  });
}
