/**
 * `accord report FILE [--json]`: paragraphs, agreed paragraphs, every bracket (number, depth,
 * parent, plain text, attributions, group) and per-delegation counts; `--json` prints the JSON
 * contract of issue 2, else a readable table. A draft with problems gets a partial report (what
 * could be read, the problems located FILE:LINE:COL on standard error) and exit 1.
 */
import { report, type DraftReport } from '@accord/core';
import type { CliIO } from '../io';
import {
  oneFile,
  parseArgs,
  printErrors,
  readInputOptions,
  readDraftInput,
  withUsage,
} from '../input';

/**
 * `report --json` of a draft with problems: the report of the paragraphs that could be read, and
 * the problems (the first hundred; `problemCount` in all) located by line and column.
 */
export interface PartialReport extends DraftReport {
  readonly partial: true;
  /** Paragraphs left out for their problems (not counted in `paragraphs`). */
  readonly unreadParagraphs: number;
  readonly problems: ReadonlyArray<{
    line: number;
    column: number;
    message: string;
    hint?: string;
  }>;
  readonly problemCount: number;
}

const USAGE = 'report FILE [--json] [--alias CODE=CODE]… [--aliases FILE] [--dialect cica|un]';

/** `+IRAN`, `-CHN`, `AZER tcb`; a delegation named as written: `+BRA(Brazil)`, `-(DEL)`. */
function writeAttribution(a: { delegation: string; stance: string; written?: string }): string {
  const code = a.delegation === '?' ? '' : a.delegation;
  const name = a.written === undefined || a.written === code ? '' : `(${a.written})`;
  return a.stance === 'tcb' ? `${code}${name} tcb` : `${a.stance}${code}${name}`;
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
  if (r.statuses !== undefined) {
    lines.push('', 'paragraph  status');
    for (const st of r.statuses) {
      lines.push(`${pad(st.label ?? `#${st.paragraph}`, 9)}  ${st.status}`);
    }
  }
  if (r.notes !== undefined) {
    lines.push('', 'n  kind         text');
    for (const n of r.notes) lines.push(`${n.n}  ${pad(n.kind, 11)}  {${n.text}}`);
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
    const json = parsed.switches.has('--json');
    const input = await readDraftInput(file, io, await readInputOptions(parsed, io));
    if (input.ok) {
      const r = report(input.doc);
      io.out(json ? JSON.stringify(r, null, 2) : formatReport(input.name, r));
      return 0;
    }
    if ('failure' in input) {
      io.err(input.failure);
      return 1;
    }
    // A partial report: what could be read on standard output, every problem located on
    // standard error (the first hundred, then a count), exit 1.
    printErrors(io, input.name, input.errors, input.errorCount);
    if (input.partial) {
      const r = report(input.partial);
      const unread = input.unread ?? 0;
      if (json) {
        const problems = input.errors.map((e) => ({
          at: `${input.name}:${e.line}:${e.column}`,
          line: e.line,
          column: e.column,
          message: e.message,
          ...(e.hint ? { hint: e.hint } : {}),
        }));
        const partial: PartialReport = {
          ...r,
          partial: true,
          unreadParagraphs: unread,
          problems,
          problemCount: input.errorCount,
        };
        io.out(JSON.stringify(partial, null, 2));
      } else {
        io.out(
          `${input.name}: partial report: ${plural(unread, 'paragraph')} not read for ${plural(input.errorCount, 'problem')} (listed above); brackets numbered among the paragraphs read\n${formatReport(input.name, r)}`,
        );
      }
    }
    return 1;
  });
}
