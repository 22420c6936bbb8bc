import type { SKRSContext2D } from '@napi-rs/canvas';
import type { EventType } from '../reports/types.js';
import { font } from './fonts.js';
import { TYPE_COLOURS, TYPE_SHORT } from './palette.js';

/** Arabic script anywhere in the text. */
export const ARABIC = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/;

/** Text with a white halo, so it reads over dots and outlines. */
export function haloText(
  g: SKRSContext2D,
  text: string,
  x: number,
  y: number,
  options: { colour: string; halo?: number },
): void {
  g.direction = ARABIC.test(text) ? 'rtl' : 'ltr';
  g.lineJoin = 'round';
  g.lineWidth = options.halo ?? 3;
  g.strokeStyle = 'rgba(255,255,255,0.9)';
  g.strokeText(text, x, y);
  g.fillStyle = options.colour;
  g.fillText(text, x, y);
  g.direction = 'ltr';
}

/**
 * A one-line legend of event types, left to right from `x`; returns the x after the last entry.
 * Types are named in English in both languages (they are ACLED's category names).
 */
export function drawTypeLegend(g: SKRSContext2D, types: EventType[], x: number, y: number): number {
  g.font = font(13);
  g.textAlign = 'left';
  g.textBaseline = 'middle';
  let at = x;
  for (const t of types) {
    g.fillStyle = TYPE_COLOURS[t];
    g.fillRect(at, y - 6, 12, 12);
    g.fillStyle = '#333333';
    g.fillText(TYPE_SHORT[t], at + 17, y);
    at += 17 + g.measureText(TYPE_SHORT[t]).width + 16;
  }
  return at;
}

/** Cut text to `maxWidth` pixels with an ellipsis. */
export function fitText(g: SKRSContext2D, text: string, maxWidth: number): string {
  if (g.measureText(text).width <= maxWidth) return text;
  let cut = text;
  while (cut.length > 1 && g.measureText(`${cut}…`).width > maxWidth) cut = cut.slice(0, -1);
  return `${cut}…`;
}
