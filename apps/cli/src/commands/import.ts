import type { CliIO } from '../io';

/** `accord import`: not built yet. */
export async function run(_args: string[], io: CliIO): Promise<number> {
  io.err('accord import: not available yet');
  return 2;
}
