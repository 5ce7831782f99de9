/**
 * `accord compare OLD NEW --format docx|html --out PATH`
 *
 * Writes NEW with its differences from OLD: a DOCX with Word tracked changes (which Word and
 * LibreOffice can accept or reject), or HTML with `<ins>`/`<del>`. Extra options: `--symbol S` and
 * `--rev N` (the newer revision's symbol), `--old-symbol S` (named in the heading), `--title T`,
 * `--author NAME` (of the tracked changes), `--date D`, `--bold-brackets`, `--no-header`,
 * `--alias`/`--aliases`. OLD and NEW may be notation text or `.docx` files.
 */
import type { CompareOptions } from '@accord/docx';
import { compareDocx, compareHtml } from '@accord/docx';
import type { CliIO } from '../io';
import { UsageError, loadDraftOrReport, parseArgs, readAliasOptions, withUsage } from '../input';
import { flagValue, revision, writeOutput } from './export';

const USAGE =
  'compare OLD NEW --format docx|html --out PATH\n' +
  '       [--symbol S] [--rev N] [--old-symbol S] [--title T] [--author NAME] [--date D]\n' +
  '       [--bold-brackets] [--no-header] [--alias CODE=CODE]… [--aliases FILE]';

/** Runs `accord compare`. Exit 0; 1 when OLD or NEW cannot be read or is malformed; 2 for usage. */
export async function run(args: string[], io: CliIO): Promise<number> {
  return withUsage(io, USAGE, async () => {
    const parsed = parseArgs(
      args,
      ['--format', '--out', '--symbol', '--rev', '--old-symbol', '--title', '--author', '--date'],
      ['--bold-brackets', '--no-header'],
    );
    if (parsed.positional.length !== 2) {
      throw new UsageError(`give OLD and NEW, got ${parsed.positional.length} file(s)`);
    }
    const [oldFile, newFile] = parsed.positional as [string, string];
    if (oldFile === '-' && newFile === '-')
      throw new UsageError('only one of OLD and NEW may be -');
    const format = flagValue(parsed, '--format');
    const out = flagValue(parsed, '--out');
    if (!format) throw new UsageError('--format docx|html is required');
    if (format !== 'docx' && format !== 'html') {
      throw new UsageError(`--format must be docx or html, got '${format}'`);
    }
    if (!out) throw new UsageError('--out PATH is required (- for standard output, html only)');
    if (out === '-' && format === 'docx') {
      throw new UsageError('a DOCX cannot be written to standard output; give --out FILE.docx');
    }
    const rev = revision(parsed);
    const aliases = await readAliasOptions(parsed, io);
    const older = await loadDraftOrReport(oldFile, io, { aliases });
    const newer = await loadDraftOrReport(newFile, io, { aliases });
    if ('code' in older) return older.code;
    if ('code' in newer) return newer.code;
    const options: CompareOptions = {
      symbol: flagValue(parsed, '--symbol'),
      rev,
      title: flagValue(parsed, '--title'),
      olderSymbol: flagValue(parsed, '--old-symbol'),
      author: flagValue(parsed, '--author'),
      date: flagValue(parsed, '--date'),
      boldBrackets: parsed.switches.has('--bold-brackets'),
      header: !parsed.switches.has('--no-header'),
    };
    const data =
      format === 'docx'
        ? await compareDocx(older.doc, newer.doc, options)
        : compareHtml(older.doc, newer.doc, options);
    await writeOutput(out, data, io);
    return 0;
  });
}
