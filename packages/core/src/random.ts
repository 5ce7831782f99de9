/**
 * A small seeded pseudo-random generator for the project's randomized tests and generated
 * benchmark drafts, so that a run can be replayed from its seed. Not part of the notation
 * engine's API: it is exported as `@accord/core/random`, outside `index.ts`.
 *
 * @packageDocumentation
 */

/**
 * mulberry32: returns a generator of numbers in [0, 1); the same `seed` gives the same
 * sequence.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
