import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Which way the arrows point, checked on the source: the layering the README's "Project structure" describes.
 *
 * - The chat SDKs are imported by their adapters alone.
 * - src/core/ (commands' contract, replies, the services commands use) imports only itself and the type files.
 * - Only the composition roots (src/main.ts, src/cli.ts) import an adapter.
 * - The type files import only other type files.
 * - Modules do not import each other in a circle (counting imports that run code, not `import type`).
 */
const root = path.resolve(import.meta.dirname, '..');

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (entry.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): Edge[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const edges: Edge[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[3] ?? m[4]!;
    // `import('x').Place` in a type position names a type; `await import('x')` runs code.
    const typeOnly = m[2] !== undefined || (m[4] !== undefined && text[m.index + m[0].length] === '.');
    const to = spec.startsWith('.')
      ? path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts')
      : spec;
    edges.push({ from: file, to, typeOnly });
  }
  return edges;
}

const files = [...sourceFiles('src'), ...sourceFiles('commands')];
const edges = files.flatMap(importsOf);
const TYPE_FILES = new Set(['src/extract/types.ts', 'src/reports/types.ts', 'src/search/types.ts']);
const ROOTS = new Set(['src/main.ts', 'src/cli.ts']);

describe('layering', () => {
  it('finds the imports it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(edges.some((e) => e.from === 'src/main.ts' && e.to === 'src/app.ts')).toBe(true);
  });

  it('lets only the Slack and Discord adapters import their SDKs', () => {
    const bad = edges.filter(
      (e) =>
        (e.to.startsWith('@slack/') && !e.from.startsWith('src/adapters/slack/')) ||
        ((e.to === 'discord.js' || e.to.startsWith('@discordjs/')) &&
          !e.from.startsWith('src/adapters/discord/')),
    );
    expect(bad).toEqual([]);
  });

  it('keeps src/core below everything: it imports only itself and the type files, and those only by type', () => {
    const bad = edges.filter(
      (e) =>
        e.from.startsWith('src/core/') &&
        e.to.startsWith('src/') &&
        !e.to.startsWith('src/core/') &&
        !(TYPE_FILES.has(e.to) && e.typeOnly),
    );
    expect(bad).toEqual([]);
  });

  it('lets only the composition roots import an adapter', () => {
    const bad = edges.filter(
      (e) => e.to.startsWith('src/adapters/') && !e.from.startsWith('src/adapters/') && !ROOTS.has(e.from),
    );
    expect(bad).toEqual([]);
  });

  it('keeps the type files to types', () => {
    const bad = edges.filter(
      (e) => TYPE_FILES.has(e.from) && e.to.startsWith('src/') && !(TYPE_FILES.has(e.to) && e.typeOnly),
    );
    expect(bad).toEqual([]);
  });

  it('has no import cycles between modules', () => {
    const graph = new Map<string, string[]>();
    for (const e of edges) {
      if (e.typeOnly || !files.includes(e.to)) continue;
      graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
    }
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' -> '));
        return;
      }
      state.set(node, 'open');
      for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });
});
