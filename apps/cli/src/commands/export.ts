/**
 * `accord export FILE --format docx|html|txt [--symbol S] [--rev N] [--title T] [--clean] --out PATH`
 *
 * Writes the consolidated text (or, with `--clean`, the clean text) laid out like the
 * Secretariat's documents. Extra options: `--date D`, `--distribution LINE`, `--chairmanship LINE`,
 * `--bold-brackets`, `--no-header`, and with `--clean` a preview (`--as CODE`, `--accept-all`,
 * `--delete-all`). `--out -` writes HTML or text to standard output. FILE may be a `.docx`.
 */
import type { DraftDocument, NotationError, PreviewMode } from '@accord/core';
import { parse } from '@accord/core';
import type { DocxImportError, ExportOptions } from '@accord/docx';
import { CleanTextRefusedError, fromDocx, toDocx, toHtml, toText } from '@accord/docx';
import type { CliIO } from '../io';

/** Reads a draft from a notation text file or a `.docx`; prints located errors and returns null. */
export async function loadDraft(path: string, io: CliIO): Promise<DraftDocument | null> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(path);
  } catch (e) {
    io.err(`${path}: cannot read: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip || /\.docx$/i.test(path)) {
    const r = await fromDocx(bytes);
    if (r.ok) return r.doc;
    printErrors(path, r.errors, io);
    return null;
  }
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const r = parse(text);
  if (r.ok) return r.doc;
  printErrors(path, r.errors, io);
  return null;
}

/** Prints `FILE:LINE:COL: message` lines (for a DOCX, LINE is the paragraph number). */
export function printErrors(
  path: string,
  errors: readonly (NotationError | DocxImportError)[],
  io: CliIO,
): void {
  for (const e of errors) {
    let line = `${path}:${e.line}:${e.column}: ${e.message}`;
    if ('paragraph' in e && e.paragraph > 0) line += ` (paragraph ${e.paragraph}: "${e.excerpt}")`;
    if (e.hint) line += ` (${e.hint})`;
    io.err(line);
  }
}

/** Writes the output file, or standard output for `-`. */
export async function writeOutput(
  path: string,
  data: string | Uint8Array,
  io: CliIO,
): Promise<void> {
  if (path === '-') {
    if (typeof data !== 'string')
      throw new RangeError('a DOCX cannot be written to standard output; give --out FILE.docx');
    io.out(data.replace(/\n$/, ''));
    return;
  }
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, data);
}

/** Parsed command line: positional arguments, valued flags and switches. */
export interface ParsedArgs {
  readonly positional: string[];
  readonly values: Map<string, string>;
  readonly switches: Set<string>;
}

/** Parses `--flag value` and `--switch` arguments; returns an error message for unknown ones. */
export function parseArgs(
  args: readonly string[],
  valued: readonly string[],
  switches: readonly string[],
): ParsedArgs | string {
  const out: ParsedArgs = { positional: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (valued.includes(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return `option --${name} needs a value`;
        out.values.set(name, v);
      } else if (switches.includes(name) && eq < 0) out.switches.add(name);
      else return `unknown option '${a}'`;
    } else out.positional.push(a);
  }
  return out;
}

const USAGE =
  'usage: accord export FILE --format docx|html|txt [--symbol S] [--rev N] [--title T] [--clean] --out PATH\n' +
  '       [--date D] [--distribution LINE] [--chairmanship LINE] [--bold-brackets] [--no-header]\n' +
  '       [--clean --as CODE | --clean --accept-all | --clean --delete-all]';

/** `accord export`. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(
    args,
    ['format', 'symbol', 'rev', 'title', 'out', 'date', 'distribution', 'chairmanship', 'as'],
    ['clean', 'bold-brackets', 'no-header', 'accept-all', 'delete-all'],
  );
  if (typeof parsed === 'string') {
    io.err(`accord export: ${parsed}\n${USAGE}`);
    return 2;
  }
  const { positional, values, switches } = parsed;
  const file = positional[0];
  const format = values.get('format');
  const out = values.get('out');
  if (positional.length !== 1 || !file || !format || !out) {
    io.err(
      `accord export: ${!file ? 'FILE is missing' : !format ? '--format is missing' : !out ? '--out is missing' : 'one FILE only'}\n${USAGE}`,
    );
    return 2;
  }
  if (!['docx', 'html', 'txt'].includes(format)) {
    io.err(`accord export: --format must be docx, html or txt, got '${format}'`);
    return 2;
  }
  const revText = values.get('rev');
  const rev = revText === undefined ? undefined : Number(revText);
  if (rev !== undefined && (!Number.isInteger(rev) || rev < 0)) {
    io.err(`accord export: --rev must be a whole number, got '${revText}'`);
    return 2;
  }
  const modes = [values.has('as'), switches.has('accept-all'), switches.has('delete-all')].filter(
    Boolean,
  );
  if (modes.length > 1) {
    io.err('accord export: give only one of --as, --accept-all, --delete-all');
    return 2;
  }
  let preview: PreviewMode | undefined;
  if (values.has('as')) preview = { as: values.get('as')! };
  if (switches.has('accept-all')) preview = { acceptAll: true };
  if (switches.has('delete-all')) preview = { deleteAll: true };
  if (preview && !switches.has('clean')) {
    io.err('accord export: --as, --accept-all and --delete-all go with --clean');
    return 2;
  }
  const draft = await loadDraft(file, io);
  if (!draft) return 1;
  const options: ExportOptions = {
    symbol: values.get('symbol'),
    rev,
    title: values.get('title'),
    date: values.get('date'),
    distribution: values.get('distribution'),
    chairmanship: values.get('chairmanship'),
    clean: switches.has('clean'),
    preview,
    boldBrackets: switches.has('bold-brackets'),
    header: !switches.has('no-header'),
  };
  try {
    const data =
      format === 'docx'
        ? await toDocx(draft, options)
        : format === 'html'
          ? toHtml(draft, options)
          : toText(draft, options);
    await writeOutput(out, data, io);
  } catch (e) {
    if (e instanceof CleanTextRefusedError) {
      io.err(`accord export: clean text refused: brackets remain`);
      printErrors(file, e.errors, io);
      return 1;
    }
    if (e instanceof RangeError) {
      io.err(`accord export: ${e.message}`);
      return 2;
    }
    throw e;
  }
  return 0;
}
