import type { CliIO } from '../io';

/** `accord fmt`: not built yet. */
export async function run(_args: string[], io: CliIO): Promise<number> {
  io.err('accord fmt: not available yet');
  return 2;
}
