/**
 * Benchmark of the notation engine: parse, serialize and report of generated 1 MB and 10 MB drafts
 * built from the fixture drafts' own bracketed paragraphs (nesting, groups, tcb, attributions after
 * punctuation, whole-paragraph brackets) and plain paragraphs.
 *
 * Run: `pnpm --filter @accord/core bench` (add `-- --quick` for the 1 MB draft only).
 * Prints MB/s per operation and size, and the cost per MB at 10 MB relative to 1 MB (linearity).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listBrackets, parse, report, serialize, type DraftDocument } from '../src/index';

const root = fileURLToPath(new URL('../../../fixtures/drafts/', import.meta.url));
const sources = ['MC-2023-DRAFT-5.txt', 'MC-2023-DRAFT-4.txt', 'CBM-catalogue-2021.txt'].map((f) =>
  readFileSync(root + f, 'utf8'),
);

/** The fixture paragraphs (blocks between blank lines): bracketed ones and plain ones. */
const blocks = sources.flatMap((s) =>
  s
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean),
);
const bracketed = blocks.filter((b) => b.includes('['));
const plain = blocks.filter((b) => !b.includes('[') && !/^#/.test(b));

/** Builds a draft of about `bytes` UTF-8 bytes: every third paragraph bracketed. */
function generate(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  let i = 0;
  while (size < bytes) {
    const block = i % 3 === 0 ? bracketed[(i / 3) % bracketed.length]! : plain[i % plain.length]!;
    parts.push(block);
    size += Buffer.byteLength(block) + 2;
    i++;
  }
  return parts.join('\n\n') + '\n';
}

/**
 * Best wall time, best CPU time (user + system of this process) and median wall time over `runs`
 * runs. CPU time is the fairer figure on a shared machine: it leaves out the time spent waiting for
 * a core. The median says what a typical run costs: at 1 MB the best run is often one that no
 * garbage collection fell into, which no run at 10 MB can be.
 */
function time<T>(fn: () => T, runs: number): { ms: number; cpu: number; median: number; value: T } {
  let best = Infinity;
  let bestCpu = Infinity;
  const walls: number[] = [];
  let value!: T;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = fn();
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    walls.push(ms);
    if (ms < best) best = ms;
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1000);
  }
  walls.sort((a, b) => a - b);
  const median = (walls[(runs - 1) >> 1]! + walls[runs >> 1]!) / 2;
  return { ms: best, cpu: bestCpu, median, value };
}

interface Row {
  size: string;
  op: string;
  ms: number;
  mbs: number;
  cpu: number;
  cpuMbs: number;
  median: number;
}

const quick = process.argv.includes('--quick');
const sizes = quick ? [1] : [1, 10];
const rows: Row[] = [];
let brackets = 0;
for (const mb of sizes) {
  const text = generate(mb * 1024 * 1024);
  const bytes = Buffer.byteLength(text);
  const runs = mb >= 10 ? 6 : 20;
  // Warm up the JIT on a small draft first.
  for (let w = 0; w < 3; w++) parse(generate(200_000));
  console.log(`${mb} MB draft: ${bytes} bytes`);
  const parsed = time(() => parse(text), runs);
  if (!parsed.value.ok) throw new Error('generated draft does not parse');
  const doc: DraftDocument = parsed.value.doc;
  brackets = listBrackets(doc).length;
  const written = time(() => serialize(doc), runs);
  const reported = time(() => report(doc), runs);
  const mbs = (ms: number) => bytes / (1024 * 1024) / (ms / 1000);
  for (const [op, t] of [
    ['parse', parsed],
    ['serialize', written],
    ['report', reported],
  ] as const) {
    rows.push({
      size: `${mb} MB`,
      op,
      ms: t.ms,
      mbs: mbs(t.ms),
      cpu: t.cpu,
      cpuMbs: mbs(t.cpu),
      median: t.median,
    });
  }
  console.log(`  ${doc.paragraphs.length} paragraphs, ${brackets} brackets`);
  // With --expose-gc (the bench script passes it), collect first so that the figure is what the
  // parsed document and the source text keep alive.
  (globalThis as { gc?: () => void }).gc?.();
  const heap = process.memoryUsage().heapUsed / (1024 * 1024);
  console.log(`  heap in use with the source and the parsed ${mb} MB draft: ${heap.toFixed(0)} MB`);
}

console.log(
  `\n| draft | operation | best wall time | wall MB/s | best CPU time | CPU MB/s | median wall time |`,
);
console.log(`| --- | --- | ---: | ---: | ---: | ---: | ---: |`);
for (const r of rows) {
  console.log(
    `| ${r.size} | ${r.op} | ${r.ms.toFixed(1)} ms | ${r.mbs.toFixed(1)} | ${r.cpu.toFixed(1)} ms | ${r.cpuMbs.toFixed(1)} | ${r.median.toFixed(1)} ms |`,
  );
}
if (!quick) {
  console.log('\ncost per MB at 10 MB relative to 1 MB (1.00 = linear):');
  for (const op of ['parse', 'serialize', 'report']) {
    const a = rows.find((r) => r.size === '1 MB' && r.op === op)!;
    const b = rows.find((r) => r.size === '10 MB' && r.op === op)!;
    console.log(
      `  ${op}: best wall ${(b.ms / 10 / a.ms).toFixed(2)}, best CPU ${(b.cpu / 10 / a.cpu).toFixed(2)}, median wall ${(b.median / 10 / a.median).toFixed(2)}`,
    );
  }
}
console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
