import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { loadConfig } from '../../src/config.js';
import type { AskResult } from '../../src/search/present.js';

const example = path.resolve(
  fileURLToPath(new URL('../..', import.meta.url)),
  '../shared/examples/report-sample-sohr.txt',
);

describe.skipIf(!existsSync(example))(
  'a real report pasted months after its events (skipped: ../shared/examples is not beside this checkout)',
  () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pasted-sohr-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
      let out = '';
      let err = '';
      const sink = (f: (s: string) => void) =>
        ({ write: (s: string) => (f(s), true) }) as NodeJS.WritableStream;
      const code = await runCli(args, {
        stdout: sink((s) => {
          out += s;
        }),
        stderr: sink((s) => {
          err += s;
        }),
        stdin: process.stdin,
        config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error' }),
      });
      return { code, out, err };
    }

    it('is refused without header lines or flags, naming the flags', async () => {
      const r = await cli(['ingest', example, '--data-dir', dataDir]);
      expect(r.out).toMatch(
        /no URL, publication date, source: .*--url URL --published YYYY-MM-DD --source NAME/,
      );
    });

    it('keeps "On September 17" and "On September 14" as this year\'s events under Al-Bukamal', async () => {
      const ingest = await cli([
        'ingest',
        example,
        '--published',
        '2026-12-03',
        '--url',
        'https://example.org/pasted-sohr',
        '--source',
        'SOHR',
        '--data-dir',
        dataDir,
      ]);
      expect(ingest.code).toBe(0);
      expect(ingest.out).toMatch(/added 1,/);
      const ask = await cli(['ask', '/events bukamal', '--json', '--all', '--data-dir', dataDir]);
      const j = JSON.parse(ask.out.trim().split('\n')[0]!) as AskResult;
      const dates = j.items.map((i) => i.date);
      expect(dates).toContain('2026-09-17');
      expect(dates).toContain('2026-09-14');
      // The headline, not the outlet line above it, is the title.
      expect(j.items[0]!.title.length).toBeGreaterThan(20);
      expect(j.items[0]!.title).not.toMatch(/^The Syrian Observatory/i);
      const deir = JSON.parse(
        (await cli(['ask', '/events deir ezzor', '--json', '--all', '--data-dir', dataDir])).out
          .trim()
          .split('\n')[0]!,
      ) as AskResult;
      expect(deir.total).toBeGreaterThanOrEqual(3);
      expect(deir.items.some((i) => i.kind === 'event' && i.date === '2026-09-14')).toBe(true);
    });
  },
);
