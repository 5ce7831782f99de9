/**
 * Benchmark of the worst inputs (issue 16): 5 MB of `[` (the server's import limit), of `]`, of
 * `(` and of `*`, a million unclosed brackets one per paragraph, and one long paragraph (1.4 MB
 * and twice that, to show that every operation is linear in the paragraph's length); also the
 * decoding of 5 MB of bytes.
 *
 * Run: `pnpm --filter @accord/core bench:hostile`. Prints, per case and operation, the best wall
 * time and CPU time over 3 runs, and the heap in use after the last run (after a collection), with
 * the problems kept and counted.
 */
import {
  cleanText,
  decodeDraft,
  parse,
  preview,
  report,
  serialize,
  type DraftDocument,
} from '../src/index';

const MB = 1024 * 1024;

function time<T>(fn: () => T, runs = 3): { ms: number; cpu: number; value: T } {
  let best = Infinity;
  let bestCpu = Infinity;
  let value!: T;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - t0);
    const c = process.cpuUsage(c0);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  return { ms: best, cpu: bestCpu, value };
}

function heap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / MB;
}

const rows: string[] = [];
function row(input: string, op: string, t: { ms: number; cpu: number }, note = ''): void {
  rows.push(
    `| ${input} | ${op} | ${t.ms.toFixed(0)} ms | ${t.cpu.toFixed(0)} ms | ${heap().toFixed(0)} MB | ${note} |`,
  );
}

function problems(text: string): string {
  const r = parse(text);
  return r.ok ? 'reads' : `${r.errors.length} kept of ${r.errorCount}`;
}

// Warm-up.
for (let w = 0; w < 3; w++) parse('1. [a] (+IRAN) b [c]/[d]\n\n'.repeat(10_000));

for (const [name, text] of [
  ['5 MB of `[`', '['.repeat(5 * MB)],
  ['5 MB of `]`', ']'.repeat(5 * MB)],
  ['1 M paragraphs `[` (3 MB)', '[\n\n'.repeat(MB)],
  ['5 MB of `(`', '('.repeat(5 * MB)],
  ['5 MB of `*`', '*'.repeat(5 * MB)],
] as const) {
  row(
    name,
    'parse',
    time(() => parse(text)),
    problems(text),
  );
}

const bytes = new Uint8Array(Buffer.from('Promote [trust] (+IRAN) é 合作 '.repeat((5 * MB) / 32)));
row(
  '5 MB of UTF-8',
  'decodeDraft',
  time(() => decodeDraft(bytes)),
);

const unit = 'the [proposed] (+IRAN) text [a]/[b] (-CHN) and more words, ';
for (const size of [1.4, 2.8]) {
  const text = `1. ${unit.repeat(Math.ceil((size * 1e6) / unit.length))}\n`;
  const name = `one paragraph of ${size} MB`;
  const parsed = time(() => parse(text));
  if (!parsed.value.ok) throw new Error('the long paragraph does not parse');
  const doc: DraftDocument = parsed.value.doc;
  row(name, 'parse', parsed);
  row(
    name,
    'serialize (fmt)',
    time(() => serialize(doc)),
  );
  row(
    name,
    'report',
    time(() => report(doc)),
  );
  row(
    name,
    'clean --accept-all',
    time(() => cleanText(preview(doc, { acceptAll: true }))),
  );
  row(
    name,
    'clean --delete-all',
    time(() => cleanText(preview(doc, { deleteAll: true }))),
  );
  row(
    name,
    'clean --as IRAN',
    time(() => cleanText(preview(doc, { as: 'IRAN' }))),
  );
}

console.log('| input | operation | best wall time | best CPU time | heap after | problems |');
console.log('| --- | --- | ---: | ---: | ---: | --- |');
for (const r of rows) console.log(r);
console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
