import type { CliIO } from '../io';

/** `accord clean`: not built yet. */
export async function run(_args: string[], io: CliIO): Promise<number> {
  io.err('accord clean: not available yet');
  return 2;
}
