import type { CliIO } from '../io';

/** `accord report`: not built yet. */
export async function run(_args: string[], io: CliIO): Promise<number> {
  io.err('accord report: not available yet');
  return 2;
}
