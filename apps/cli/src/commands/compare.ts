import type { CliIO } from '../io';

/** `accord compare`: not built yet. */
export async function run(_args: string[], io: CliIO): Promise<number> {
  io.err('accord compare: not available yet');
  return 2;
}
