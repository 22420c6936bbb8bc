/**
 * Benchmarks: `npm run bench` (sizes 1k, 10k, 100k) or `npm run bench -- --sizes 1000,10000`.
 * Each phase of each size (ingest, bot startup and queries, index rebuild) runs in its own process, so each peak
 * RSS is that phase's alone. `--keep DIR` leaves the last data dir there; `--json` also prints raw figures. Reports are synthetic, generated here
 * from templates in our own words over real gazetteer places and registry actors.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { commands } from '../commands/index.js';
import { openAppEngine } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import type { CommandContext } from '../src/core/command.js';
import { dispatch } from '../src/core/dispatch.js';
import { silentLogger } from '../src/core/logger.js';
import { limitHeapGrowth } from '../src/core/memory.js';
import { loadActors } from '../src/extract/actors.js';
import { loadGazetteer } from '../src/extract/gazetteer.js';
import { ingestPaths } from '../src/ingest/ingest-files.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string' },
    size: { type: 'string' },
    queries: { type: 'string' },
    keep: { type: 'string' },
    json: { type: 'boolean' },
    phase: { type: 'string' },
    'data-dir': { type: 'string' },
    corpus: { type: 'string' },
  },
});

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTIONS = [
  'clashed with fighters of {b} on the outskirts of {p}',
  'shelled positions held by {b} near {p} with artillery and rockets',
  'carried out a drone strike on a vehicle moving close to {p}',
  'held military exercises with live ammunition in the desert around {p}',
  'brought reinforcements and heavy weapons into {p}',
  'arrested several young men during a raid on homes in {p}',
  'planted an explosive device that went off on the road leading to {p}',
  'set up a new checkpoint at the entrance of {p}',
  'intercepted two missiles fired towards their base near {p}',
  'dispersed a protest by residents of {p} demanding services',
];
const DATES = ['On {d},', 'Yesterday,', 'A few days ago,', 'Earlier this week,', 'In early {m},'];
const FILLER = [
  'Local sources said the situation remained tense into the evening.',
  'Residents reported hearing heavy gunfire for more than an hour.',
  'There was no immediate word on casualties from either side.',
  'The area has seen repeated incidents of this kind over recent months.',
  'Monitors counted several vehicles moving along the main road afterwards.',
];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

async function generate(n: number, file: string): Promise<number> {
  const places = [...loadGazetteer().all()].filter((p) => p.kind === 'town' || p.kind === 'site');
  places.sort((a, b) => b.weight - a.weight);
  const top = places.slice(0, 1500);
  const actors = [...loadActors().all()];
  const rand = rng(n);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const lines: string[] = [];
  let bytes = 0;
  const start = Date.parse('2019-01-01T00:00:00Z');
  const span = Date.parse('2026-11-24T00:00:00Z') - start;
  for (let i = 0; i < n; i++) {
    const published = new Date(start + Math.floor(rand() * span));
    const paragraphs: string[] = [];
    const count = 3 + Math.floor(rand() * 4);
    for (let k = 0; k < count; k++) {
      const a = pick(actors);
      const b = pick(actors);
      const p = pick(top);
      const day = Math.max(1, published.getUTCDate() - Math.floor(rand() * 3));
      const date = pick(DATES)
        .replace('{d}', `${MONTHS[published.getUTCMonth()]} ${day}`)
        .replace('{m}', MONTHS[published.getUTCMonth()]!);
      const alias = a.aliases.length && rand() < 0.4 ? pick(a.aliases) : a.name;
      const placeName = p.aliases.length && rand() < 0.3 ? pick(p.aliases) : p.name;
      const act = pick(ACTIONS).replace('{b}', b.name).replace('{p}', placeName);
      paragraphs.push(`${date} ${alias} ${act}. ${pick(FILLER)} ${pick(FILLER)} ${pick(FILLER)}`);
    }
    const body = paragraphs.join('\n\n');
    const report = {
      id: `bench-${n}-${i}`,
      url: `https://example.org/bench/${n}/${i}`,
      title: `Desk note ${i}: ${paragraphs[0]!.slice(0, 60)}`,
      published: published.toISOString(),
      source: 'Bench Wire',
      body,
    };
    const line = JSON.stringify(report);
    bytes += line.length;
    lines.push(line);
  }
  await writeFile(file, `${lines.join('\n')}\n`);
  return bytes / n;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeQueries(
  engine: Awaited<ReturnType<typeof openAppEngine>>,
  kind: 'events' | 'actor' | 'search',
  n: number,
) {
  const places = [...engine.places.all()].filter((p) => p.weight > 20).map((p) => p.name);
  const actors = [...engine.actors.all()].map((a) => a.aliases[0] ?? a.name);
  const words = [
    'drone strike',
    'clashes',
    'explosive device',
    'exercises live ammunition',
    'reinforcments',
    'checkpoint',
    'protest residents',
    'missiles base',
    'Bukamal',
    'Revolutionary Guards',
  ];
  const rand = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const ctx: CommandContext = {
    services: { engine },
    clock: systemClock,
    logger: silentLogger,
    platform: 'cli',
    user: { id: 'bench', isAdmin: true },
    channel: { id: 'bench' },
    page: { offset: 0, limit: 10 },
  };
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const text = kind === 'events' ? pick(places) : kind === 'actor' ? pick(actors) : pick(words);
    const t0 = performance.now();
    await dispatch(commands, { name: kind, text }, ctx);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
}

type Phase = 'ingest' | 'serve' | 'rebuild';
type Latency = { p50: number; p95: number; p99: number };
/** One size's figures, merged from its three phases. */
interface BenchRow {
  size: number;
  events: number;
  ingestPerSecond: number;
  indexBuildSeconds: number;
  startupPostingsSeconds: number;
  startupSearchSeconds: number;
  events_ms: Latency;
  actor_ms: Latency;
  search_ms: Latency;
  heapAfterLoadMB: number;
  peakRssMB: { ingest: number; serve: number; rebuild: number };
}

const peakRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024);
const trace = (label: string) =>
  process.env.BENCH_TRACE &&
  process.stderr.write(
    `${label}: rss ${Math.round(process.memoryUsage().rss / 1e6)} MB heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB\n`,
  );

/**
 * One phase in its own process, as it happens in use: `cli ingest` adds the corpus and saves the index; the bot
 * starts over the data dir and answers; after an options change the index is rebuilt from the store.
 */
async function runPhase(phase: Phase, dataDir: string, corpus: string): Promise<Record<string, unknown>> {
  if (phase === 'ingest') {
    const t0 = performance.now();
    const engine = await openAppEngine({
      dataDir,
      clock: systemClock,
      logger: silentLogger,
      waitForSearch: true,
    });
    const summary = await ingestPaths(engine, [corpus]);
    const ingestSeconds = (performance.now() - t0) / 1000;
    trace('after ingest');
    const t1 = performance.now();
    await engine.saveIndex();
    const saveSeconds = (performance.now() - t1) / 1000;
    trace('after save');
    const events = engine.stats().events;
    await engine.close();
    return {
      added: summary.added,
      events,
      ingestPerSecond: Math.round(summary.added / ingestSeconds),
      saveSeconds: +saveSeconds.toFixed(2),
      peakRssMB: peakRssMB(),
    };
  }
  if (phase === 'serve') {
    // Startup: postings ready (answers /events, /actor) and full-text index ready.
    const t0 = performance.now();
    const engine = await openAppEngine({ dataDir, clock: systemClock, logger: silentLogger });
    const postingsReady = (performance.now() - t0) / 1000;
    trace('after open (postings)');
    await engine.searchReady;
    const searchReady = (performance.now() - t0) / 1000;
    trace('after search ready');
    if (engine.loadInfo.index !== 'loaded') throw new Error(`index was ${engine.loadInfo.index}, not loaded`);
    (globalThis as { gc?: () => void }).gc?.();
    const heapAfterLoadMB = Math.round(process.memoryUsage().heapUsed / 1e6);
    const q = Number(values.queries ?? 300);
    const ev = await timeQueries(engine, 'events', q);
    const ac = await timeQueries(engine, 'actor', q);
    const se = await timeQueries(engine, 'search', q);
    await engine.close();
    return {
      startupPostingsSeconds: +postingsReady.toFixed(2),
      startupSearchSeconds: +searchReady.toFixed(2),
      events_ms: ev,
      actor_ms: ac,
      search_ms: se,
      heapAfterLoadMB,
      peakRssMB: peakRssMB(),
    };
  }
  // Full-text index rebuild from the store (what happens after an options change or a damaged index).
  await rm(path.join(dataDir, 'index'), { recursive: true, force: true });
  const t0 = performance.now();
  const engine = await openAppEngine({
    dataDir,
    clock: systemClock,
    logger: silentLogger,
    waitForSearch: true,
  });
  const indexBuildSeconds = (performance.now() - t0) / 1000;
  trace('after rebuild');
  await engine.close();
  return { indexBuildSeconds: +indexBuildSeconds.toFixed(2), peakRssMB: peakRssMB() };
}

