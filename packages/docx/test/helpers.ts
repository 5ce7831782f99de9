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

const MACRO = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Revisions(inUrl As String, outUrl As String, accept As Boolean)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, args())
  oDisp = createUnoService(&quot;com.sun.star.frame.DispatchHelper&quot;)
  If accept Then
    oDisp.executeDispatch(oDoc.CurrentController.Frame, &quot;.uno:AcceptAllTrackedChanges&quot;, &quot;&quot;, 0, Array())
  Else
    oDisp.executeDispatch(oDoc.CurrentController.Frame, &quot;.uno:RejectAllTrackedChanges&quot;, &quot;&quot;, 0, Array())
  End If
  Dim f(1) As New com.sun.star.beans.PropertyValue
  f(0).Name = &quot;FilterName&quot;
  f(0).Value = &quot;Text (encoded)&quot;
  f(1).Name = &quot;FilterOptions&quot;
  f(1).Value = &quot;UTF8&quot;
  oDoc.storeToURL(outUrl, f())
  oDoc.close(True)
End Sub
</script:module>
`;

/**
 * Opens a DOCX in LibreOffice, accepts (and, separately, rejects) every tracked change with
 * LibreOffice's own commands (`.uno:AcceptAllTrackedChanges`, `.uno:RejectAllTrackedChanges`),
 * and returns the text LibreOffice saves each time. Uses a private profile holding one Basic macro.
 */
export async function libreOfficeRevisions(
  bytes: Uint8Array,
): Promise<{ accepted: string; rejected: string }> {
  const lo = libreoffice();
  const dir = await mkdtemp(join(tmpdir(), 'accord-revisions-'));
  const profile = await mkdtemp(join(tmpdir(), 'lo-'));
  try {
    const env = `-env:UserInstallation=file://${profile}`;
    await run(lo, [env, '--headless', '--terminate_after_init'], { timeout: 120_000 });
    await writeFile(join(profile, 'user', 'basic', 'Standard', 'Module1.xba'), MACRO);
    const input = join(dir, 'in.docx');
    await writeFile(input, bytes);
    const text = async (accept: boolean) => {
      const output = join(dir, `${accept ? 'accepted' : 'rejected'}.txt`);
      const macro = `macro:///Standard.Module1.Revisions("file://${input}","file://${output}",${accept})`;
      await run(lo, [env, '--headless', macro], { timeout: 120_000 });
      if (!existsSync(output)) throw new Error('LibreOffice ran the macro but wrote no text');
      return readFileSync(output, 'utf8').replace(/^\uFEFF/, '');
    };
    return { accepted: await text(true), rejected: await text(false) };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

/** Rev.1 of MC/2023/DRAFT/5: a bracket accepted, a word and an attribution added, a paragraph deleted, one inserted. */
export function reviseDraft5(text: string): string {
  const edits: [string, string][] = [
    [
      '[intercivilizational and intercultural exchanges] (+IRAN)',
      'intercivilizational and intercultural exchanges',
    ],
    ['2. Encourage recognition', '2. Encourage wide recognition'],
    ['(CHN tcb)', '(CHN tcb) (+RUS)'],
    [
      "[11. Promote volunteers' participation in programmes and projects related to multiculturalism, ethnic and religious tolerance and intercultural dialogue;] (-IRAN) (+AZER)\n\n",
      '',
    ],
    [
      '14. Promote training and courses to develop technical skills and relevant competencies for volunteers.',
      '14. Promote training and courses to develop technical skills and relevant competencies for volunteers.\n\n14bis. Welcome [the «Добровольцы Азии» network] (+RUS) (-IND);',
    ],
  ];
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`edit not applicable: ${from}`);
    text = text.replace(from, to);
  }
  return text;
}
