/**
 * Bracket ids: short, unique, URL- and key-safe strings (`b` + 12 base-36 random characters).
 *
 * @packageDocumentation
 */

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Source of randomness, replaceable for seeded tests. */
export type RandomSource = () => number;

let random: RandomSource = Math.random;

/**
 * Replaces the random source used by {@link newBracketId} (tests pass a seeded generator);
 * returns the previous one.
 */
export function setIdRandom(source: RandomSource): RandomSource {
  const prev = random;
  random = source;
  return prev;
}

/** A new bracket id, unique with overwhelming probability (62 bits). */
export function newBracketId(): string {
  let id = 'b';
  for (let i = 0; i < 12; i++) id += ALPHABET[Math.floor(random() * 36)];
  return id;
}
