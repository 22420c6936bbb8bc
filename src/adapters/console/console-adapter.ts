import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { AdapterDeps } from '../../core/adapter.js';
import type { CommandContext } from '../../core/command.js';
import { dispatch, splitCommandLine } from '../../core/dispatch.js';
import { type ReplyFile, remainingAfter } from '../../core/reply.js';
import { saveImages } from '../../render/save-images.js';
import { renderText } from '../../render/text.js';

/** Options of the console chat. */
export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Show a banner and a prompt (a terminal); otherwise answer each line quietly (a pipe). */
  interactive: boolean;
  color?: boolean;
  pageSize?: number;
  /** Printed first, in a terminal or a pipe (e.g. that the answers come from the bundled sample). */
  notice?: string;
  /** Where files that come with answers (exports) are saved: `DATA_DIR/exports/`. */
  exportDir?: string;
  /** The terminal's width now (it can change between answers); text wraps to it. */
  width?: () => number | undefined;
  /** Print links as OSC 8 hyperlinks. */
  hyperlinks?: boolean;
  /** Where typed lines are kept between runs (interactive only), newest first. */
  historyFile?: string;
  /**
   * Where maps and timelines are written (`DATA_DIR/images/`); the answer prints their paths. Without it
   * answers carry no pictures.
   */
  imagesDir?: string;
}

const EXIT = /^(exit|quit|\/exit|\/quit)$/i;

/** Lines of input history kept between runs. */
export const HISTORY_SIZE = 500;

/** Read the saved history, newest first; none when the file is missing or unreadable. */
export async function loadHistory(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter((l) => l.trim() && !EXIT.test(l.trim()))
      .slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

/**
 * Save an answer's file under `dir` with a safe name (no folders, no leading dot), never overwriting an
 * earlier export: a second file of the same name gets `-2`, `-3`. Returns the path written.
 */
export async function saveReplyFile(dir: string, file: ReplyFile): Promise<string> {
  await mkdir(dir, { recursive: true });
  const safe =
    path
      .basename(file.name)
      .replace(/[^\w.-]+/g, '-')
      .replace(/^[.-]+/, '') || 'export.csv';
  const ext = path.extname(safe);
  const stem = safe.slice(0, safe.length - ext.length);
  for (let n = 1; ; n++) {
    const target = path.join(dir, n === 1 ? safe : `${stem}-${n}${ext}`);
    try {
      await writeFile(target, file.content, { flag: 'wx' });
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** A console adapter: the same commands as Slack and Discord, over injected streams. */
export interface ConsoleAdapter {
  /** Answer lines until the input ends or the user types `exit`. */
  run(): Promise<void>;
}

/** Build the console chat. It is an adapter like the others, so tests drive it with in-memory streams. */
export function createConsoleAdapter(deps: AdapterDeps, options: ConsoleOptions): ConsoleAdapter {
  const write = (text: string) => options.output.write(`${text}\n`);
  const pageSize = options.pageSize ?? 10;
  let last: { name: string; text: string; offset: number } | undefined;

  const context = (offset: number): CommandContext => ({
    services: deps.services,
    clock: deps.clock,
    logger: deps.logger,
    platform: 'console',
    user: { id: 'console', name: 'console', isAdmin: true },
    channel: { id: 'console' },
    page: { offset, limit: pageSize },
    ...(options.imagesDir ? { images: ['map', 'timeline'] as const } : {}),
  });

  async function answer(line: string): Promise<boolean> {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return true;
    if (EXIT.test(trimmed)) return false;
    let request: { name: string; text: string; offset: number } | undefined;
    if (/^(more|next|\/more)$/i.test(trimmed)) {
      if (!last) {
        write('Nothing to page through yet. Ask something first, e.g. /events bukamal');
        return true;
      }
      request = { ...last, offset: last.offset + pageSize };
    } else {
      const parsed = trimmed.startsWith('/') ? splitCommandLine(trimmed) : null;
      if (!parsed) {
        write('Commands start with a slash, for example /events bukamal, /actor hezbollah or /help.');
        return true;
      }
      request = { ...parsed, offset: 0 };
    }
    const reply = await dispatch(
      deps.commands,
      { name: request.name, text: request.text },
      context(request.offset),
    );
    const imagePaths = options.imagesDir
      ? await saveImages(options.imagesDir, reply.images ?? [], deps.clock.now())
      : [];
    const width = options.width?.();
    write(
      renderText(reply, {
        color: options.color ?? false,
        ...(width ? { width } : {}),
        ...(options.hyperlinks ? { hyperlinks: true } : {}),
        ...(imagePaths.length ? { imagePaths } : {}),
      }),
    );
    if (reply.file) {
      if (options.exportDir) {
        try {
          write(`Saved ${await saveReplyFile(options.exportDir, reply.file)}`);
        } catch (err) {
          deps.logger.error('could not save export', { err });
          write(`Could not save ${reply.file.name}: ${(err as Error).message}`);
        }
      } else write('Files are not saved here; use npm run cli -- export to write one to standard output.');
    }
    if (!options.interactive) write('');
    last = remainingAfter(reply.paging) > 0 || request.offset > 0 ? request : undefined;
    if (last && remainingAfter(reply.paging) === 0) last = undefined;
    return true;
  }

  return {
    async run() {
      const history =
        options.interactive && options.historyFile ? await loadHistory(options.historyFile) : [];
      const rl = createInterface({
        input: options.input,
        ...(options.interactive
          ? {
              output: options.output,
              terminal: true,
              history,
              historySize: HISTORY_SIZE,
              removeHistoryDuplicates: true,
            }
          : {}),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      if (options.interactive && options.historyFile) {
        const file = options.historyFile;
        let saving = Promise.resolve();
        rl.on('history', (lines: string[]) => {
          // `exit` is not worth recalling: the up arrow should bring back the last question.
          const kept = lines.filter((l) => !EXIT.test(l.trim())).slice(0, HISTORY_SIZE);
          const text = `${kept.join('\n')}\n`;
          saving = saving
            .then(() => mkdir(path.dirname(file), { recursive: true }))
            .then(() => writeFile(file, text, { mode: 0o600 }))
            .catch((err) => deps.logger.warn('could not save console history', { err }));
        });
      }
      if (options.interactive) {
        // Ctrl-C clears the line; a second Ctrl-C on an empty line leaves.
        let armed = false;
        rl.on('SIGINT', () => {
          if (rl.line.length) {
            rl.write(null, { ctrl: true, name: 'e' });
            rl.write(null, { ctrl: true, name: 'u' });
            options.output.write('^C\n');
            armed = true;
            rl.prompt();
          } else if (armed) {
            options.output.write('\n');
            rl.close();
          } else {
            options.output.write('\n(Ctrl-C again to leave, or type exit)\n');
            armed = true;
            rl.prompt();
          }
        });
        rl.on('line', () => {
          armed = false;
        });
      }
      if (options.notice) write(options.notice);
      if (options.interactive) {
        const s = deps.services.engine.stats();
        write(
          `Conflict desk console: ${s.reports} reports, ${s.events} events${s.firstDate ? ` (${s.firstDate} to ${s.lastDate})` : ''}.`,
        );
        write('Type /help for commands, "more" for the next page, "exit" to leave.');
        rl.setPrompt('desk> ');
        rl.prompt();
      }
      for await (const line of rl) {
        const keepGoing = await answer(line);
        if (!keepGoing) break;
        if (options.interactive) rl.prompt();
      }
      rl.close();
    },
  };
}
