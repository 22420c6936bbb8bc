import { createCanvas } from '@napi-rs/canvas';
import { drawTypeLegend, fitText } from './draw.js';
import { PictureError } from './errors.js';
import { type FontFiles, font, registerFonts } from './fonts.js';
import { EVENT_TYPE_ORDER, INK, TYPE_COLOURS } from './palette.js';
import type { PictureImage, TimelineSpec } from './types.js';

/** Timeline size in pixels. */
export const TIMELINE_SIZE = { width: 960, height: 440 } as const;
const PLOT = { left: 56, right: 24, top: 84, bottom: 92 } as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A round axis maximum at or above `value`, and its tick step. */
export function niceScale(value: number): { max: number; step: number } {
  if (value <= 0) return { max: 1, step: 1 };
  const rough = value / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const stepInt = Math.max(1, step);
  return { max: Math.ceil(value / stepInt) * stepInt, step: stepInt };
}

/** `4 Nov` (or `4 Nov 2026` when `withYear`). */
export function shortDate(day: string, withYear = false): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]}${withYear ? ` ${y}` : ''}`;
}

/**
 * Draw incidents per day or week as bars stacked by event type, with the period's total in the heading and
 * the 4-week average as a dashed line. Throws a {@link PictureError} when there is nothing to draw.
 */
export function renderTimeline(spec: TimelineSpec, fonts?: FontFiles): PictureImage {
  if (!spec.total || !spec.buckets.length) throw new PictureError('nothing-to-draw', spec.alt);
  registerFonts(fonts);
  const { width, height } = TIMELINE_SIZE;
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  g.fillStyle = INK.background;
  g.fillRect(0, 0, width, height);

  g.fillStyle = INK.text;
  g.font = font(20, 'bold');
  g.textBaseline = 'middle';
  g.textAlign = 'left';
  g.fillText(fitText(g, spec.title, width - 32), 16, 26);
  g.font = font(14);
  g.fillStyle = INK.muted;
  const per = spec.unit === 'week' ? 'a week' : 'a day';
  g.fillText(
    `${spec.total} incident${spec.total === 1 ? '' : 's'} in the period · 4-week average ${formatAverage(spec.average4w)} ${per} (dashed line) · per ${spec.unit}`,
    16,
    56,
  );

  const x0 = PLOT.left;
  const x1 = width - PLOT.right;
  const y0 = PLOT.top;
  const y1 = height - PLOT.bottom;
  const peak = Math.max(...spec.buckets.map((b) => b.total), spec.average4w);
  const scale = niceScale(peak);
  const yOf = (v: number) => y1 - (v / scale.max) * (y1 - y0);

  g.font = font(12);
  g.textAlign = 'right';
  g.strokeStyle = INK.grid;
  g.lineWidth = 1;
  for (let v = 0; v <= scale.max; v += scale.step) {
    const y = Math.round(yOf(v)) + 0.5;
    g.beginPath();
    g.moveTo(x0, y);
    g.lineTo(x1, y);
    g.stroke();
    g.fillStyle = INK.muted;
    g.fillText(String(v), x0 - 8, y);
  }

  const slot = (x1 - x0) / spec.buckets.length;
  const barWidth = Math.max(1, slot * 0.78);
  spec.buckets.forEach((b, i) => {
    let base = 0;
    const left = x0 + i * slot + (slot - barWidth) / 2;
    for (const t of EVENT_TYPE_ORDER) {
      const n = b.counts[t] ?? 0;
      if (!n) continue;
      const top = yOf(base + n);
      g.fillStyle = TYPE_COLOURS[t];
      g.fillRect(left, top, barWidth, yOf(base) - top);
      base += n;
    }
  });

  if (spec.average4w > 0) {
    const y = yOf(spec.average4w);
    g.save();
    g.strokeStyle = INK.average;
    g.lineWidth = 1.5;
    g.setLineDash([6, 4]);
    g.beginPath();
    g.moveTo(x0, y);
    g.lineTo(x1, y);
    g.stroke();
    g.restore();
  }

  g.fillStyle = INK.muted;
  g.textAlign = 'center';
  g.textBaseline = 'top';
  const years = new Set(spec.buckets.map((b) => b.start.slice(0, 4)));
  const every = Math.max(1, Math.ceil(70 / slot));
  spec.buckets.forEach((b, i) => {
    if (i % every) return;
    g.fillText(
      shortDate(b.start, years.size > 1 && (i === 0 || b.start.slice(5, 7) === '01')),
      x0 + (i + 0.5) * slot,
      y1 + 6,
    );
  });
  const present = EVENT_TYPE_ORDER.filter((t) => spec.buckets.some((b) => b.counts[t]));
  drawTypeLegend(g, present, 16, height - 28);
  return {
    kind: 'timeline',
    png: canvas.toBuffer('image/png'),
    alt: spec.alt,
    filename: spec.filename,
    width,
    height,
  };
}

/** `3.5`, `12`, `0.3`. */
export function formatAverage(n: number): string {
  return n >= 10 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1);
}
