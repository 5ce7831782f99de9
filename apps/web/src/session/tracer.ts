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
