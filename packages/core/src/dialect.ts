/**
 * Notation styles: CICA's (the default) and that of UN bodies, and a guess of a text's style.
 *
 * @packageDocumentation
 */
import type { Dialect } from './types';

/** The styles {@link parse} reads. */
export const DIALECTS: readonly Dialect[] = ['cica', 'un'];

/**
 * The style a text is most likely written in: `un` when it has side-by-side brackets `][` or
 * UN paragraph labels (`PP1`, `OP3`) at the start of a line, else `cica`. For callers that are
 * given no style (the CLI without `--dialect`); {@link parse} itself never guesses.
 */
export function detectDialect(text: string): Dialect {
  if (/\]\[/.test(text)) return 'un';
  return /^[ \t]*(?:PP|OP)\d+/m.test(text) ? 'un' : 'cica';
}
