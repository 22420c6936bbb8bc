import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.js';
import { createConsoleAdapter } from '../../../src/adapters/console/console-adapter.js';
import { createFixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createPictureRenderer } from '../../../src/pictures/index.js';
import { collector, linesIn } from '../../helpers/streams.js';
import { openTestEngine } from '../../helpers/test-engine.js';

let t: Awaited<ReturnType<typeof openTestEngine>>;
beforeAll(async () => {
  t = await openTestEngine({ sample: true });
});
afterAll(async () => {
  await t.cleanup();
});

async function session(lines: string[], interactive = false, extra: { exportDir?: string } = {}) {
  const output = collector();
  await createConsoleAdapter(
    {
      commands,
      services: { engine: t.engine },
      clock: createFixedClock('2026-11-24T10:00:00Z'),
      logger: silentLogger,
    },
    { input: linesIn(lines), output, interactive, ...extra },
  ).run();
  return output.text();
}

describe('console adapter', () => {
  it('saves an export under the exports folder it was given, never overwriting an earlier one', async () => {
    const exportDir = path.join(t.dir, 'exports');
    const out = await session(['/export bukamal', '/export bukamal'], false, { exportDir });
    const saved = [...out.matchAll(/^Saved (.+)$/gm)].map((m) => m[1]!);
    expect(saved).toHaveLength(2);
    expect(path.dirname(saved[0]!)).toBe(exportDir);
    expect(saved[1]).not.toBe(saved[0]);
    const csv = await readFile(saved[0]!, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('event_date,time_precision,event_type');
  });

  it('answers each piped command in order, without prompts', async () => {
    const out = await session(['/events bukamal', '/actor hezbollah', '/help']);
    expect(out).not.toContain('desk>');
    const a = out.indexOf('Events in Al-Bukamal');
    const b = out.indexOf('Hezbollah');
    const c = out.indexOf('Conflict desk bot');
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThan(a);
    expect(c).toBeGreaterThan(b);
  });

  it('pages with "more" and says when there is nothing to page', async () => {
    const out = await session(['more', '/events Deir ez-Zor', 'more']);
    expect(out).toContain('Nothing to page through yet');
    expect(out).toContain('Showing 1-10 of');
    expect(out).toContain('Showing 11-');
  });

  it('explains lines that are not commands and stops at exit', async () => {
    const out = await session(['bukamal please', 'exit', '/events bukamal']);
    expect(out).toContain('Commands start with a slash');
    expect(out).not.toContain('Events in Al-Bukamal');
  });

  it('shows a banner and prompt on a terminal', async () => {
    const out = await session(['/latest 1'], true);
    expect(out).toMatch(/Conflict desk console: \d+ reports/);
    expect(out).toContain('desk> ');
  });

  it('never crashes on hostile or huge input', async () => {
    const out = await session([
      '/events @everyone <!channel>',
      '/events !!!',
      `/search ${'a'.repeat(5000)}`,
      '/search ***',
      '/events \u0000\u001b[2J',
    ]);
    // Mentions are not names: no did-you-mean of a random village for them.
    expect(out).not.toContain('@everyone <!channel>"');
    expect(out.match(/type a place name/g)?.length).toBeGreaterThanOrEqual(2);
    expect(out).toContain('under 200 characters');
    expect(out).toContain('no words');
    expect(out).not.toContain('\u001b[2J');
  });

  it('writes an answer’s map and timeline under the images dir and prints their paths with alt text', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'console-images-'));
    const imagesDir = path.join(root, 'images');
    try {
      const output = collector();
      await createConsoleAdapter(
        {
          commands,
          services: { engine: t.engine, pictures: createPictureRenderer() },
          clock: createFixedClock('2026-11-24T10:00:00Z'),
          logger: silentLogger,
        },
        { input: linesIn(['/events bukamal', 'more']), output, interactive: false, imagesDir },
      ).run();
      const out = output.text();
      const files = (await readdir(imagesDir)).sort();
      expect(files).toEqual([
        '20261124-100000-map-al-bukamal.png',
        '20261124-100000-timeline-al-bukamal.png',
      ]);
      const printed = [...out.matchAll(/^Picture: (.+)$/gm)].map((m) => m[1]);
      // Only the first page carries pictures, so "more" adds none.
      expect(printed).toEqual(files.map((f) => path.join(imagesDir, f)));
      expect(out).toMatch(/Picture: .+map-al-bukamal\.png\n {2}\d+ incidents? in Al-Bukamal/);
      for (const f of files) {
        const bytes = await readFile(path.join(imagesDir, f));
        expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
