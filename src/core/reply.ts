/**
 * The neutral answer every command returns. Adapters turn it into Block Kit (Slack), embeds (Discord) or
 * terminal text. All strings here are plain text written by us or taken from reports/users: adapters must
 * escape them for their platform (markdown, mentions, `<!channel>`), never trust them.
 */
export interface Reply {
  /** How the answer should be presented. `user-error` and `internal-error` go only to the asker. */
  tone: ReplyTone;
  /** Short heading, e.g. `Al-Bukamal (Deir ez-Zor)`. */
  title: string;
  /** One to three short lines: how many, since when, which types, who. */
  summary?: string;
  /** The body, in display order. */
  sections: ReplySection[];
  /** Quiet closing line (what was left out, hints). */
  footer?: string;
  /** Follow-up commands to offer: did-you-mean, "which one did you mean", next steps. */
  choices?: ReplyChoice[];
  /** Present when the answer is one page of a longer list. */
  paging?: ReplyPaging;
  /** Machine-readable answer, used by the CLI's `--json`. */
  data?: unknown;
  /**
   * A file that goes with the answer (an export): Slack uploads it to the channel, Discord attaches it, the
   * console saves it under `DATA_DIR/exports/`.
   */
  file?: ReplyFile;
  /** Pictures that go with the answer (a map, a timeline), when the asker's platform wanted them drawn. */
  images?: ReplyImage[];
  /**
   * Pictures this answer can have, drawn or not. Where images cannot travel with the answer (Slack's
   * ephemeral replies), the adapter offers them as buttons.
   */
  imageKinds?: ReplyImageKind[];
}

/** The pictures an answer can carry. */
export type ReplyImageKind = 'map' | 'timeline';

/** A picture in an answer: PNG bytes, the same content in words, and a file name. */
export interface ReplyImage {
  kind: ReplyImageKind;
  png: Uint8Array;
  /** Alt text: what the picture shows, in words. */
  alt: string;
  /** e.g. `map-al-bukamal.png`. */
  filename: string;
  width: number;
  height: number;
}

/** A file delivered with an answer. */
export interface ReplyFile {
  /** File name without any folder, e.g. `al-bukamal-events-2026-11-24.csv`. */
  name: string;
  /** e.g. `text/csv`. */
  mimeType: string;
  content: string;
}

/** How a reply should be presented. */
export type ReplyTone = 'answer' | 'empty' | 'info' | 'user-error' | 'internal-error';

/** A group of lines under an optional heading. */
export interface ReplySection {
  heading?: string;
  lines: ReplyLine[];
}

/**
 * One line of an answer, e.g. one event:
 * `lead` = `17 Sep 2024`, `text` = `Exercises near Al-Hasian`, `detail` = `Strategic developments · IRGC`,
 * `link` = the source report.
 */
export interface ReplyLine {
  /** Emphasised start of the line (usually a date). */
  lead?: string;
  /** The line itself. */
  text: string;
  /** Secondary information (type, actors, place). */
  detail?: string;
  /** Link to the source. */
  link?: ReplyLink;
}

/** A link with a short label. */
export interface ReplyLink {
  url: string;
  label: string;
}

/** A follow-up the user can pick; `command` is a full command line such as `/events al-bukamal`. */
export interface ReplyChoice {
  label: string;
  command: string;
}

/** Position of this page in the full list. */
export interface ReplyPaging {
  offset: number;
  limit: number;
  total: number;
}

/** Count of items after this page, or 0. */
export function remainingAfter(paging: ReplyPaging | undefined): number {
  if (!paging) return 0;
  return Math.max(0, paging.total - (paging.offset + paging.limit));
}

/** Build a user-error reply. */
export function userErrorReply(message: string, choices: ReplyChoice[] = []): Reply {
  return { tone: 'user-error', title: message, sections: [], ...(choices.length ? { choices } : {}) };
}

/** The one line a user sees when something broke on our side. */
export function internalErrorReply(requestId: string): Reply {
  return {
    tone: 'internal-error',
    title: 'Something went wrong on our side while answering that.',
    summary: `It has been logged (reference ${requestId}). Please try again in a moment.`,
    sections: [],
  };
}
