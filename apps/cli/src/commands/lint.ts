import type { CliIO } from '../io';

/** `accord lint`: not built yet. */
export async function run(_args: string[], io: CliIO): Promise<number> {
  io.err('accord lint: not available yet');
  return 2;
}
