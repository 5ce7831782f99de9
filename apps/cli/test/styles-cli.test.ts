import { describe, expect, it } from 'vitest';
import * as clean from '../src/commands/clean';
import * as report from '../src/commands/report';
import { ROOT, runCommand } from './notation-helpers';

const UN = `${ROOT}fixtures/styles/un-alternatives.txt`;

describe('--dialect cica|un', () => {
  it('detects the UN style: no clean text glues alternatives', async () => {
    const r = await runCommand(clean, [UN, '--accept-all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OP1 Decides that Parties may report every two years;');
    expect(r.stdout).not.toMatch(/mayshall/);
  });

  it('--dialect cica reads side-by-side brackets as two; a wrong dialect is a usage error', async () => {
    const cica = await runCommand(report, [UN, '--json', '--dialect', 'cica']);
    expect(cica.code).toBe(0);
    const cicaBrackets = (JSON.parse(cica.stdout) as { brackets: Array<{ group: number | null }> })
      .brackets;
    expect(cicaBrackets).toHaveLength(7);
    expect(cicaBrackets.filter((b) => b.group !== null)).toEqual([]);
    const un = await runCommand(report, [UN, '--json', '--dialect', 'un']);
    expect((JSON.parse(un.stdout) as { brackets: unknown[] }).brackets).toHaveLength(9);
    expect((await runCommand(report, [UN, '--dialect', 'uk'])).code).toBe(2);
  });
});

describe('blanks', () => {
  it('refuse the clean text, even a preview, with the place of each', async () => {
    const text = '1. A [ ] b [...] c [x] (+IRAN) d [y]/[ ].\n';
    for (const args of [
      ['-'],
      ['-', '--accept-all'],
      ['-', '--delete-all'],
      ['-', '--as', 'IRAN'],
    ]) {
      const r = await runCommand(clean, args, text);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n').filter(Boolean)).toEqual([
        '<stdin>:1:6: blank 1 is still to be filled: [ ] (write the text, or delete the blank)',
        '<stdin>:1:12: blank 2 is still to be filled: [...] (write the text, or delete the blank)',
        '<stdin>: 2 blanks still to be filled; no clean text',
      ]);
    }
    const filled = await runCommand(clean, ['-', '--accept-all'], '1. A [x] (+IRAN) b.\n');
    expect(filled).toMatchObject({ code: 0, stdout: '1. A x b.\n' });
  });
});
