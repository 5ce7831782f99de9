import type { CliIO } from '../io';

/** `accord resolve`: not built yet. */
export async function run(_args: string[], io: CliIO): Promise<number> {
  io.err('accord resolve: not available yet');
  return 2;
}
