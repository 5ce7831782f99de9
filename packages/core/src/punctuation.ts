/**
 * The punctuation table: the marks that no space goes before (`, . ; :`), and which of two wins
 * where a resolution brings them together. Every spacing rule of Accord (core's resolve and
 * clean text, the Chair's commands in the editor, the exports) reads this one table.
 *
 * @packageDocumentation
 */

/**
 * The punctuation that closes a phrase, with its strength: no space is written before any of
 * them, and where two meet after text was taken out (`volunteers, ;`), the stronger one stays
 * (`.` over `;` over `:` over `,`).
 */
export const PUNCTUATION: Readonly<Record<string, number>> = Object.freeze({
  ',': 0,
  ':': 1,
  ';': 2,
  '.': 3,
});

/** True for `, . ; :` (see {@link PUNCTUATION}). */
export function isPunctuation(ch: string | undefined): boolean {
  return ch !== undefined && ch.length === 1 && Object.hasOwn(PUNCTUATION, ch);
}

/** True for the UTF-16 code of `, . ; :`: the same table, for scanners that read char codes. */
export function isPunctuationCode(c: number): boolean {
  return c === 44 || c === 46 || c === 59 || c === 58;
}

/**
 * Of two punctuation marks that met (`a` written first), the one that stays: the stronger, or
 * the second when they are equally strong. Throws a RangeError when either is not in the table.
 */
export function strongerPunctuation(a: string, b: string): string {
  const ra = PUNCTUATION[a];
  const rb = PUNCTUATION[b];
  if (ra === undefined || rb === undefined) {
    throw new RangeError(`strongerPunctuation: "${a}" and "${b}" must both be one of , . ; :`);
  }
  return rb >= ra ? b : a;
}
