import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { createConsoleAdapter } from '../../../src/adapters/console/console-adapter.js';
import { createFixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { collector } from '../../helpers/streams.js';
import { openTestEngine } from '../../helpers/test-engine.js';

let t: Awaited<ReturnType<typeof openTestEngine>>;
beforeAll(async () => {
  t = await openTestEngine({ sample: true });
});
afterAll(async () => {
  await t.cleanup();
});

/** An interactive console over a fake terminal; `keys` are typed one chunk at a time. */
async function terminal(keys: string[], extra: { historyFile?: string; width?: number } = {}) {
  const input = new PassThrough();
  const output = collector();
  const done = createConsoleAdapter(
    {
      commands,
      services: { engine: t.engine },
      clock: createFixedClock('2026-11-24T10:00:00Z'),
      logger: silentLogger,
    },
    {
      input,
      output,
      interactive: true,
      ...(extra.historyFile ? { historyFile: extra.historyFile } : {}),
      ...(extra.width ? { width: () => extra.width } : {}),
    },
  ).run();
  for (const k of keys) {
    input.write(k);
    await new Promise((r) => setTimeout(r, 30));
  }
  await done;
  return output.text();
}

describe('console in a terminal', () => {
  it('Ctrl-C clears the line; a second Ctrl-C on the empty line leaves', async () => {
    const out = await terminal(['/events buk', '\u0003', '\u0003']);
    expect(out).toContain('^C');
    expect(out).not.toContain('Events in Al-Bukamal');
  });

  it('Ctrl-C on an empty line says how to leave; typing on clears that', async () => {
    const out = await terminal(['\u0003', '/latest 1\r', 'exit\r']);
    expect(out).toContain('Ctrl-C again to leave');
    expect(out).toContain('Latest');
  });

  it('keeps input history across runs', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'history-'));
    const historyFile = path.join(dir, 'console-history');
    try {
      await terminal(['/actor hezbollah\r', 'exit\r'], { historyFile });
      expect(await readFile(historyFile, 'utf8')).toContain('/actor hezbollah');
      // Up arrow, then Enter: the command typed in the last run.
      const out = await terminal(['\u001b[A', '\r', 'exit\r'], { historyFile });
      expect(out.match(/Hezbollah/g)?.length ?? 0).toBeGreaterThan(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('wraps answers to the terminal width', async () => {
    const out = await terminal(['/events bukamal\r', 'exit\r'], { width: 60 });
    const answer = out.slice(out.indexOf('Events in Al-Bukamal'));
    const lines = answer
      // biome-ignore lint/suspicious/noControlCharactersInRegex: readline's cursor escapes are not text
      .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
      .split('\n')
      .filter((l) => !l.includes('https://') && !l.includes('desk>'));
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(60);
  });
});
