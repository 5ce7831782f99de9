/**
 * `accord fmt FILE`: prints the draft in the canonical notation.
 */
import { serialize } from '@accord/core';
import type { CliIO } from '../io';
import { loadDraftOrReport, oneFile, parseArgs, readInputOptions, withUsage } from '../input';

const USAGE = 'fmt FILE [--alias CODE=CODE]… [--aliases FILE] [--dialect cica|un]';

/** Runs `accord fmt`. Exit 0, or 1 for a malformed draft, 2 for a usage error. */
export async function run(args: string[], io: CliIO): Promise<number> {
  return withUsage(io, USAGE, async () => {
    const parsed = parseArgs(args, [], []);
    const file = oneFile(parsed);
    const loaded = await loadDraftOrReport(file, io, await readInputOptions(parsed, io));
    if ('code' in loaded) return loaded.code;
    io.out(serialize(loaded.doc));
    return 0;
  });
}
