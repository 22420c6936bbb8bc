import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Path2D } from '@napi-rs/canvas';
import { type GeoProjection, geoMercator, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { projectPath } from '../core/paths.js';
import type { LabelLanguage } from './types.js';

const require = createRequire(import.meta.url);

/** ISO 3166 numeric ids in world-atlas: Syria and the countries seen around it. */
const SYRIA = '760';
const NEIGHBOURS = ['792', '368', '400', '422', '376', '275', '196', '682', '818', '364'];

/** Where neighbours are named on the map (inside each country, near Syria). */
const NEIGHBOUR_LABELS: { en: string; ar: string; lat: number; lon: number }[] = [
  { en: 'TURKEY', ar: 'تركيا', lat: 37.55, lon: 39.2 },
  { en: 'IRAQ', ar: 'العراق', lat: 34.2, lon: 42.1 },
  { en: 'JORDAN', ar: 'الأردن', lat: 32.05, lon: 37.4 },
  { en: 'LEBANON', ar: 'لبنان', lat: 34.2, lon: 35.55 },
];

/** A country outline projected for one canvas size. */
export interface ProjectedOutline {
  id: string;
  path: Path2D;
  isSyria: boolean;
}

/** The projected base layer of a map of one size: reused by every map of that size. */
export interface BaseLayer {
  project(lon: number, lat: number): [number, number];
  outlines: ProjectedOutline[];
  river: Path2D;
  neighbourLabels: { text: string; x: number; y: number }[];
}

let countries: Feature<Geometry, { name: string }>[] | undefined;
let riverPoints: { lat: number; lon: number }[] | undefined;

function loadCountries(): Feature<Geometry, { name: string }>[] {
  if (countries) return countries;
  const file = require.resolve('world-atlas/countries-50m.json');
  const topo = JSON.parse(readFileSync(file, 'utf8')) as Topology<{
    countries: GeometryCollection<{ name: string }>;
  }>;
  const all = feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  const wanted = new Set([SYRIA, ...NEIGHBOURS]);
  countries = all.features.filter((f) => wanted.has(String(f.id)));
  return countries;
}

function loadRiver(): { lat: number; lon: number }[] {
  if (riverPoints) return riverPoints;
  const file = projectPath('index-data', 'euphrates.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { points: { lat: number; lon: number }[] };
  riverPoints = data.points;
  return riverPoints;
}

const layers = new Map<string, BaseLayer>();

/**
 * The base layer for a map area: a Mercator projection fitted to Syria inside `[x0, y0, x1, y1]`, with the
 * outlines of Syria and its neighbours and the Euphrates as canvas paths. Built once per size (about 20 ms)
 * and cached, so a map costs only its dots and labels.
 */
export function baseLayer(area: [number, number, number, number], language: LabelLanguage): BaseLayer {
  const key = `${area.join(',')}:${language}`;
  const cached = layers.get(key);
  if (cached) return cached;
  const all = loadCountries();
  const syria = all.find((f) => String(f.id) === SYRIA);
  if (!syria) throw new Error('world-atlas has no outline for Syria (id 760).');
  const projection: GeoProjection = geoMercator().fitExtent(
    [
      [area[0], area[1]],
      [area[2], area[3]],
    ],
    syria,
  );
  const toPath = geoPath(projection);
  const outlines = all.map((f) => ({
    id: String(f.id),
    path: new Path2D(toPath(f) ?? ''),
    isSyria: String(f.id) === SYRIA,
  }));
  const project = (lon: number, lat: number): [number, number] => projection([lon, lat]) ?? [0, 0];
  const river = new Path2D();
  loadRiver().forEach((p, i) => {
    const [x, y] = project(p.lon, p.lat);
    if (i === 0) river.moveTo(x, y);
    else river.lineTo(x, y);
  });
  const neighbourLabels = NEIGHBOUR_LABELS.map((l) => {
    const [x, y] = project(l.lon, l.lat);
    return { text: language === 'ar' ? l.ar : l.en, x, y };
  });
  const layer = { project, outlines, river, neighbourLabels };
  layers.set(key, layer);
  return layer;
}
