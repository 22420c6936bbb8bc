import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ReportDefaults, readInputFile } from '../../src/ingest/files.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pasted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string, defaults?: ReportDefaults) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const out = [];
  for await (const item of readInputFile(file, defaults)) out.push(item);
  expect(out).toHaveLength(1);
  return out[0]!;
}

// An article pasted as it appears on an outlet's page: outlet line, headline, body (our own words).
const PASTED =
  'The Desk Monitor\n\nDeir Ezzor | Drone strikes a truck near Al-Mayadin\n\nA drone struck a fuel truck near Al-Mayadin at dawn.\nThe driver was wounded.\n\nIt is worth noting that the road has been targeted before.\n';
const FLAGS = { published: '2026-12-03', url: 'https://example.org/pasted', source: 'Desk Monitor' };

describe('a pasted article', () => {
  it('takes the headline after the outlet line and the fields from the flags', async () => {
    const item = await read('a.txt', PASTED, FLAGS);
    expect(item).toMatchObject({
      kind: 'input',
      input: {
        title: 'Deir Ezzor | Drone strikes a truck near Al-Mayadin',
        url: FLAGS.url,
        published: FLAGS.published,
        source: FLAGS.source,
      },
    });
    if (item.kind !== 'input') throw new Error('expected a report');
    expect(item.input.body.startsWith('A drone struck a fuel truck')).toBe(true);
    expect(item.input.body).not.toContain('Desk Monitor');
  });

  it('uses --title and drops the headline the paste repeats', async () => {
    const item = await read('b.txt', PASTED, {
      ...FLAGS,
      title: 'Deir Ezzor | Drone strikes a truck near Al-Mayadin',
    });
    if (item.kind !== 'input') throw new Error('expected a report');
    expect(item.input.body.startsWith('A drone struck')).toBe(true);
  });

  it('is rejected without headers or flags, naming the missing fields and the flags', async () => {
    const item = await read('c.txt', PASTED);
    expect(item).toMatchObject({ kind: 'error' });
    if (item.kind !== 'error') throw new Error('expected an error');
    expect(item.reason).toBe(
      'no URL, publication date, source: add header lines (Title:, URL:, Published:, Source:) or give --url URL --published YYYY-MM-DD --source NAME',
    );
  });

  it('names only what is still missing', async () => {
    const item = await read('d.txt', PASTED, { url: FLAGS.url });
    if (item.kind !== 'error') throw new Error('expected an error');
    expect(item.reason).toMatch(/^no publication date, source: .* --published YYYY-MM-DD --source NAME$/);
  });

  it('keeps header lines ahead of the flags', async () => {
    const item = await read(
      'e.txt',
      'Title: Own title\nURL: https://example.org/own\nPublished: 2026-11-01\nSource: Own\n\nBody text.\n',
      FLAGS,
    );
    expect(item).toMatchObject({
      input: { title: 'Own title', url: 'https://example.org/own', source: 'Own' },
    });
  });
});
