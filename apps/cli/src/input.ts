/**
 * Reading a draft for any command: a notation text file, standard input (`-`), or a `.docx`
 * (through `@accord/docx`, loaded only when needed). CRLF and a UTF-8 byte-order mark are accepted,
 * UTF-16 with its byte-order mark is read as its text, and invalid UTF-8 is refused with its
 * `FILE:LINE:COL` (see `decodeDraft` of `@accord/core`).
 * Also the options every notation command shares (`--alias`, `--aliases`) and the
 * `FILE:LINE:COL: message` lines of a malformed draft.
 */
import type { Dialect, DraftDocument, NotationError } from '@accord/core';
import {
  DIALECTS,
  MAX_PROBLEMS,
  decodeDraft,
  detectDialect,
  parse,
  parseAliases,
} from '@accord/core';
import type { CliIO } from './io';

/** Options of {@link readDraftInput}. */
export interface DraftInputOptions {
  /** Delegation aliases (`{ Turk: 'TUR' }`), applied after those of the draft's front matter. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** The notation's style (`--dialect cica|un`; CICA's by default). */
  readonly dialect?: Dialect;
}

/** A located problem; DOCX problems also name the Word paragraph. */
export type InputError = NotationError & { readonly paragraph?: number; readonly excerpt?: string };

/** What {@link readDraftInput} returns: the parse result plus the name to show in messages. */
export type DraftInput =
  | { readonly ok: true; readonly name: string; readonly doc: DraftDocument }
  | {
      readonly ok: false;
      readonly name: string;
      /** The first problems (at most {@link MAX_PROBLEMS}), in the order of the text. */
      readonly errors: readonly InputError[];
      /** How many problems in all. */
      readonly errorCount: number;
      /** What could be read of a notation text (not of a `.docx`), for a partial report. */
      readonly partial?: DraftDocument;
      /** Paragraphs left out of `partial` for their problems. */
      readonly unread?: number;
    }
  | { readonly ok: false; readonly name: string; readonly failure: string };

/** The name shown for a path in messages: `<stdin>` for `-`. */
export function displayName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

function isDocx(path: string, bytes: Uint8Array): boolean {
  return /\.docx$/i.test(path) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3);
}

/**
 * Reads and parses a draft. `-` reads standard input. Never throws for a missing file or bad
 * text: the result says what went wrong (`failure` for an unreadable input, `errors` for a
 * malformed draft).
 */
export async function readDraftInput(
  path: string,
  io: CliIO,
  options: DraftInputOptions = {},
): Promise<DraftInput> {
  const name = displayName(path);
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    return { ok: false, name, failure: `${name}: cannot read: ${why}` };
  }
  const aliases = options.aliases ? { ...options.aliases } : undefined;
  if (isDocx(path, bytes)) {
    const { fromDocx } = await import('@accord/docx');
    const r = await fromDocx(bytes, aliases ? { aliases } : {});
    return r.ok
      ? { ok: true, name, doc: r.doc }
      : { ok: false, name, errors: r.errors, errorCount: r.errors.length };
  }
  const decoded = decodeDraft(bytes);
  if (!decoded.ok) {
    const { message, line, column, offset, hint } = decoded;
    return { ok: false, name, errors: [{ message, line, column, offset, hint }], errorCount: 1 };
  }
  const r = parse(decoded.text.replace(/^\uFEFF/, ''), {
    ...(aliases ? { aliases } : {}),
    // Without --dialect, the style is detected (`[may][shall]` or `PP1` labels: UN).
    dialect: options.dialect ?? detectDialect(decoded.text),
  });
  if (r.ok) return { ok: true, name, doc: r.doc };
  const { errors, errorCount, partial, unread } = r;
  return { ok: false, name, errors, errorCount, partial, unread };
}

/**
 * Prints located problems, `FILE:LINE:COL: message`, the first {@link MAX_PROBLEMS} of them, then
 * how many more there are (`count` is the number in all, when more were found than given).
 */
export function printErrors(
  io: CliIO,
  name: string,
  errors: readonly InputError[],
  count = errors.length,
): void {
  const shown = Math.min(errors.length, MAX_PROBLEMS);
  for (let i = 0; i < shown; i++) io.err(formatError(name, errors[i]!));
  const total = Math.max(count, errors.length);
  if (total > shown) {
    io.err(
      `${name}: ${total - shown} more problem${total - shown === 1 ? '' : 's'} not shown (${total} in all)`,
    );
  }
}

