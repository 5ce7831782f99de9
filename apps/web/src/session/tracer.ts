/**
 * The one tracer of the web app's measuring code: Performance API marks of the document's
 * opening (`accord:ws-connected`, `accord:document-painted`, …) and the benchmark's per-
 * transaction probe. Marks are set once per page; the probe costs one property read per
 * transaction and records only when a benchmark installed its array (`__accordDispatch`), so in
 * production it does nothing.
 */

/** Sets a Performance API mark the first time only. */
export function markOnce(name: string): void {
  if (typeof performance !== 'undefined' && !performance.getEntriesByName(name).length) {
    performance.mark(name);
  }
}

/** True once a mark was set. */
export function marked(name: string): boolean {
  return typeof performance !== 'undefined' && performance.getEntriesByName(name).length > 0;
}

/**
 * The benchmark's probe of one transaction: where its time went (apply, view update, stores)
 * and whether it changed the document. Records only when `globalThis.__accordDispatch` is an
 * array (set by `bench/profile.ts`).
 */
export function traceDispatch(
  apply: number,
  view: number,
  stores: number,
  docChanged: boolean,
): void {
  const probe = (globalThis as { __accordDispatch?: number[][] }).__accordDispatch;
  if (probe) probe.push([apply, view, stores, docChanged ? 1 : 0]);
}

/** True while a benchmark listens (so callers can skip taking timestamps otherwise). */
export function tracing(): boolean {
  return (globalThis as { __accordDispatch?: unknown }).__accordDispatch !== undefined;
}

/**
 * Writes to this browser's storage (the offline copy, the kept intents), by sequence: each write
 * asked for takes the next number ({@link writeAsked}); {@link writesDone} marks numbers done
 * once the IndexedDB transaction that holds them completed. {@link offlineWrites} says how far
 * the writes are on disk: `saved` is the highest number such that it and every lower one are
 * done. Tests poll it (`globalThis.__accordOfflineWrites()`) instead of sleeping.
 */
export interface OfflineWrites {
  /** The number of the last write asked for. */
  readonly asked: number;
  /** Every write up to this number is on disk. */
  readonly saved: number;
}

let asked = 0;
const open = new Set<number>();

/** A write to this browser's storage is asked for: its number. */
export function writeAsked(): number {
  asked += 1;
  open.add(asked);
  return asked;
}

/** The writes numbered `seqs` are on disk (or were given up: the store is gone). */
export function writesDone(seqs: Iterable<number>): void {
  for (const s of seqs) open.delete(s);
}

/** How far this browser's writes are on disk. */
export function offlineWrites(): OfflineWrites {
  let saved = asked;
  for (const s of open) if (s - 1 < saved) saved = s - 1;
  return { asked, saved };
}

(globalThis as { __accordOfflineWrites?: () => OfflineWrites }).__accordOfflineWrites =
  offlineWrites;
