/**
 * `accord resolve FILE [--accept N]… [--delete N]… [--choose N]…`: prints the draft in the
 * notation with those resolutions applied. Numbers refer to the input (1..N in the order of the
 * opening `[`, as `accord report` shows them); `--accept 2,5` lists several at once.
 */
import { resolve, serialize, type ResolveStep } from '@accord/core';
import type { CliIO } from '../io';
import {
  UsageError,
  loadDraftOrReport,
  oneFile,
  parseArgs,
  readInputOptions,
  withUsage,
} from '../input';

const USAGE =
  'resolve FILE [--accept N]… [--delete N]… [--choose N]… [--alias CODE=CODE]… [--aliases FILE] [--dialect cica|un]';

const ACTIONS: Record<string, ResolveStep['action']> = {
  '--accept': 'accept',
  '--delete': 'delete',
  '--choose': 'choose',
};

/** Runs `accord resolve`. Exit 0; 1 for a malformed draft or refused steps; 2 for a usage error. */
export async function run(args: string[], io: CliIO): Promise<number> {
  return withUsage(io, USAGE, async () => {
    const parsed = parseArgs(args, Object.keys(ACTIONS), []);
    const file = oneFile(parsed);
    const steps: ResolveStep[] = [];
    for (const [flag, value] of parsed.values) {
      const action = ACTIONS[flag];
      if (!action) continue;
      for (const part of value.split(',')) {
        if (!/^\s*[1-9]\d*\s*$/.test(part)) {
          throw new UsageError(`${flag} needs a bracket number 1..N, got '${part}'`);
        }
        steps.push({ action, n: Number(part) });
      }
    }
    const loaded = await loadDraftOrReport(file, io, await readInputOptions(parsed, io));
    if ('code' in loaded) return loaded.code;
    const result = resolve(loaded.doc, steps);
    if (!result.ok) {
      for (const e of result.errors) {
        io.err(`${loaded.name}: bracket ${e.n}: ${e.message}${e.hint ? ` (${e.hint})` : ''}`);
      }
      return 1;
    }
    io.out(serialize(result.doc));
    return 0;
  });
}
