/**
 * Benchmark of the Word exports: a draft built by repeating the three fixture drafts (about 0.5 MB
 * and 2 MB of notation) is exported to DOCX and HTML, imported back from DOCX, and compared with a
 * revision that changes every tenth paragraph. Run: `pnpm bench` (tsx bench/run.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, serialize } from '@accord/core';
import type { DraftDocument } from '@accord/core';
import { compareDocx, fromDocx, toDocx, toHtml } from '../src/index';

const root = join(import.meta.dirname, '..', '..', '..');
const drafts = ['MC-2023-DRAFT-4.txt', 'MC-2023-DRAFT-5.txt', 'CBM-catalogue-2021.txt'].map((f) =>
  readFileSync(join(root, 'fixtures', 'drafts', f), 'utf8'),
);

function build(targetBytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const t = drafts[i % drafts.length]!;
    parts.push(t);
    size += Buffer.byteLength(t);
  }
  return parts.join('\n\n');
}

function doc(text: string): DraftDocument {
  const r = parse(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 2)));
  return r.doc;
}

async function time<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await f();
  return [v, performance.now() - t0];
}

{
  // A real draft: MC/2023/DRAFT/5 (28 paragraphs, 13 brackets), mean of 10 runs after a warm-up.
  const d = doc(drafts[1]!);
  const revised = doc(
    drafts[1]!.replace('2. Encourage recognition', '2. Encourage wide recognition'),
  );
  await toDocx(d);
  const runs = 10;
  const mean = async (f: () => Promise<unknown> | unknown) => {
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await f();
    return ((performance.now() - t0) / runs).toFixed(1);
  };
  const docx = await toDocx(d);
  console.log(
    [
      `MC/2023/DRAFT/5 (${Buffer.byteLength(drafts[1]!)} bytes, ${d.paragraphs.length} paragraphs), mean of ${runs}:`,
      `  toDocx ${await mean(() => toDocx(d))} ms, toHtml ${await mean(() => toHtml(d))} ms,` +
        ` fromDocx ${await mean(() => fromDocx(docx))} ms, compareDocx ${await mean(() => compareDocx(d, revised))} ms`,
    ].join('\n'),
  );
}

for (const mb of [0.5, 2]) {
  const text = build(mb * 1024 * 1024);
  const d = doc(text);
  const paragraphs = text.split(/\n\s*\n/);
  const revised = doc(
    paragraphs.map((p, i) => (i % 10 === 3 ? p.replace(/ the /, ' the revised ') : p)).join('\n\n'),
  );
  const bytes = Buffer.byteLength(serialize(d));
  const [docx, tDocx] = await time(() =>
    toDocx(d, { symbol: 'MC/2023/DRAFT/5', rev: 1, date: '1 May 2023' }),
  );
  const [, tHtml] = await time(() => toHtml(d, { symbol: 'MC/2023/DRAFT/5' }));
  const [back, tImport] = await time(() => fromDocx(docx));
  if (!back.ok) throw new Error('import failed');
  const [cmp, tCompare] = await time(() =>
    compareDocx(d, revised, { symbol: 'MC/2023/DRAFT/5', rev: 1 }),
  );
  const rate = (ms: number) => `${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(1)} MB/s`;
  const heap = (process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0);
  console.log(
    [
      `${(bytes / 1024 / 1024).toFixed(2)} MB notation, ${d.paragraphs.length} paragraphs:`,
      `  toDocx ${tDocx.toFixed(0)} ms (${rate(tDocx)}), DOCX ${(docx.length / 1024).toFixed(0)} KiB`,
      `  toHtml ${tHtml.toFixed(0)} ms (${rate(tHtml)})`,
      `  fromDocx ${tImport.toFixed(0)} ms (${rate(tImport)})`,
      `  compareDocx (every 10th paragraph changed) ${tCompare.toFixed(0)} ms (${rate(tCompare)}), DOCX ${(cmp.length / 1024).toFixed(0)} KiB`,
      `  heap used after: ${heap} MiB`,
    ].join('\n'),
  );
}
