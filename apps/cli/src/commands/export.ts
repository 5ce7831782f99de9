import type { CliIO } from '../io';

/** `accord export`: not built yet. */
export async function run(_args: string[], io: CliIO): Promise<number> {
  io.err('accord export: not available yet');
  return 2;
}
