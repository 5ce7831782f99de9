import type { CliIO } from '../io';

/** `accord invite`: not built yet. */
export async function run(_args: string[], io: CliIO): Promise<number> {
  io.err('accord invite: not available yet');
  return 2;
}
