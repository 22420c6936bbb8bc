import { PassThrough, Readable } from 'node:stream';

/** A writable that collects what is written. */
export function collector(): PassThrough & { text(): string } {
  const stream = new PassThrough();
  let data = '';
  stream.setEncoding('utf8');
  stream.on('data', (c: string) => {
    data += c;
  });
  return Object.assign(stream, { text: () => data });
}

/** A readable that yields the given lines, then ends. */
export function linesIn(lines: string[]): Readable {
  return Readable.from(lines.map((l) => `${l}\n`));
}
