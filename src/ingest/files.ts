import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { lazyModule } from '../core/lazy-module.js';
import type { InputOrigin, ReportInput } from '../reports/types.js';
import { extractArticle } from './html.js';

/** gray-matter, loaded on the first Markdown file read. */
const matter = lazyModule<typeof import('gray-matter')>('gray-matter');

/** One thing read from a file: a candidate report, or the reason it could not be read. */
export type FileInput =
  | { kind: 'input'; input: ReportInput; origin: InputOrigin; bytes: number }
  | { kind: 'error'; reason: string; origin: InputOrigin; bytes: number };

/** File extensions we read, by format. */
export const FORMATS: Record<string, 'jsonl' | 'json' | 'markdown' | 'html' | 'text'> = {
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.json': 'json',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
};

/** Expand files and folders (recursively, sorted) into the files we can read; unknown types are reported. */
export async function listInputFiles(
  paths: string[],
): Promise<{ files: string[]; skipped: InputOrigin[]; missing: string[] }> {
  const files: string[] = [];
  const skipped: InputOrigin[] = [];
  const missing: string[] = [];
  async function walk(p: string, explicit: boolean): Promise<void> {
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(p);
    } catch {
      missing.push(p);
      return;
    }
    if (s.isDirectory()) {
      // A bot data dir holds the store itself; reading it back in as input would only make duplicates.
      if (!explicit && (await stat(path.join(p, 'store-meta.json')).catch(() => null))) return;
      const entries = (await readdir(p)).filter((n) => !n.startsWith('.')).sort();
      for (const e of entries) await walk(path.join(p, e), false);
    } else if (FORMATS[path.extname(p).toLowerCase()]) {
      files.push(p);
    } else if (explicit || !/\.(md|txt)$/i.test(p)) {
      if (!/readme|license/i.test(path.basename(p))) skipped.push({ file: p });
    }
  }
  for (const p of paths) await walk(p, true);
  return { files, skipped, missing };
}

/**
 * Fields given on the command line (`--url --published --source --title`) for a pasted article: they fill
 * what a file does not say itself.
 */
export type ReportDefaults = Partial<Pick<ReportInput, 'url' | 'published' | 'source' | 'title'>>;

/** Read every candidate report from `file`, in order. Never throws for bad content; yields errors instead. */
export async function* readInputFile(file: string, defaults: ReportDefaults = {}): AsyncGenerator<FileInput> {
  const format = FORMATS[path.extname(file).toLowerCase()];
  if (format === 'jsonl') {
    yield* readJsonLines(file);
    return;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    yield {
      kind: 'error',
      reason: `cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      origin: { file },
      bytes: 0,
    };
    return;
  }
  const bytes = Buffer.byteLength(text);
  if (!text.trim()) {
    yield { kind: 'error', reason: 'file is empty', origin: { file }, bytes };
    return;
  }
  if (format === 'json') yield* readJson(file, text, bytes);
  else if (format === 'markdown') yield readMarkdown(file, text, bytes);
  else if (format === 'html') yield readHtml(file, text, bytes);
  else yield readPlainText(file, text, bytes, defaults);
}

async function* readJsonLines(file: string): AsyncGenerator<FileInput> {
  const rl = createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  let sawAny = false;
  try {
    for await (const raw of rl) {
      line++;
      const bytes = Buffer.byteLength(raw) + 1;
      const t = raw.trim();
      if (!t) continue;
      sawAny = true;
      try {
        yield { kind: 'input', input: JSON.parse(t) as ReportInput, origin: { file, line }, bytes };
      } catch (err) {
        yield {
          kind: 'error',
          reason: `invalid JSON (${(err as Error).message.replace(/\s+/g, ' ').slice(0, 80)})`,
          origin: { file, line },
          bytes,
        };
      }
    }
  } catch (err) {
    yield {
      kind: 'error',
      reason: `cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      origin: { file },
      bytes: 0,
    };
    return;
  }
  if (!sawAny) yield { kind: 'error', reason: 'file is empty', origin: { file }, bytes: 0 };
}

function* readJson(file: string, text: string, bytes: number): Generator<FileInput> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    yield {
      kind: 'error',
      reason: `invalid JSON (${(err as Error).message.replace(/\s+/g, ' ').slice(0, 80)})`,
      origin: line ? { file, line } : { file },
      bytes,
    };
    return;
  }
  if (Array.isArray(parsed)) {
    const per = Math.max(1, Math.floor(bytes / Math.max(1, parsed.length)));
    for (let i = 0; i < parsed.length; i++) {
      yield { kind: 'input', input: parsed[i] as ReportInput, origin: { file, item: i + 1 }, bytes: per };
    }
    if (!parsed.length) yield { kind: 'error', reason: 'the JSON array is empty', origin: { file }, bytes };
  } else {
    yield { kind: 'input', input: parsed as ReportInput, origin: { file }, bytes };
  }
}