/** Formats one problem as `FILE:LINE:COL: message (hint)`. */
export function formatError(name: string, e: InputError): string {
  let line = `${name}:${e.line}:${e.column}: ${e.message}`;
  if (e.paragraph !== undefined && e.paragraph > 0 && e.excerpt) {
    line += ` (paragraph ${e.paragraph}: "${e.excerpt}")`;
  }
  if (e.hint) line += ` (${e.hint})`;
  return line;
}

/**
 * Reads a draft and prints its problems to standard error. Returns the document, or the exit
 * code to return (1) when it could not be read or is malformed.
 */
export async function loadDraftOrReport(
  path: string,
  io: CliIO,
  options: DraftInputOptions = {},
): Promise<{ doc: DraftDocument; name: string } | { code: number }> {
  const input = await readDraftInput(path, io, options);
  if (input.ok) return { doc: input.doc, name: input.name };
  if ('failure' in input) io.err(input.failure);
  else printErrors(io, input.name, input.errors, input.errorCount);
  return { code: 1 };
}

/** A command-line usage problem: the command prints it with its usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parsed arguments: the positional ones, repeated flags in order, and boolean switches. */
export interface ParsedArgs {
  readonly positional: string[];
  /** Flags with a value, in the order given: `[['--accept', '3'], …]`. */
  readonly values: Array<[string, string]>;
  readonly switches: Set<string>;
}

/**
 * Parses arguments against the flags a command knows. `--flag value` and `--flag=value` are both
 * accepted for flags with a value; `-` alone is a positional argument (standard input).
 */
export function parseArgs(
  args: readonly string[],
  valueFlags: readonly string[],
  switchFlags: readonly string[],
): ParsedArgs {
  const positional: string[] = [];
  const values: Array<[string, string]> = [];
  const switches = new Set<string>();
  const all = [...valueFlags, ...switchFlags, '--alias', '--aliases', '--dialect'];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!all.includes(flag)) throw new UsageError(`unknown option '${flag}'`);
    if (switchFlags.includes(flag)) {
      if (eq > 0) throw new UsageError(`option '${flag}' takes no value`);
      switches.add(flag);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else value = args[++i];
    if (value === undefined) throw new UsageError(`option '${flag}' needs a value`);
    values.push([flag, value]);
  }
  return { positional, values, switches };
}

/**
 * The alias table given on the command line: `--alias Turk=TUR` (repeatable) and
 * `--aliases FILE` (entries `Turk=TUR` separated by commas, semicolons or lines).
 */
export async function readAliasOptions(
  parsed: ParsedArgs,
  io: CliIO,
): Promise<Record<string, string>> {
  const aliases: Record<string, string> = {};
  for (const [flag, value] of parsed.values) {
    let text = value;
    if (flag === '--aliases') {
      try {
        text = new TextDecoder('utf-8').decode(await io.readFile(value));
      } catch {
        throw new UsageError(`cannot read the alias file '${value}'`);
      }
    } else if (flag !== '--alias') continue;
    const r = parseAliases(text);
    if (r.problems.length > 0) {
      throw new UsageError(`${flag} ${value}: ${r.problems.map((p) => p.message).join('; ')}`);
    }
    Object.assign(aliases, r.aliases);
  }
  return aliases;
}

/** The `--dialect cica|un` option (the last one given), or undefined for CICA's default. */
export function readDialectOption(parsed: ParsedArgs): Dialect | undefined {
  let dialect: Dialect | undefined;
  for (const [flag, value] of parsed.values) {
    if (flag !== '--dialect') continue;
    if (!(DIALECTS as readonly string[]).includes(value)) {
      throw new UsageError(`--dialect is one of ${DIALECTS.join(', ')}, got '${value}'`);
    }
    dialect = value as Dialect;
  }
  return dialect;
}

/** The options every notation command shares: `--alias`, `--aliases` and `--dialect`. */
export async function readInputOptions(parsed: ParsedArgs, io: CliIO): Promise<DraftInputOptions> {
  const dialect = readDialectOption(parsed);
  return { aliases: await readAliasOptions(parsed, io), ...(dialect ? { dialect } : {}) };
}

/** The single FILE argument of a command. */
export function oneFile(parsed: ParsedArgs): string {
  if (parsed.positional.length !== 1) {
    throw new UsageError(
      parsed.positional.length === 0 ? 'missing FILE (use - for standard input)' : 'give one FILE',
    );
  }
  return parsed.positional[0]!;
}

/**
 * Runs a command body, turning a {@link UsageError} into a message with the usage and exit code 2.
 */
export async function withUsage(
  io: CliIO,
  usage: string,
  body: () => Promise<number>,
): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`accord: ${e.message}\nusage: accord ${usage}`);
      return 2;
    }
    throw e;
  }
}
