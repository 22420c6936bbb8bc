import type { EventType } from '../reports/types.js';

/** Event types in drawing and legend order. */
export const EVENT_TYPE_ORDER: readonly EventType[] = [
  'Battles',
  'Explosions/Remote violence',
  'Violence against civilians',
  'Protests',
  'Riots',
  'Strategic developments',
];

/**
 * One colour per ACLED type, from the Okabe-Ito set (distinguishable with the common colour-vision
 * deficiencies). Grey is kept for the map's land so no type is grey.
 */
export const TYPE_COLOURS: Record<EventType, string> = {
  Battles: '#d55e00',
  'Explosions/Remote violence': '#e69f00',
  'Violence against civilians': '#cc79a7',
  Protests: '#0072b2',
  Riots: '#009e73',
  'Strategic developments': '#56b4e9',
};

/** Short legend names. */
export const TYPE_SHORT: Record<EventType, string> = {
  Battles: 'Battles',
  'Explosions/Remote violence': 'Explosions',
  'Violence against civilians': 'Civilians targeted',
  Protests: 'Protests',
  Riots: 'Riots',
  'Strategic developments': 'Strategic',
};

/** Colours of the picture itself. */
export const INK = {
  background: '#ffffff',
  sea: '#dfeaf2',
  land: '#f1efe9',
  syria: '#fbfaf7',
  border: '#9a9a92',
  syriaBorder: '#4d4d48',
  river: '#6ea6c9',
  text: '#222222',
  muted: '#6b6b66',
  grid: '#e3e3de',
  average: '#222222',
} as const;
