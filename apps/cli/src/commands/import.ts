import { basename, extname } from 'node:path';
import { decodeDraft } from '@accord/core';
import { openCommandStore } from '../data-dir';
import { formatError, printErrors } from '../input';
import type { CliIO } from '../io';

const USAGE =
  'usage: accord import FILE (--data DIR | --store URL) --meeting M [--symbol S] [--title T] [--alias Turk=TUR,…]';

/**
 * `accord import FILE --data DIR --meeting M [--symbol S]`: creates a document in the meeting from
 * a draft in the notation (`-` reads standard input) and prints its id as the last line. Notation
 * errors are reported as FILE:LINE:COL and nothing is imported. Works while `accord serve` runs.
 */
export async function run(args: string[], io: CliIO): Promise<number> {
  const values = new Map<string, string>();
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) values.set(a.slice(2, eq), a.slice(eq + 1));
      else {
        const v = args[i + 1];
        if (v === undefined) {
          io.err(`accord import: ${a} needs a value\n${USAGE}`);
          return 2;
        }
        values.set(a.slice(2), v);
        i++;
      }
    } else files.push(a);
  }
  const known = new Set(['data', 'store', 'meeting', 'symbol', 'title', 'alias']);
  const unknown = [...values.keys()].find((k) => !known.has(k));
  if (unknown) {
    io.err(`accord import: unknown option --${unknown}\n${USAGE}`);
    return 2;
  }
  const file = files[0];
  const meetingName = values.get('meeting');
  if (!file || files.length > 1 || !meetingName) {
    io.err(
      `accord import: one FILE, --data DIR or --store URL, and --meeting are required\n${USAGE}`,
    );
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = await io.readFile(file);
  } catch (error) {
    io.err(`accord import: cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  let text: string;
  let docxSymbol: string | null = null;
  if (extname(file).toLowerCase() === '.docx') {
    const converted = await docxToNotation(bytes);
    if (!converted.ok) {
      io.err(`accord import: ${file}: ${converted.error}`);
      io.err('accord import: nothing imported');
      return 1;
    }
    text = converted.text;
    docxSymbol = converted.symbol;
  } else {
    const decoded = decodeDraft(bytes);
    if (!decoded.ok) {
      io.err(formatError(file, decoded));
      io.err('accord import: nothing imported');
      return 1;
    }
    text = decoded.text.replace(/^\uFEFF/, '');
  }
  const { importDocument, parseAliases } = await import('@accord/server');
  const opened = await openCommandStore('import', values, io, USAGE, false);
  if (typeof opened === 'number') return opened;
  const { store } = opened;
  try {
    const meeting = store.ensureMeeting(meetingName);
    const symbol = values.get('symbol') ?? docxSymbol ?? undefined;
    if (symbol && store.findDocumentBySymbol(meeting.id, symbol)) {
      io.err(`accord import: the meeting already has a document '${symbol}'`);
      return 1;
    }
    const result = importDocument(store, {
      meetingId: meeting.id,
      text,
      symbol: symbol ?? null,
      title: values.get('title') ?? null,
      aliases: parseAliases(values.get('alias')),
      createdBy: null,
      fallbackSymbol: file === '-' ? undefined : basename(file, extname(file)),
      requireSymbol: true,
    });
    if (!result.ok && result.missingSymbol) {
      io.err(
        `accord import: ${file}: no symbol found (no --symbol, no "symbol:" in the front matter, no file name to take it from); give one with --symbol S, e.g. --symbol MC/2023/DRAFT/5`,
      );
      io.err('accord import: nothing imported');
      return 1;
    }
    if (!result.ok) {
      printErrors(io, file, result.errors, result.errorCount);
      io.err(`accord import: nothing imported (${result.errorCount} notation error(s))`);
      return 1;
    }
    const d = result.document;
    io.out(
      `imported ${d.symbol} "${d.title}" into "${meeting.name}" (${d.paragraphs} paragraphs, ${d.bracketsOpen} brackets open)`,
    );
    io.out(d.id);
    return 0;
  } finally {
    await opened.close();
  }
}

/** A DOCX draft as notation text (with the symbol found in it), through `@accord/docx`. */
async function docxToNotation(
  bytes: Uint8Array,
): Promise<{ ok: true; text: string; symbol: string | null } | { ok: false; error: string }> {
  const { fromDocx } = await import('@accord/docx');
  const { serialize } = await import('@accord/core');
  // Checked before it is unpacked, with the server's limits (a zip bomb is refused at once).
  const { checkZip, DEFAULT_LIMITS } = await import('@accord/server');
  const zip = checkZip(bytes, {
    maxUnpackedBytes: DEFAULT_LIMITS.maxImportUnpackedBytes,
    maxRatio: DEFAULT_LIMITS.maxImportRatio,
    maxEntries: DEFAULT_LIMITS.maxImportEntries,
  });
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip && !zip.ok) return { ok: false, error: `refused before unpacking: ${zip.error}` };
  const r = await fromDocx(bytes);
  if (r.ok) return { ok: true, text: serialize(r.doc), symbol: r.symbol };
  return {
    ok: false,
    error: r.errors
      .map((e) => `paragraph ${e.paragraph}: ${e.message}${e.excerpt ? ` (“${e.excerpt}”)` : ''}`)
      .join('; '),
  };
}
