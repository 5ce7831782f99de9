/**
 * `accord export` and `accord compare` through the real command (node_modules/.bin/accord), with
 * the produced files read back by @accord/docx's DOCX reader.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText, docsEqual, parse, preview } from '@accord/core';
import { readDocx } from '@accord/docx';

const ROOT = join(__dirname, '..', '..', '..');
const ACCORD = join(ROOT, 'node_modules', '.bin', 'accord');
const DRAFT5 = join(ROOT, 'fixtures', 'drafts', 'MC-2023-DRAFT-5.txt');
const DRAFT4 = join(ROOT, 'fixtures', 'drafts', 'MC-2023-DRAFT-4.txt');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-cli-docx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The few classes of the `docx` writer this test uses (it is not a dependency of the CLI). */
interface DocxWriter {
  Document: new (options: { sections: { children: object[] }[] }) => object;
  Packer: { toBuffer(doc: object): Promise<Uint8Array> };
  Paragraph: new (options: { children: object[] }) => object;
  TextRun: new (text: string) => object;
}

function accord(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(ACCORD, args, { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function body(path: string) {
  const c = await readDocx(new Uint8Array(await readFile(path)));
  return c.paragraphs.filter((p) => p.style !== 'AccordHeadingBlock');
}

describe('accord export', () => {
  it('--format docx writes the consolidated text with symbol and revision', async () => {
    const out = join(dir, 'rev1.docx');
    const r = await accord([
      'export',
      DRAFT5,
      '--format',
      'docx',
      '--symbol',
      'MC/2023/DRAFT/5',
      '--rev',
      '1',
      '--out',
      out,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = await readDocx(new Uint8Array(await readFile(out)));
    expect(c.paragraphs.map((p) => p.text)).toContain('MC/2023/DRAFT/5/Rev.1');
    expect(c.paragraphs.map((p) => p.text.replace(/\t/g, ' '))).toContain(
      '13. Support the development and promotion of modern electronic systems and databases for volunteers [, and encourage to assign country operators responsible for supporting and promoting such platforms] (CHN tcb) in the CICA Member States;',
    );
  }, 60_000);

  it('--clean refuses while brackets remain: FILE:LINE:COL of each, exit 1, no file', async () => {
    const out = join(dir, 'refused.docx');
    const r = await accord(['export', DRAFT4, '--format', 'docx', '--clean', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/MC-2023-DRAFT-4\.txt:\d+:\d+: bracket 1 is still open/);
    await expect(readFile(out)).rejects.toThrow();
  }, 60_000);

  it("--clean --accept-all --format txt prints exactly core's clean text after the heading", async () => {
    const r = await accord([
      'export',
      DRAFT5,
      '--format',
      'txt',
      '--clean',
      '--accept-all',
      '--no-header',
      '--out',
      '-',
    ]);
    expect(r.code).toBe(0);
    const parsed = parse(await readFile(DRAFT5, 'utf8'));
    if (!parsed.ok) throw new Error('fixture');
    const expected = cleanText(preview(parsed.doc, { acceptAll: true }));
    expect(expected.ok && r.stdout).toBe(expected.ok ? expected.text : '');
  }, 60_000);

  it('--format html writes the page; a .docx goes back in (accord export FILE.docx)', async () => {
    const docx = join(dir, 'in.docx');
    await accord(['export', DRAFT5, '--format', 'docx', '--out', docx]);
    const html = join(dir, 'out.html');
    const r = await accord([
      'export',
      docx,
      '--format',
      'html',
      '--symbol',
      'MC/2023/DRAFT/5',
      '--out',
      html,
    ]);
    expect(r.code).toBe(0);
    const page = await readFile(html, 'utf8');
    expect(page).toContain('<p class="symbol">MC/2023/DRAFT/5</p>');
    expect(page).toContain('<span class="attribution"> (+IRAN) (AZER tcb)</span>');
    // And the notation of the DOCX is the draft's.
    const txt = await accord(['export', docx, '--format', 'txt', '--no-header', '--out', '-']);
    const a = parse(txt.stdout);
    const b = parse(await readFile(DRAFT5, 'utf8'));
    expect(a.ok && b.ok && docsEqual(a.doc, b.doc)).toBe(true);
  }, 90_000);

  it('reports a malformed draft as FILE:LINE:COL and a malformed DOCX by paragraph, exit 1', async () => {
    const bad = join(dir, 'bad.txt');
    await writeFile(bad, '1. Agreed.\n\n2. Promote [tolerance (+TUR) dialogue.\n');
    const r = await accord(['export', bad, '--format', 'txt', '--out', '-']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.txt:3:12: /);
    // The `docx` writer is @accord/docx's dependency, not the CLI's: load it from there.
    const { Document, Packer, Paragraph, TextRun } = createRequire(
      join(ROOT, 'packages', 'docx', 'package.json'),
    )('docx') as DocxWriter;
    const d = new Document({
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun('1. Agreed.')] }),
            new Paragraph({ children: [new TextRun('2. Promote [tolerance (+TUR) dialogue.')] }),
          ],
        },
      ],
    });
    const badDocx = join(dir, 'bad.docx');
    await writeFile(badDocx, await Packer.toBuffer(d));
    const r2 = await accord(['export', badDocx, '--format', 'docx', '--out', join(dir, 'x.docx')]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/bad\.docx:2:12: .*\(paragraph 2: "2\. Promote \[tolerance/);
  }, 60_000);

  it('--alias folds delegation codes as for every command that reads a draft', async () => {
    const cbm = join(ROOT, 'fixtures', 'drafts', 'CBM-catalogue-2021.txt');
    const r = await accord(['export', cbm, '--format', 'txt', '--alias', 'Turk=TUR', '--out', '-']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(SCADA)] (+TUR) (-IRAN) among interested countries.');
  }, 60_000);

  it('usage errors exit 2', async () => {
    expect((await accord(['export', DRAFT5, '--format', 'pdf', '--out', '-'])).code).toBe(2);
    expect((await accord(['export', DRAFT5, '--format', 'docx'])).code).toBe(2);
    expect((await accord(['compare', DRAFT5, '--format', 'docx', '--out', '-'])).code).toBe(2);
  }, 60_000);
});

describe('accord compare', () => {
  it('--format docx writes tracked changes that are exactly the edits', async () => {
    const newer = join(dir, 'rev1.txt');
    const text = await readFile(DRAFT5, 'utf8');
    await writeFile(
      newer,
      text
        .replace('2. Encourage recognition', '2. Encourage wide recognition')
        .replace(' (CHN tcb)', ''),
    );
    const out = join(dir, 'compare.docx');
    const r = await accord([
      'compare',
      DRAFT5,
      newer,
      '--format',
      'docx',
      '--out',
      out,
      '--author',
      'SEC',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const changes = (await body(out)).flatMap((p) =>
      p.runs.filter((x) => x.change).map((x) => [x.change, x.text, x.author]),
    );
    expect(changes).toEqual([
      ['ins', ' wide', 'SEC'],
      ['del', ' (CHN tcb)', 'SEC'],
    ]);
  }, 60_000);

  it('--format html marks them with <ins> and <del>', async () => {
    const newer = join(dir, 'rev1b.txt');
    await writeFile(
      newer,
      (await readFile(DRAFT5, 'utf8')).replace(
        '2. Encourage recognition',
        '2. Encourage wide recognition',
      ),
    );
    const out = join(dir, 'compare.html');
    expect((await accord(['compare', DRAFT5, newer, '--format', 'html', '--out', out])).code).toBe(
      0,
    );
    expect(await readFile(out, 'utf8')).toContain('Encourage<ins> wide</ins> recognition');
  }, 60_000);
});
