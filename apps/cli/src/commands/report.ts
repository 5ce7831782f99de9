/**
 * `accord report FILE [--json]`: paragraphs, agreed paragraphs, every bracket (number, depth,
 * parent, plain text, attributions, group) and per-delegation counts; `--json` prints the JSON
 * contract of issue 2, else a readable table.
 */
import { report, type DraftReport } from '@accord/core';
import type { CliIO } from '../io';
import { loadDraftOrReport, oneFile, parseArgs, readAliasOptions, withUsage } from '../input';

const USAGE = 'report FILE [--json] [--alias CODE=CODE]… [--aliases FILE]';

function writeAttribution(a: { delegation: string; stance: string }): string {
  return a.stance === 'tcb' ? `${a.delegation} tcb` : `${a.stance}${a.delegation}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

/** The readable table of a report. */
export function formatReport(name: string, r: DraftReport, width = 100): string {
  const lines: string[] = [];
  lines.push(
    `${name}: ${plural(r.paragraphs, 'paragraph')}, ${r.agreedParagraphs} agreed, ${plural(r.brackets.length, 'bracket')}`,
  );
  if (r.brackets.length > 0) {
    const rows = r.brackets.map((b) => [
      String(b.n),
      String(b.depth),
      b.parent === null ? '-' : String(b.parent),
      b.group === null ? '-' : String(b.group),
      b.attributions.map(writeAttribution).join(' ') || '-',
      b.text,
    ]);
    const head = ['n', 'depth', 'parent', 'group', 'attributions', 'text'];
    const widths = head
      .slice(0, 5)
      .map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const used = widths.reduce((a, b) => a + b + 2, 0);
    const textWidth = Math.max(20, width - used);
    const fmt = (row: string[]): string =>
      [
        ...row.slice(0, 5).map((c, i) => pad(c, widths[i]!)),
        row[5]!.length > textWidth ? `${row[5]!.slice(0, textWidth - 1)}…` : row[5]!,
      ]
        .join('  ')
        .trimEnd();
    lines.push('', fmt(head), ...rows.map(fmt));
  }
  const codes = Object.keys(r.delegations);
  if (codes.length > 0) {
    const w = Math.max(10, ...codes.map((c) => c.length));
    lines.push('', `${pad('delegation', w)}  supports  objects  tcb`);
    for (const code of codes) {
      const c = r.delegations[code]!;
      lines.push(`${pad(code, w)}  ${pad(String(c['+']), 8)}  ${pad(String(c['-']), 7)}  ${c.tcb}`);
    }
  }
  return lines.join('\n');
}

/** Runs `accord report`. Exit 0, or 1 for a malformed draft, 2 for a usage error. */
export async function run(args: string[], io: CliIO): Promise<number> {
  return withUsage(io, USAGE, async () => {
    const parsed = parseArgs(args, [], ['--json']);
    const file = oneFile(parsed);
    const loaded = await loadDraftOrReport(file, io, {
      aliases: await readAliasOptions(parsed, io),
    });
    if ('code' in loaded) return loaded.code;
    const r = report(loaded.doc);
    io.out(
      parsed.switches.has('--json') ? JSON.stringify(r, null, 2) : formatReport(loaded.name, r),
    );
    return 0;
  });
}
