import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { loadConfig } from '../../src/config.js';
import { collector, linesIn } from '../helpers/streams.js';

let dataDir: string;
const config = loadConfig({ LOG_LEVEL: 'warn' });
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'faults-ask-'));
  const input = `${dataDir}-in.jsonl`;
  const lines = Array.from({ length: 20 }, (_, i) =>
    JSON.stringify({
      url: `https://example.org/s${i}`,
      title: `Shelling near Homs ${i}`,
      published: '2026-11-20',
      source: 'Test',
      body: `Shelling was reported near Homs on Friday, report ${i}.`,
    }),
  );
  await writeFile(input, `${lines.join('\n')}\n`);
  expect(
    await runCli(['ingest', input, '--data-dir', dataDir], {
      stdout: collector(),
      stderr: collector(),
      stdin: linesIn([]),
      config,
    }),
  ).toBe(0);
  await rm(input);
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('13. ask --json streams its answers', () => {
  it('writes the first answer before the input has ended', async () => {
    const stdin = new PassThrough();
    const stdout = collector();
    const done = runCli(['ask', '--json', '--data-dir', dataDir], {
      stdout,
      stderr: collector(),
      stdin,
      config,
    });
    stdin.write('/search shelling\n');
    const end = Date.now() + 10_000;
    while (!stdout.text().includes('"command":"search"') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 20));
    expect(stdout.text()).toContain('"command":"search"');
    expect(stdin.writableEnded).toBe(false);
    stdin.end('/search homs\n');
    expect(await done).toBe(0);
    expect(stdout.text().trim().split('\n')).toHaveLength(2);
  });

  it('waits for a slow reader instead of buffering every answer in memory', async () => {
    let writes = 0;
    let release: (() => void) | undefined;
    const pending: (() => void)[] = [];
    // A reader that takes nothing until released: each write waits, like a full pipe.
    const stdout = new Writable({
      highWaterMark: 16,
      write(_chunk, _enc, cb) {
        writes++;
        pending.push(cb);
        release?.();
      },
    });
    const commands = Array.from({ length: 2000 }, () => '/search shelling');
    const done = runCli(['ask', '--json', '--data-dir', dataDir], {
      stdout,
      stderr: collector(),
      stdin: linesIn(commands),
      config,
    });
    await new Promise<void>((r) => {
      release = r;
    });
    // Let the CLI run on while the reader is stuck: it must not go on answering.
    await new Promise((r) => setTimeout(r, 300));
    expect(writes).toBe(1);
    // What waits in memory is the one answer the reader has not taken, not the 2,000 still to come.
    expect(stdout.writableLength).toBeLessThan(20_000);
    release = () => {
      for (const cb of pending.splice(0)) cb();
    };
    const drain = setInterval(() => release?.(), 1);
    expect(await done).toBe(0);
    clearInterval(drain);
    expect(writes).toBe(2000);
  });
});
