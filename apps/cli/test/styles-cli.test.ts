import { describe, expect, it } from 'vitest';
import * as clean from '../src/commands/clean';
import * as report from '../src/commands/report';
import { ROOT, runCommand } from './notation-helpers';

const UN = `${ROOT}fixtures/styles/un-alternatives.txt`;

describe('--dialect cica|un', () => {
  it('detects the UN style: no clean text glues alternatives', async () => {
    const r = await runCommand(clean, [UN, '--accept-all']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OP1. Decides that Parties may report every two years;');
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
