import v8 from 'node:v8';

/**
 * Bound how far V8 lets the heap grow past its live size before a full collection.
 *
 * Left to itself, V8 grows the old generation up to about four times what is live when collecting is cheap
 * compared with allocating: with a 100k-report index (about 500 MB live) the bot's resident memory drifted
 * past 1.5 GB while answering searches, most of it garbage. A growth of 50% keeps it near 1 GB for a few
 * percent more time spent collecting (figures in the README's benchmark section). Entry points call this
 * once, before loading the index; `setFlags` is V8's runtime flag setter, passed in so tests can watch it.
 */
export function limitHeapGrowth(
  percent: number,
  setFlags: (flags: string) => void = (flags) => v8.setFlagsFromString(flags),
): void {
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`bad heap growth percent: ${percent}`);
  if (percent > 0) setFlags(`--heap-growing-percent=${percent}`);
}
