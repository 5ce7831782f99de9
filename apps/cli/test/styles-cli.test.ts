import { describe, expect, it } from 'vitest';
import * as clean from '../src/commands/clean';
import * as fmt from '../src/commands/fmt';
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

describe("other bodies' texts", () => {
  const CLIMATE = `${ROOT}fixtures/styles/un-climate.txt`;

  it('report --json gives positions with their names, statuses and placeholders', async () => {
    const r = await runCommand(report, [CLIMATE, '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      brackets: Array<{ n: number; attributions: unknown[] }>;
      statuses: unknown[];
      notes: unknown[];
    };
    expect(json.brackets[1]!.attributions).toEqual([
      { delegation: 'AOSIS', stance: '+', written: 'AOSIS' },
      { delegation: 'UG', stance: '-', written: 'Umbrella Group' },
    ]);
    expect(json.statuses).toEqual([
      { paragraph: 2, label: 'PP1', status: '[Agreed ad ref]' },
      { paragraph: 8, label: 'OP4', status: '(Agreed)' },
    ]);
    expect(json.notes).toEqual([
      { n: 7, kind: 'placeholder', paragraph: 4, text: 'Placeholder: date' },
    ]);
    const table = await runCommand(report, [CLIMATE]);
    expect(table.stdout).toContain('+AOSIS -UG(Umbrella Group)');
    expect(table.stdout).toContain('OP4        (Agreed)');
    expect(table.stdout).toContain('7  placeholder  {Placeholder: date}');
  });

  it('clean refuses while a placeholder or a note remains, naming each', async () => {
    const r = await runCommand(clean, [CLIMATE, '--accept-all']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `${CLIMATE}:8:46: placeholder 7 is still to be filled: {Placeholder: date} (write the text in its place)`,
      `${CLIMATE}: 1 blank, placeholder or note still in the text; no clean text`,
    ]);
  });

  it('a position naming a delegation the meeting does not know is a located problem, until the meeting names it', async () => {
    const text = '1. Promote [views] (Ruritania).\n';
    const r = await runCommand(report, ['-'], text);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "<stdin>:1:20: the position '(Ruritania)' names 'Ruritania', a delegation the meeting does not know",
    );
    const named = await runCommand(report, ['-', '--json', '--alias', 'Ruritania=RUR'], text);
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout).brackets[0].attributions).toEqual([
      { delegation: 'RUR', stance: '+', written: 'Ruritania' },
    ]);
  });

  it('fmt writes each text back in its own form: UN groups, positions by name, statuses, options, pieces', async () => {
    for (const name of ['un-ga', 'un-climate', 'trade-env']) {
      const file = `${ROOT}fixtures/styles/${name}.txt`;
      const r = await runCommand(fmt, [file]);
      expect(r.code).toBe(0);
      const again = await runCommand(fmt, ['-'], r.stdout);
      expect(again).toMatchObject({ code: 0, stdout: r.stdout });
    }
    const ga = await runCommand(fmt, [`${ROOT}fixtures/styles/un-ga.txt`]);
    expect(ga.stdout).toContain(
      'PP2bis [Noting with concern][Recognizing] the [persistent] (Russian Federation) challenges,',
    );
    expect(ga.stdout).toContain(
      'OP1 [Calls upon/Urges] Member States to [consider] (Group of 77 and China, Mexico, Switzerland) ratifying the Convention; (Agreed, placement tbd)',
    );
    const climate = await runCommand(fmt, [`${ROOT}fixtures/styles/un-climate.txt`]);
    expect(climate.stdout).toContain('Option 3: No text\n\nOP3 [Also decides');
  });
});
