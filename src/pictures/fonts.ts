import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';
import { PictureError } from './errors.js';

/** Family name the renderers ask for; Latin and Arabic files are registered under it. */
export const FONT_FAMILY = 'DeskSans';
/** Bold files get their own family: Skia otherwise may pick the bold face for regular text. */
export const BOLD_FAMILY = 'DeskSansBold';

/** The font files read at run time, from `@fontsource` packages in node_modules. */
export type FontFiles = readonly string[];

const require = createRequire(import.meta.url);

/** Files of `@fontsource/noto-sans` (Latin) and `@fontsource/noto-sans-arabic`, regular and bold. */
export function defaultFontFiles(): FontFiles {
  const files: string[] = [];
  const from = (pkg: string, names: string[]) => {
    let dir: string;
    try {
      dir = require.resolve(`${pkg}/package.json`).replace(/package\.json$/, 'files/');
    } catch {
      dir = `node_modules/${pkg}/files/`;
    }
    for (const n of names) files.push(dir + n);
  };
  from('@fontsource/noto-sans', [
    'noto-sans-latin-400-normal.woff2',
    'noto-sans-latin-700-normal.woff2',
    'noto-sans-latin-ext-400-normal.woff2',
    'noto-sans-latin-ext-700-normal.woff2',
  ]);
  from('@fontsource/noto-sans-arabic', [
    'noto-sans-arabic-arabic-400-normal.woff2',
    'noto-sans-arabic-arabic-700-normal.woff2',
  ]);
  return files;
}

const registered = new Set<string>();

/**
 * Register the font files under {@link FONT_FAMILY} (once per file per process). Throws a
 * {@link PictureError} naming the first missing or unreadable file, so no picture is drawn in a system
 * font or with empty boxes.
 */
export function registerFonts(files: FontFiles = defaultFontFiles()): void {
  for (const file of files) {
    if (registered.has(file)) continue;
    if (!existsSync(file))
      throw new PictureError(
        'font-missing',
        `Pictures are unavailable: the font file ${file} is missing. Reinstall the bot's packages (npm ci).`,
      );
    if (!GlobalFonts.registerFromPath(file, /-700-/.test(file) ? BOLD_FAMILY : FONT_FAMILY))
      throw new PictureError(
        'font-missing',
        `Pictures are unavailable: the font file ${file} could not be read. Reinstall the bot's packages (npm ci).`,
      );
    registered.add(file);
  }
}

/** A CSS font string in the bundled family. */
export function font(px: number, weight: 'normal' | 'bold' = 'normal'): string {
  return weight === 'bold' ? `${px}px ${BOLD_FAMILY}` : `${px}px ${FONT_FAMILY}`;
}
