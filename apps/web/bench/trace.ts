/**
 * Chromium traces for the benchmark tools (`bench/profile.ts --trace`, `bench/layers.ts --trace`):
 * runs an action under CDP tracing and sums the self time (children subtracted) of each trace
 * event on the busiest thread (the renderer's main thread): script, layout, paint, the
 * content-visibility intersection checks, and so on.
 */
import type { CDPSession } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  ts: number;
  tid: number;
  pid: number;
  args?: { data?: { functionName?: string; url?: string; lineNumber?: number; type?: string } };
}

/** An event's name, with the script function or DOM event type it ran when `detail` is set. */
function eventName(e: TraceEvent, detail: boolean): string {
  const d = e.args?.data;
  if (!detail || !d) return e.name;
  if (e.name === 'FunctionCall' && (d.functionName || d.url))
    return `FunctionCall ${d.functionName || '(anonymous)'} ${(d.url ?? '').split('/').pop()}:${d.lineNumber ?? ''}`;
  if (e.name === 'EventDispatch' && d.type) return `EventDispatch ${d.type}`;
  return e.name;
}

/** Runs `action` under tracing; resolves with [event name, self ms] on the busiest thread, largest first. */
export async function traceSelfTimes(
  cdp: CDPSession,
  action: () => Promise<void>,
  detail = false,
): Promise<[string, number][]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    events.push(...(e.value as unknown as TraceEvent[]));
  });
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,v8',
    transferMode: 'ReportEvents',
  });
  await action();
  await cdp.send('Tracing.end');
  await done;
  const complete = events.filter((e): e is TraceEvent & { dur: number } => e.ph === 'X' && !!e.dur);
  const busy = new Map<string, number>();
  for (const e of complete)
    busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
  const busiest = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  const own = complete
    .filter((e) => `${e.pid}:${e.tid}` === busiest)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const by = new Map<string, number>();
  const stack: { end: number; name: string; self: number }[] = [];
  const pop = (): void => {
    const top = stack.pop()!;
    by.set(top.name, (by.get(top.name) ?? 0) + top.self / 1000);
  };
  for (const e of own) {
    while (stack.length && stack[stack.length - 1]!.end <= e.ts) pop();
    if (stack.length) stack[stack.length - 1]!.self -= e.dur;
    stack.push({ end: e.ts + e.dur, name: eventName(e, detail), self: e.dur });
  }
  while (stack.length) pop();
  return [...by].sort((a, b) => b[1] - a[1]);
}
