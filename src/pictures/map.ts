import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { drawTypeLegend, fitText, haloText } from './draw.js';
import { PictureError } from './errors.js';
import { type FontFiles, font, registerFonts } from './fonts.js';
import { baseLayer } from './geo.js';
import { EVENT_TYPE_ORDER, INK, TYPE_COLOURS } from './palette.js';
import type { MapPoint, MapSpec, PictureImage } from './types.js';

/** Map size in pixels: wide enough for Syria and the Euphrates valley, small enough for chat previews. */
export const MAP_SIZE = { width: 960, height: 780 } as const;
const HEADER = 52;
const FOOTER = 44;
const SMALLEST_DOT = 3.5;
const LARGEST_DOT = 24;

/** Radius of a dot: area proportional to its count, relative to the largest place. */
export function dotRadius(count: number, max: number): number {
  if (max <= 0) return SMALLEST_DOT;
  return SMALLEST_DOT + (LARGEST_DOT - SMALLEST_DOT) * Math.sqrt(count / max);
}

/** Where the map draws Syria: the area its projection is fitted to. */
const MAP_AREA: [number, number, number, number] = [
  16,
  HEADER + 8,
  MAP_SIZE.width - 16,
  MAP_SIZE.height - FOOTER - 8,
];

/** Pixel of a longitude/latitude on a map drawn by {@link renderMap}. */
export function mapPixel(lon: number, lat: number): [number, number] {
  return baseLayer(MAP_AREA, 'en').project(lon, lat);
}

/**
 * Draw a map: Syria and its neighbours' outlines, the Euphrates, governorate names, one dot per place
 * (area by count, colour by dominant type), the largest places labelled, and a legend. Throws a
 * {@link PictureError} when there is nothing to draw or a font is missing.
 */
export function renderMap(spec: MapSpec, fonts?: FontFiles): PictureImage {
  if (!spec.points.length) throw new PictureError('nothing-to-draw', spec.alt);
  registerFonts(fonts);
  const { width, height } = MAP_SIZE;
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  const base = baseLayer(MAP_AREA, spec.language);

  g.fillStyle = INK.sea;
  g.fillRect(0, 0, width, height);
  g.lineJoin = 'round';
  for (const o of base.outlines) {
    g.fillStyle = o.isSyria ? INK.syria : INK.land;
    g.fill(o.path);
  }
  g.strokeStyle = INK.border;
  g.lineWidth = 0.8;
  for (const o of base.outlines) if (!o.isSyria) g.stroke(o.path);
  g.strokeStyle = INK.syriaBorder;
  g.lineWidth = 1.6;
  for (const o of base.outlines) if (o.isSyria) g.stroke(o.path);
  g.strokeStyle = INK.river;
  g.lineWidth = 2.2;
  g.stroke(base.river);

  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.font = font(15, 'bold');
  for (const l of base.neighbourLabels) {
    g.fillStyle = '#b5b3aa';
    g.fillText(l.text, l.x, l.y);
  }
  g.font = font(12);
  for (const gov of spec.governorates) {
    const [x, y] = base.project(gov.lon, gov.lat);
    haloText(g, gov.label, x, y, { colour: '#8c8a80', halo: 2.5 });
  }

  drawDots(g, spec.points, base.project);
  drawLabels(g, spec.points, base.project, spec.maxLabels ?? 10);
  drawFrame(g, spec);
  return {
    kind: 'map',
    png: canvas.toBuffer('image/png'),
    alt: spec.alt,
    filename: spec.filename,
    width,
    height,
  };
}

type Project = (lon: number, lat: number) => [number, number];

function drawDots(g: SKRSContext2D, points: MapPoint[], project: Project): void {
  const max = Math.max(...points.map((p) => p.count));
  // Largest first, so small places stay visible on top of big neighbours.
  const order = [...points].sort((a, b) => b.count - a.count);
  g.lineWidth = 1;
  g.strokeStyle = '#ffffff';
  g.globalAlpha = 0.88;
  for (const p of order) {
    const [x, y] = project(p.lon, p.lat);
    g.beginPath();
    g.arc(x, y, dotRadius(p.count, max), 0, Math.PI * 2);
    g.fillStyle = TYPE_COLOURS[p.dominant];
    g.fill();
    g.stroke();
  }
  g.globalAlpha = 1;
}

function drawLabels(g: SKRSContext2D, points: MapPoint[], project: Project, maxLabels: number): void {
  const max = Math.max(...points.map((p) => p.count));
  const taken: [number, number, number, number][] = [];
  const overlaps = (r: [number, number, number, number]) =>
    taken.some((t) => r[0] < t[2] && r[2] > t[0] && r[1] < t[3] && r[3] > t[1]);
  g.font = font(13, 'bold');
  g.textBaseline = 'middle';
  let placed = 0;
  for (const p of [...points].sort((a, b) => b.count - a.count)) {
    if (placed >= maxLabels) break;
    const [x, y] = project(p.lon, p.lat);
    const r = dotRadius(p.count, max);
    const text = `${p.label} (${p.count})`;
    const w = g.measureText(text).width;
    const h = 16;
    const spots: {
      box: [number, number, number, number];
      align: 'left' | 'right';
      tx: number;
      ty: number;
    }[] = [
      { box: [x + r + 3, y - h / 2, x + r + 3 + w, y + h / 2], align: 'left', tx: x + r + 3, ty: y },
      { box: [x - r - 3 - w, y - h / 2, x - r - 3, y + h / 2], align: 'right', tx: x - r - 3, ty: y },
      {
        box: [x - w / 2, y - r - 2 - h, x + w / 2, y - r - 2],
        align: 'left',
        tx: x - w / 2,
        ty: y - r - 2 - h / 2,
      },
      {
        box: [x - w / 2, y + r + 2, x + w / 2, y + r + 2 + h],
        align: 'left',
        tx: x - w / 2,
        ty: y + r + 2 + h / 2,
      },
    ];
    const spot = spots.find((s) => !overlaps(s.box) && s.box[0] > 0 && s.box[2] < MAP_SIZE.width);
    if (!spot) continue;
    taken.push(spot.box);
    g.textAlign = spot.align;
    haloText(g, text, spot.tx, spot.ty, { colour: INK.text });
    placed++;
  }
}

function drawFrame(g: SKRSContext2D, spec: MapSpec): void {
  const { width, height } = MAP_SIZE;
  g.fillStyle = INK.background;
  g.fillRect(0, 0, width, HEADER);
  g.fillRect(0, height - FOOTER, width, FOOTER);
  g.fillStyle = INK.text;
  g.font = font(20, 'bold');
  g.textBaseline = 'middle';
  // Left to right even for Arabic labels: the heading is mostly English, with the Arabic name as one run.
  g.textAlign = 'left';
  g.fillText(fitText(g, spec.title, width - 32), 16, HEADER / 2);
  const present = EVENT_TYPE_ORDER.filter((t) => spec.points.some((p) => p.dominant === t));
  const end = drawTypeLegend(g, present, 16, height - FOOTER / 2);
  g.fillStyle = INK.muted;
  g.font = font(12);
  g.textAlign = 'right';
  const note = 'Dot area: incidents. Colour: most frequent type.';
  if (end + g.measureText(note).width < width - 16) g.fillText(note, width - 16, height - FOOTER / 2);
}
