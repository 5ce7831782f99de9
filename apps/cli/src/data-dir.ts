/** Options and the data folder of the commands that work on an existing `accord serve` folder. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Parses `--name value` / `--name=value` arguments, all of them named in `known`.
 * Throws a RangeError with a message for the user on anything else.
 */
export function parseOptions(
  args: readonly string[],
  known: readonly string[],
): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (!a.startsWith('--')) throw new RangeError(`unexpected argument '${a}'`);
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.includes(name)) throw new RangeError(`unknown option --${name}`);
    if (eq > 0) {
      values.set(name, a.slice(eq + 1));
      continue;
    }
    const v = args[i + 1];
    if (v === undefined || v.startsWith('--')) throw new RangeError(`--${name} needs a value`);
    values.set(name, v);
    i++;
  }
  return values;
}

/** An error message when `dataDir` holds no Accord database (so that nothing is created there). */
export function missingData(dataDir: string): string | null {
  if (existsSync(join(dataDir, 'accord.db'))) return null;
  return `no Accord data in ${dataDir} (no accord.db there): give the --data folder of accord serve`;
}
