/**
 * Writes one page image of each kind of export into `docs/exports/`: the consolidated text, the
 * clean text and the comparison, each converted by LibreOffice to PDF and its first page rendered
 * by `pdftoppm -png -r 60 -f 1 -l 1`. Run: `npx tsx scripts/page-images.ts` in packages/docx.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@accord/core';
import type { DraftDocument } from '@accord/core';
import { compareDocx, compareHtml, toDocx } from '../src/index';

const root = join(import.meta.dirname, '..', '..', '..');
const out = join(root, 'docs', 'exports');

function draft(text: string): DraftDocument {
  const r = parse(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.doc;
}

const text5 = readFileSync(join(root, 'fixtures', 'drafts', 'MC-2023-DRAFT-5.txt'), 'utf8');
const rev0 = draft(text5);
const rev1 = draft(
  text5
    .replace(
      '[intercivilizational and intercultural exchanges] (+IRAN)',
      'intercivilizational and intercultural exchanges',
    )
    .replace('2. Encourage recognition', '2. Encourage wide recognition')
    .replace('(CHN tcb)', '(CHN tcb) (+RUS)'),
);
const common = { symbol: 'MC/2023/DRAFT/5', date: '21 September 2023' };

const work = mkdtempSync(join(tmpdir(), 'accord-pages-'));
const profile = mkdtempSync(join(tmpdir(), 'lo-'));
try {
  const files: [string, Uint8Array][] = [
    ['consolidated', await toDocx(rev1, { ...common, rev: 1 })],
    ['clean', await toDocx(rev1, { ...common, rev: 1, clean: true, preview: { acceptAll: true } })],
    [
      'comparison',
      await compareDocx(rev0, rev1, { ...common, rev: 1, olderSymbol: 'MC/2023/DRAFT/5' }),
    ],
  ];
  for (const [name, bytes] of files) {
    const docx = join(work, `${name}.docx`);
    writeFileSync(docx, bytes);
    execFileSync(
      'libreoffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        work,
        docx,
      ],
      { stdio: 'ignore' },
    );
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      join(work, `${name}.pdf`),
      join(work, name),
    ]);
    renameSync(join(work, `${name}.png`), join(out, `${name}.png`));
    console.log(`docs/exports/${name}.png`);
  }
  // The HTML comparison as the web app and a browser print it (Debian's chromium).
  const html = join(work, 'comparison.html');
  writeFileSync(
    html,
    compareHtml(rev0, rev1, { ...common, rev: 1, olderSymbol: 'MC/2023/DRAFT/5' }),
  );
  execFileSync(
    '/usr/bin/chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      `--user-data-dir=${join(work, 'chromium')}`,
      '--window-size=800,1000',
      `--screenshot=${join(out, 'comparison-html.png')}`,
      `file://${html}`,
    ],
    { stdio: 'ignore' },
  );
  console.log('docs/exports/comparison-html.png');
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}
