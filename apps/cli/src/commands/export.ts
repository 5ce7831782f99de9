/**
 * `accord export FILE --format docx|html|txt [--symbol S] [--rev N] [--title T] [--clean] --out PATH`
 *
 * Writes the consolidated text (or, with `--clean`, the clean text) laid out like the
 * Secretariat's documents. Extra options: `--date D`, `--distribution LINE`,
 * `--chairmanship LINE`, `--bold-brackets`, `--no-header`, `--no-italic-lead-words`, with `--clean`
 * a preview (`--as CODE`, `--accept-all`, `--delete-all`), and `--alias`/`--aliases` as for every
 * command that reads a draft. `--out -` writes HTML or text to standard output. FILE may be a
 * `.docx`; its problems are printed `FILE:PARAGRAPH:COL: message (paragraph N: "text")`.
 */
import { blanks, type PreviewMode } from '@accord/core';
import type { ExportOptions } from '@accord/docx';
import { CleanTextRefusedError, toDocx, toHtml, toText } from '@accord/docx';
import type { CliIO } from '../io';
import { profileOptions, readProfile, symbolMatches } from '../profile';
import type { ParsedArgs } from '../input';
import {
  UsageError,
  printErrors,
  loadDraftOrReport,
  oneFile,
  parseArgs,
  readAliasOptions,
  readDialectOption,
  withUsage,
} from '../input';

const USAGE =
  'export FILE --format docx|html|txt [--symbol S] [--rev N] [--title T] [--clean] --out PATH\n' +
  '       [--date D] [--distribution LINE] [--chairmanship LINE] [--bold-brackets] [--no-header]\n' +
  '       [--no-italic-lead-words] [--clean --as CODE | --clean --accept-all | --clean --delete-all]\n' +
  '       [--alias CODE=CODE]… [--aliases FILE] [--dialect cica|un]\n' +
  '       [--profile FILE|plain|cica]';

/** The last value of a flag, or undefined. */
export function flagValue(parsed: ParsedArgs, flag: string): string | undefined {
  let v: string | undefined;
  for (const [f, value] of parsed.values) if (f === flag) v = value;
  return v;
}

/** `--rev N` as a whole number, or undefined; a usage error otherwise. */
export function revision(parsed: ParsedArgs): number | undefined {
  const text = flagValue(parsed, '--rev');
  if (text === undefined) return undefined;
  const rev = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(rev)) {
    throw new UsageError(`--rev needs a whole number such as 1, got '${text}'`);
  }
  return rev;
}

/** Writes the output file, or standard output for `-` (HTML and text only). */
export async function writeOutput(
  path: string,
  data: string | Uint8Array,
  io: CliIO,
): Promise<void> {
  if (path === '-') {
    if (typeof data !== 'string') {
      throw new UsageError('a DOCX cannot be written to standard output; give --out FILE.docx');
    }
    io.out(data.replace(/\n$/, ''));
    return;
  }
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, data);
}

/** Runs `accord export`. Exit 0; 1 for a malformed draft or a refused clean text; 2 for usage. */
export async function run(args: string[], io: CliIO): Promise<number> {
  return withUsage(io, USAGE, async () => {
    const parsed = parseArgs(
      args,
      [
        '--format',
        '--symbol',
        '--rev',
        '--title',
        '--out',
        '--date',
        '--distribution',
        '--chairmanship',
        '--as',
        '--profile',
      ],
      [
        '--clean',
        '--bold-brackets',
        '--no-header',
        '--no-italic-lead-words',
        '--accept-all',
        '--delete-all',
      ],
    );
    const file = oneFile(parsed);
    const format = flagValue(parsed, '--format');
    const out = flagValue(parsed, '--out');
    if (!format) throw new UsageError('--format docx|html|txt is required');
    if (!['docx', 'html', 'txt'].includes(format)) {
      throw new UsageError(`--format must be docx, html or txt, got '${format}'`);
    }
    if (!out) throw new UsageError('--out PATH is required (- for standard output, html and txt)');
    if (out === '-' && format === 'docx') {
      throw new UsageError('a DOCX cannot be written to standard output; give --out FILE.docx');
    }
    const rev = revision(parsed);
    const as = flagValue(parsed, '--as');
    const modes = [
      as !== undefined,
      parsed.switches.has('--accept-all'),
      parsed.switches.has('--delete-all'),
    ];
    if (modes.filter(Boolean).length > 1) {
      throw new UsageError('give at most one of --as CODE, --accept-all, --delete-all');
    }
    const clean = parsed.switches.has('--clean');
    if (modes.some(Boolean) && !clean) {
      throw new UsageError('--as, --accept-all and --delete-all go with --clean');
    }
    const aliases = await readAliasOptions(parsed, io);
    let preview: PreviewMode | undefined;
    if (as !== undefined) preview = { as: aliases[as.toUpperCase()] ?? as };
    if (parsed.switches.has('--accept-all')) preview = { acceptAll: true };
    if (parsed.switches.has('--delete-all')) preview = { deleteAll: true };
    const dialect = readDialectOption(parsed);
    const loaded = await loadDraftOrReport(file, io, { aliases, ...(dialect ? { dialect } : {}) });
    if ('code' in loaded) return loaded.code;
    // A blank `[ ]` or `[…]` would vanish from any clean text: refused while one remains.
    const open = clean ? blanks(loaded.doc) : [];
    if (open.length > 0) {
      printErrors(io, loaded.name, open);
      io.err(`${loaded.name}: ${open.length} blank(s) still to be filled; no clean text written`);
      return 1;
    }
    // The body's profile (`--profile FILE|plain|cica`); the draft's date and the flags win.
    const profile = await readProfile(flagValue(parsed, '--profile'), io);
    const fromProfile = profileOptions(profile);
    const symbol = flagValue(parsed, '--symbol') ?? loaded.doc.meta.symbol;
    if (symbol && !symbolMatches(profile, symbol)) {
      io.err(
        `accord export: warning: the symbol '${symbol}' does not follow the profile's pattern '${profile.symbolPattern ?? ''}'`,
      );
    }
    const options: ExportOptions = {
      ...fromProfile,
      symbol: flagValue(parsed, '--symbol'),
      rev,
      title: flagValue(parsed, '--title'),
      date: flagValue(parsed, '--date') ?? loaded.doc.meta.date ?? fromProfile.date,
      distribution: flagValue(parsed, '--distribution') ?? fromProfile.distribution,
      chairmanship: flagValue(parsed, '--chairmanship'),
      clean,
      preview,
      boldBrackets: parsed.switches.has('--bold-brackets'),
      italicLeadWords: !parsed.switches.has('--no-italic-lead-words'),
      header: !parsed.switches.has('--no-header'),
    };
    let data: string | Uint8Array;
    try {
      data =
        format === 'docx'
          ? await toDocx(loaded.doc, options)
          : format === 'html'
            ? toHtml(loaded.doc, options)
            : toText(loaded.doc, options);
    } catch (e) {
      if (!(e instanceof CleanTextRefusedError)) throw e;
      printErrors(io, loaded.name, e.errors);
      io.err(
        `${loaded.name}: ${e.errors.length} bracket${e.errors.length === 1 ? '' : 's'} still open; no clean text written. Resolve them, or preview with --clean --as CODE, --accept-all or --delete-all`,
      );
      return 1;
    }
    await writeOutput(out, data, io);
    return 0;
  });
}
