import type { CliIO } from '../io';

/** `accord serve`: not built yet. */
export async function run(_args: string[], io: CliIO): Promise<number> {
  io.err('accord serve: not available yet');
  return 2;
}
