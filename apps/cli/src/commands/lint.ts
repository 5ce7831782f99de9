/**
 * `accord lint FILE`: exit 0 when the draft is well-formed; else exit 1 and one
 * `FILE:LINE:COL: message` line per problem on standard error.
 */
import type { CliIO } from '../io';
import { stanceConflicts } from '@accord/core';
import {
  formatError,
  loadDraftOrReport,
  oneFile,
  parseArgs,
  readInputOptions,
  withUsage,
} from '../input';

const USAGE = 'lint FILE [--alias CODE=CODE]… [--aliases FILE] [--dialect cica|un]';

/** Runs `accord lint`. Prints nothing for a well-formed draft. */
export async function run(args: string[], io: CliIO): Promise<number> {
  return withUsage(io, USAGE, async () => {
    const parsed = parseArgs(args, [], []);
    const file = oneFile(parsed);
    const loaded = await loadDraftOrReport(file, io, await readInputOptions(parsed, io));
    if ('code' in loaded) return loaded.code;
    // Well-formed, but one delegation takes two stances on one bracket (issue 11).
    const conflicts = stanceConflicts(loaded.doc);
    for (const e of conflicts) io.err(formatError(loaded.name, e));
    return conflicts.length ? 1 : 0;
  });
}
