import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** Reads a fixture draft (`fixtures/drafts/NAME`). */
export function draft(
  name: 'MC-2023-DRAFT-4.txt' | 'MC-2023-DRAFT-5.txt' | 'CBM-catalogue-2021.txt',
): string {
  return readFileSync(`${root}drafts/${name}`, 'utf8');
}

/** Reads a seed document (`fixtures/seeds/NAME`). */
export function seed(prefix: string): string {
  const names: Record<string, string> = {
    '000': '000_e9f0cd2117c388e8.txt',
    '001': '001_07221235f16525af.txt',
    '002': '002_35bfa2842ad7305e.txt',
    '003': '003_3e16ae8d31a0a83e.txt',
    '004': '004_ffbf24cab442e0b5.txt',
  };
  return readFileSync(`${root}seeds/${names[prefix]}`, 'utf8');
}
