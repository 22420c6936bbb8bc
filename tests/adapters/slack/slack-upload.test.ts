import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../src/adapters/slack/slack-adapter.js';
import { systemClock } from '../../../src/core/clock.js';
import type { Command } from '../../../src/core/command.js';
import { createMemoryLogger } from '../../../src/core/logger.js';
import { createFakeServices } from '../../helpers/fake-services.js';
import { type FakeSlack, postSigned, slashCommandPayload, startFakeSlack } from '../../helpers/fake-slack.js';

const SECRET = 'test-signing-secret-upload-0001';
const CSV = 'event_date,notes\r\n2026-11-20,"Shelling, then ""calm"" @everyone"\r\n';

/** A command that answers with a file, as /export does. */
const fileCommand: Command = {
  name: 'export',
  description: 'test export',
  usage: '/export <name>',
  examples: [],
  options: [{ name: 'name', description: 'x', type: 'string', positional: true }],
  async run() {
    return {
      tone: 'answer',
      title: 'Export: <!channel> Al-Bukamal',
      summary: '1 event',
      sections: [],
      file: { name: 'al-bukamal-events-2026-11-24.csv', mimeType: 'text/csv', content: CSV },
    };
  },
};

describe('Slack adapter: files (real Bolt and WebClient, local stand-in)', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let url: string;

  beforeAll(async () => {
    fake = await startFakeSlack();
    adapter = createSlackAdapter(
      {
        botToken: 'xoxb-test-bot-token-0002',
        mode: 'http',
        signingSecret: SECRET,
        port: 3000,
        apiUrl: fake.apiUrl,
        adminUsers: [],
      },
      {
        commands: [fileCommand],
        services: createFakeServices({ events: [] }),
        clock: systemClock,
        logger: createMemoryLogger(),
      },
      { listen: { port: 0, host: '127.0.0.1' }, webApiRetries: 0, unhandledRequestTimeoutMillis: 300 },
    );
    await adapter.start();
    url = `http://127.0.0.1:${adapter.httpPort()}/slack/events`;
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  const slash = (channel: string) =>
    postSigned(
      url,
      SECRET,
      slashCommandPayload({
        command: '/export',
        text: 'bukamal',
        channel_id: channel,
        response_url: fake.responseUrl(randomUUID()),
      }),
    );

  it('uploads the file with files.uploadV2: upload URL, the bytes, then completion into the channel', async () => {
    const res = await slash('C0EXPORT');
    expect(res.status).toBe(200);
    const complete = await fake.waitForCall('files.completeUploadExternal');
    const asked = fake.calls.find((c) => c.method === 'files.getUploadURLExternal')!;
    expect(asked.body).toMatchObject({ filename: 'al-bukamal-events-2026-11-24.csv' });
    expect(Number(asked.body.length)).toBe(Buffer.byteLength(CSV));
    const [upload] = fake.uploads;
    expect(upload!.bytes.toString('utf8')).toBe(CSV);
    expect(upload!.filename).toBe('al-bukamal-events-2026-11-24.csv');
    expect(complete.body.channel_id).toBe('C0EXPORT');
    expect(complete.body.files).toEqual([{ id: upload!.fileId, title: 'al-bukamal-events-2026-11-24.csv' }]);
    // The comment is escaped: it cannot ping the channel.
    expect(String(complete.body.initial_comment)).not.toContain('<!channel>');
  });

  it('tells the asker calmly when the bot is not in the channel', async () => {
    fake.fail('files.completeUploadExternal', { error: 'not_in_channel', times: 1 });
    await slash('C0PRIVATE');
    const told = await fake.waitForResponse((r) => String(r.body.text ?? '').includes('invite the bot'));
    expect(told.body.response_type).toBe('ephemeral');
  });
});
