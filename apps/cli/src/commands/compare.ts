/**
 * `accord compare OLD NEW --format docx|html --out PATH`
 *
 * Writes NEW with its differences from OLD: a DOCX with Word tracked changes, or HTML with
 * `<ins>`/`<del>`. Extra options: `--symbol S`, `--rev N` (the newer revision's symbol),
 * `--old-symbol S` (named in the heading), `--author NAME` (of the tracked changes), `--date D`,
 * `--bold-brackets`, `--no-header`. OLD and NEW may be notation text files or `.docx` files.
 */
import type { CompareOptions } from '@accord/docx';
import { compareDocx, compareHtml } from '@accord/docx';
import type { CliIO } from '../io';
import { loadDraft, parseArgs, writeOutput } from './export';

const USAGE =
  'usage: accord compare OLD NEW --format docx|html --out PATH\n' +
  '       [--symbol S] [--rev N] [--old-symbol S] [--author NAME] [--date D] [--bold-brackets] [--no-header]';

/** `accord compare`. */
export async function run(args: string[], io: CliIO): Promise<number> {
  const parsed = parseArgs(
    args,
    ['format', 'out', 'symbol', 'rev', 'old-symbol', 'author', 'date', 'title'],
    ['bold-brackets', 'no-header'],
  );
  if (typeof parsed === 'string') {
    io.err(`accord compare: ${parsed}\n${USAGE}`);
    return 2;
  }
  const { positional, values, switches } = parsed;
  const [oldFile, newFile] = positional;
  const format = values.get('format');
  const out = values.get('out');
  if (positional.length !== 2 || !oldFile || !newFile || !format || !out) {
    const why =
      positional.length !== 2
        ? `expected OLD and NEW, got ${positional.length} file(s)`
        : !format
          ? '--format is missing'
          : '--out is missing';
    io.err(`accord compare: ${why}\n${USAGE}`);
    return 2;
  }
  if (format !== 'docx' && format !== 'html') {
    io.err(`accord compare: --format must be docx or html, got '${format}'`);
    return 2;
  }
  const revText = values.get('rev');
  const rev = revText === undefined ? undefined : Number(revText);
  if (rev !== undefined && (!Number.isInteger(rev) || rev < 0)) {
    io.err(`accord compare: --rev must be a whole number, got '${revText}'`);
    return 2;
  }
  const older = await loadDraft(oldFile, io);
  const newer = await loadDraft(newFile, io);
  if (!older || !newer) return 1;
  const options: CompareOptions = {
    symbol: values.get('symbol'),
    rev,
    title: values.get('title'),
    olderSymbol: values.get('old-symbol'),
    author: values.get('author'),
    date: values.get('date'),
    boldBrackets: switches.has('bold-brackets'),
    header: !switches.has('no-header'),
  };
  try {
    const data =
      format === 'docx'
        ? await compareDocx(older, newer, options)
        : compareHtml(older, newer, options);
    await writeOutput(out, data, io);
  } catch (e) {
    if (e instanceof RangeError) {
      io.err(`accord compare: ${e.message}`);
      return 2;
    }
    throw e;
  }
  return 0;
}
