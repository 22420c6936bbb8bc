/**
 * Button ids. Discord allows 100 characters, so a button carries only a short key into the adapter's
 * answer cache plus what the click asks for: `pg:<key>:<offset>` (show the page starting at offset) or
 * `ch:<key>:<index>` (run the index-th offered follow-up command).
 */

/** What a button click asks for. */
export type ButtonAction =
  | { kind: 'page'; key: string; offset: number }
  | { kind: 'choice'; key: string; index: number };

/** Id of a Previous/Next button. */
export function pageButtonId(key: string, offset: number): string {
  return `pg:${key}:${offset}`;
}

/** Id of a follow-up (did-you-mean) button. */
export function choiceButtonId(key: string, index: number): string {
  return `ch:${key}:${index}`;
}

/** Read a button id; null for ids this adapter did not make. */
export function parseButtonId(customId: string): ButtonAction | null {
  const m = /^(pg|ch):([\w-]{1,40}):(\d{1,9})$/.exec(customId);
  if (!m) return null;
  const n = Number(m[3]);
  return m[1] === 'pg' ? { kind: 'page', key: m[2]!, offset: n } : { kind: 'choice', key: m[2]!, index: n };
}
