import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReplyImage } from '../core/reply.js';

/**
 * Write pictures as PNG files under `dir` (created when missing), each named with the time so earlier ones
 * are kept: `20261124-100000-map-al-bukamal.png`. Returns each file's path with its alt text, for printing.
 */
export async function saveImages(
  dir: string,
  images: readonly ReplyImage[],
  now: Date,
): Promise<{ path: string; alt: string }[]> {
  if (!images.length) return [];
  await mkdir(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const saved: { path: string; alt: string }[] = [];
  for (const image of images) {
    const file = path.join(dir, `${stamp}-${image.filename}`);
    await writeFile(file, image.png);
    saved.push({ path: file, alt: image.alt });
  }
  return saved;
}
