/**
 * Test helpers: the fixtures, the paragraphs of a produced DOCX read back with the package's own
 * DOCX reader, and LibreOffice.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DraftDocument } from '@accord/core';
import { parse } from '@accord/core';
import type { DocxParagraph } from '../src/read-docx';
import { readDocx } from '../src/read-docx';
import { STYLE_HEADING_BLOCK } from '../src/docx-layout';

const run = promisify(execFile);

/** The repository's `fixtures/` folder. */
export const FIXTURES = join(__dirname, '..', '..', '..', 'fixtures');

/** The three bracketed drafts. */
export const DRAFTS = ['MC-2023-DRAFT-4.txt', 'MC-2023-DRAFT-5.txt', 'CBM-catalogue-2021.txt'];

/** Reads a fixture draft's text. */
export function draftText(name: string): string {
  return readFileSync(join(FIXTURES, 'drafts', name), 'utf8');
}

/** Parses notation text, failing the test with core's errors if it does not parse. */
export function parseOk(text: string): DraftDocument {
  const r = parse(text);
  if (!r.ok) throw new Error(`fixture does not parse: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return r.doc;
}

/** Parses a fixture draft. */
export function draft(name: string): DraftDocument {
  return parseOk(draftText(name));
}

/** The paragraphs of a DOCX, split into the heading block and the body. */
export async function docxParts(bytes: Uint8Array): Promise<{
  heading: DocxParagraph[];
  body: DocxParagraph[];
  properties: Record<string, string>;
}> {
  const content = await readDocx(bytes);
  return {
    heading: content.paragraphs.filter((p) => p.style === STYLE_HEADING_BLOCK),
    body: content.paragraphs.filter((p) => p.style !== STYLE_HEADING_BLOCK),
    properties: { ...content.properties },
  };
}

/** A paragraph's text with the tab after a label or marker read as one space. */
export function readable(text: string): string {
  return text.replace(/\t/g, ' ');
}

/** Where LibreOffice is, or a thrown error that says how to get it (tests must not skip silently). */
export function libreoffice(): string {
  for (const p of ['/usr/bin/libreoffice', '/usr/bin/soffice', '/usr/local/bin/libreoffice']) {
    if (existsSync(p)) return p;
  }
  throw new Error(
    "LibreOffice is not installed (no /usr/bin/libreoffice): install Debian's libreoffice-writer-nogui (the project's bootstrap does) to run the DOCX→PDF test",
  );
}

/** Converts DOCX bytes to PDF with LibreOffice (private profile) and returns the PDF's text and path. */
export async function docxToPdf(
  bytes: Uint8Array,
  name: string,
): Promise<{ text: string; pdf: string; dir: string; cleanup: () => Promise<void> }> {
  const lo = libreoffice();
  const dir = await mkdtemp(join(tmpdir(), 'accord-docx-'));
  const profile = await mkdtemp(join(tmpdir(), 'lo-'));
  const file = join(dir, `${name}.docx`);
  await writeFile(file, bytes);
  try {
    await run(
      lo,
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        file,
      ],
      { timeout: 120_000 },
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  const pdf = join(dir, `${name}.pdf`);
  if (!existsSync(pdf)) throw new Error(`LibreOffice wrote no PDF for ${file}`);
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { maxBuffer: 1 << 26 });
  return { text: stdout, pdf, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