function spawnPhase(phase: Phase, dataDir: string, corpus: string): Record<string, unknown> {
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--phase',
      phase,
      '--data-dir',
      dataDir,
      '--corpus',
      corpus,
      ...(values.queries ? ['--queries', values.queries] : []),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`${phase} failed (exit ${child.status})`);
  }
}

async function runSize(size: number): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(tmpdir(), `bench-${size}-`));
  try {
    const corpus = path.join(dir, 'reports.jsonl');
    const avgBytes = await generate(size, corpus);
    const dataDir = path.join(dir, 'data');
    const ingest = spawnPhase('ingest', dataDir, corpus);
    const serve = spawnPhase('serve', dataDir, corpus);
    const rebuild = spawnPhase('rebuild', dataDir, corpus);
    if (values.keep) {
      await rm(values.keep, { recursive: true, force: true });
      await rename(dataDir, values.keep);
    }
    return {
      size,
      avgReportBytes: Math.round(avgBytes),
      ...ingest,
      ...serve,
      ...rebuild,
      peakRssMB: { ingest: ingest.peakRssMB, serve: serve.peakRssMB, rebuild: rebuild.peakRssMB },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (values.phase) {
  // The same heap setting the bot and CLI apply (HEAP_GROWTH_PERCENT, default 50).
  limitHeapGrowth(loadConfig(process.env).heapGrowthPercent);
  const result = await runPhase(values.phase as Phase, values['data-dir']!, values.corpus!);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const sizes = (values.size ?? values.sizes ?? '1000,10000,100000').split(',').map(Number);
  const fmt = (x: Latency) => `${x.p50.toFixed(1)} / ${x.p95.toFixed(1)} / ${x.p99.toFixed(1)}`;
  process.stdout.write(
    '| reports | events | ingest /s | index build (s) | startup: postings / search (s) | /events p50/95/99 ms | /actor p50/95/99 ms | /search p50/95/99 ms | heap after load MB | peak RSS MB: ingest / bot / rebuild |\n|---|---|---|---|---|---|---|---|---|---|\n',
  );
  for (const size of sizes) {
    try {
      const r = (await runSize(size)) as unknown as BenchRow;
      if (values.json) process.stderr.write(`${JSON.stringify(r)}\n`);
      const peak = r.peakRssMB;
      process.stdout.write(
        `| ${r.size.toLocaleString('en-US')} | ${r.events.toLocaleString('en-US')} | ${r.ingestPerSecond} | ${r.indexBuildSeconds} | ${r.startupPostingsSeconds} / ${r.startupSearchSeconds} | ${fmt(r.events_ms)} | ${fmt(r.actor_ms)} | ${fmt(r.search_ms)} | ${r.heapAfterLoadMB} | ${peak.ingest} / ${peak.serve} / ${peak.rebuild} |\n`,
      );
    } catch (err) {
      process.stdout.write(`| ${size} | failed: ${(err as Error).message} |\n`);
    }
  }
  // Pictures in their own process, so their peak memory is theirs alone.
  spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./bench-pictures.ts', import.meta.url))],
    {
      stdio: 'inherit',
    },
  );
}