/** Plain text from Markdown: drop heading marks, emphasis and link syntax, keep the words. */
export function markdownToText(md: string): string {
  return md
    .replace(/```[\s\S]*?```/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_](\S[^*_]*?)[*_](?=\W|$)/g, '$1$2')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function readMarkdown(file: string, text: string, bytes: number): FileInput {
  let fm: { data: Record<string, unknown>; content: string };
  try {
    fm = matter()(text);
  } catch (err) {
    return {
      kind: 'error',
      reason: `front matter is not valid YAML (${(err as Error).message.split('\n')[0]})`,
      origin: { file, line: 1 },
      bytes,
    };
  }
  if (!Object.keys(fm.data).length) {
    return {
      kind: 'error',
      reason: 'no front matter: start the file with --- and url, title, published, source lines, then ---',
      origin: { file, line: 1 },
      bytes,
    };
  }
  const d = fm.data;
  const published = d.published ?? d.date;
  const input = {
    ...(d.id !== undefined ? { id: d.id } : {}),
    url: d.url,
    title: d.title,
    // YAML reads an unquoted 2026-11-20 as midnight UTC; keep it a plain date (taken as midday like any date).
    published:
      published instanceof Date
        ? published.toISOString().endsWith('T00:00:00.000Z')
          ? published.toISOString().slice(0, 10)
          : published.toISOString()
        : published,
    source: d.source,
    body: markdownToText(fm.content),
  } as ReportInput;
  return { kind: 'input', input, origin: { file }, bytes };
}

function readHtml(file: string, text: string, bytes: number): FileInput {
  try {
    const a = extractArticle(text, 'https://invalid.local/');
    const url =
      a.canonicalUrl && !a.canonicalUrl.startsWith('https://invalid.local') ? a.canonicalUrl : undefined;
    if (!url) {
      return {
        kind: 'error',
        reason: 'no page URL found (add <link rel="canonical"> or og:url)',
        origin: { file },
        bytes,
      };
    }
    const input = {
      url,
      title: a.title ?? '',
      published: a.published ?? '',
      source: a.siteName ?? '',
      body: a.text,
    } as ReportInput;
    return { kind: 'input', input, origin: { file }, bytes };
  } catch (err) {
    return {
      kind: 'error',
      reason: `could not extract the article (${(err as Error).message})`,
      origin: { file },
      bytes,
    };
  }
}

const HEADER = /^(id|title|url|link|published|date|source)\s*:\s*(.*)$/i;

/** Longest line read as an outlet's name above a pasted article's headline. */
const OUTLET_LINE_MAX = 80;

/**
 * Plain-text reports: optional `Key: value` header lines (Title, URL, Published, Source, ID) up to the first
 * blank line; without a Title header the first line is the title.
 *
 * A pasted article without header lines (an outlet line, the headline, then the body, each a paragraph) is
 * read with the command line's fields: the headline is the first one-line paragraph after the outlet line,
 * which is dropped (it is recognised as the one-line paragraph before another one-line paragraph, or as the
 * `--source` name). A file that still lacks a URL, date or source is rejected naming the flags that supply
 * them.
 */
function readPlainText(file: string, text: string, bytes: number, defaults: ReportDefaults = {}): FileInput {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fields: Record<string, string> = {};
  let headers = 0;
  let i = 0;
  while (i < lines.length && !lines[i]!.trim()) i++;
  const start = i;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.trim()) break;
    const m = HEADER.exec(l.trim());
    if (m) {
      fields[m[1]!.toLowerCase()] = m[2]!.trim();
      headers++;
    } else if (!fields.title && !Object.keys(fields).length) fields.title = l.trim();
    else break;
  }
  let body = lines.slice(i).join('\n').trim();
  if (headers === 0) ({ title: fields.title, body } = pastedArticle(lines.slice(start).join('\n'), defaults));
  const input = {
    ...(fields.id ? { id: fields.id } : {}),
    url: fields.url ?? fields.link ?? defaults.url ?? '',
    title: defaults.title ?? fields.title ?? '',
    published: fields.published ?? fields.date ?? defaults.published ?? '',
    source: fields.source ?? defaults.source ?? '',
    body,
  } as ReportInput;
  const missing = [
    ...(input.url ? [] : [['URL', '--url URL']]),
    ...(input.published ? [] : [['publication date', '--published YYYY-MM-DD']]),
    ...(input.source ? [] : [['source', '--source NAME']]),
  ];
  if (headers === 0 && missing.length) {
    return {
      kind: 'error',
      reason: `no ${missing.map((m) => m[0]).join(', ')}: add header lines (Title:, URL:, Published:, Source:) or give ${missing.map((m) => m[1]).join(' ')}`,
      origin: { file },
      bytes,
    };
  }
  return { kind: 'input', input, origin: { file }, bytes };
}

/** Headline and body of an article pasted as outlet line, headline, body. */
function pastedArticle(text: string, defaults: ReportDefaults): { title: string; body: string } {
  const paragraphs = text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const oneLine = (p: string | undefined) => p !== undefined && !p.includes('\n') && p.length <= 300;
  const sameText = (a: string, b: string) =>
    a.toLowerCase().replace(/\W+/g, '') === b.toLowerCase().replace(/\W+/g, '');
  const first = paragraphs[0] ?? '';
  const outletLine =
    paragraphs.length >= 3 &&
    oneLine(first) &&
    first.length <= OUTLET_LINE_MAX &&
    (oneLine(paragraphs[1]) ||
      (defaults.source !== undefined &&
        (sameText(first, defaults.source) || first.toLowerCase().includes(defaults.source.toLowerCase()))));
  const rest = outletLine ? paragraphs.slice(1) : paragraphs;
  if (defaults.title) {
    // The headline given: drop it from the body when the paste repeats it.
    const body = rest[0] && sameText(rest[0], defaults.title) ? rest.slice(1) : rest;
    return { title: defaults.title, body: body.join('\n\n') };
  }
  if (oneLine(rest[0]) && rest.length > 1) return { title: rest[0]!, body: rest.slice(1).join('\n\n') };
  const firstLine = (rest[0] ?? '').split('\n')[0]!.trim();
  return { title: firstLine, body: rest.join('\n\n').slice(firstLine.length).trim() || rest.join('\n\n') };
}
