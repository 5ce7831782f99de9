/**
 * `accord clean FILE [--as CODE | --accept-all | --delete-all]`: prints the clean text. Without a
 * preview option it is refused (exit 1) while brackets remain, with `FILE:LINE:COL` of each.
 */
import { blanks, cleanText, preview, type PreviewMode } from '@accord/core';
import type { CliIO } from '../io';
import {
  UsageError,
  loadDraftOrReport,
  printErrors,
  oneFile,
  parseArgs,
  readAliasOptions,
  readDialectOption,
  withUsage,
} from '../input';

const USAGE =
  'clean FILE [--as CODE | --accept-all | --delete-all] [--alias CODE=CODE]… [--aliases FILE] [--dialect cica|un]';

/** Runs `accord clean`. Exit 0; 1 for a malformed draft or open brackets; 2 for a usage error. */
export async function run(args: string[], io: CliIO): Promise<number> {
  return withUsage(io, USAGE, async () => {
    const parsed = parseArgs(args, ['--as'], ['--accept-all', '--delete-all']);
    const file = oneFile(parsed);
    const as = parsed.values.filter(([flag]) => flag === '--as').map(([, v]) => v);
    const modes: PreviewMode[] = [
      ...as.map((code) => ({ as: code })),
      ...(parsed.switches.has('--accept-all') ? [{ acceptAll: true } as const] : []),
      ...(parsed.switches.has('--delete-all') ? [{ deleteAll: true } as const] : []),
    ];
    if (modes.length > 1) {
      throw new UsageError('give at most one of --as CODE, --accept-all, --delete-all');
    }
    if (as.length === 1 && !/^[A-Za-z0-9]+$/.test(as[0]!)) {
      throw new UsageError(`--as needs a delegation code such as IRAN, got '${as[0]}'`);
    }
    const aliases = await readAliasOptions(parsed, io);
    const dialect = readDialectOption(parsed);
    const loaded = await loadDraftOrReport(file, io, { aliases, ...(dialect ? { dialect } : {}) });
    if ('code' in loaded) return loaded.code;
    let doc = loaded.doc;
    // A blank `[ ]` or `[…]` would vanish from any preview, a placeholder or note `{…}` would be
    // printed as text: refused while one remains.
    const open = blanks(doc);
    if (open.length > 0) {
      printErrors(io, loaded.name, open);
      // Blanks only: as before; with placeholders `{Placeholder: …}` or notes `{…}`: all named.
      const what = open.every((e) => e.message.startsWith('blank '))
        ? `${plural(open.length, 'blank')} still to be filled`
        : `${open.length} ${open.length === 1 ? 'blank, placeholder or note' : 'blanks, placeholders or notes'} still in the text`;
      io.err(`${loaded.name}: ${what}; no clean text`);
      return 1;
    }
    if (modes[0]) {
      const mode = modes[0];
      // A code on the command line folds through the command-line aliases too.
      const folded = 'as' in mode ? { as: aliases[mode.as.toUpperCase()] ?? mode.as } : mode;
      doc = preview(doc, folded);
    }
    const result = cleanText(doc);
    if (!result.ok) {
      printErrors(io, loaded.name, result.errors);
      io.err(
        `${loaded.name}: ${result.errors.length} bracket${result.errors.length === 1 ? '' : 's'} still open; resolve them, or preview with --as CODE, --accept-all or --delete-all`,
      );
      return 1;
    }
    io.out(result.text);
    return 0;
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
