/**
 * Picture rendering benchmark: a map with 1,000 places and a 52-week timeline, from synthetic events over
 * real gazetteer places, drawn as the commands draw them (spec from events, then the PNG). Prints p50/p95
 * render times and the peak memory (RSS) the pictures added over the loaded gazetteer. Run by
 * `npm run bench` after the store benchmark, or alone with `npm run bench:pictures`.
 */
import { loadGazetteer } from '../src/extract/gazetteer.js';
import { createPictureRenderer } from '../src/pictures/index.js';
import type { EventType } from '../src/reports/types.js';
import type { EventView } from '../src/search/types.js';

const TYPES: EventType[] = [
  'Battles',
  'Explosions/Remote violence',
  'Violence against civilians',
  'Protests',
  'Riots',
  'Strategic developments',
];
const RUNS = 60;
const WARMUP = 5;

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

const places = loadGazetteer();
const towns = [...places.all()].filter((p) => p.kind === 'town' && p.lat !== undefined).slice(0, 1000);
const end = Date.parse('2026-11-23T00:00:00Z');
const events: EventView[] = [];
for (let i = 0; i < 6000; i++) {
  const town = towns[i < towns.length ? i : Math.floor(random() ** 2 * towns.length)]!;
  const date = new Date(end - Math.floor(random() * 364) * 86_400_000).toISOString().slice(0, 10);
  const eventType = TYPES[Math.floor(random() * TYPES.length)]!;
  events.push({
    id: `r${i}#0`,
    reportId: `r${i}`,
    kind: 'event',
    date,
    datePrecision: 1,
    eventType,
    subEventType: 'x',
    places: [{ id: town.id, name: town.name, precision: 1 }],
    actors: [],
    text: 'x',
    report: {
      id: `r${i}`,
      url: 'https://example.org',
      title: 't',
      source: 's',
      published: `${date}T12:00:00Z`,
    },
  });
}

const renderer = createPictureRenderer();
const scope = {
  subjectKind: 'area' as const,
  subject: 'Syria',
  since: '2025-11-25',
  until: '2026-11-23',
  language: 'en' as const,
};
const rssBefore = process.memoryUsage().rss;
let peak = rssBefore;

function time(kind: 'map' | 'timeline'): {
  p50: number;
  p95: number;
  first: number;
  bytes: number;
  places: number;
} {
  const times: number[] = [];
  let first = 0;
  let bytes = 0;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    const result = renderer.draw({ kinds: [kind], events, places, scope });
    const ms = performance.now() - t0;
    if (!result.images[0]) throw new Error(`no ${kind}: ${result.notes.join(' ')}`);
    bytes = result.images[0].png.length;
    if (i === 0) first = ms;
    if (i >= WARMUP) times.push(ms);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { p50: at(0.5), p95: at(0.95), first, bytes, places: towns.length };
}

const map = time('map');
const timeline = time('timeline');
const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
process.stdout.write(
  `\nPictures (${events.length.toLocaleString('en-US')} events; ${RUNS} renders each after ${WARMUP} warm-up):\n` +
    '| picture | p50 ms | p95 ms | first render ms | PNG KB |\n|---|---|---|---|---|\n' +
    `| map, ${map.places.toLocaleString('en-US')} places | ${map.p50.toFixed(1)} | ${map.p95.toFixed(1)} | ${map.first.toFixed(0)} | ${(map.bytes / 1024).toFixed(0)} |\n` +
    `| timeline, 52 weeks | ${timeline.p50.toFixed(1)} | ${timeline.p95.toFixed(1)} | ${timeline.first.toFixed(0)} | ${(timeline.bytes / 1024).toFixed(0)} |\n` +
    `Peak RSS added by the pictures: ${mb(peak - rssBefore)} MB (${mb(rssBefore)} MB with the gazetteer loaded, ${mb(peak)} MB at peak).\n`,
);
