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
  /** Thread (CPU) time of the event, µs, where the platform gives it. */
  tdur?: number;
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

type Timed = TraceEvent & { dur: number };

/**
 * Runs `action` under tracing; resolves with the complete events of the busiest thread (the
 * renderer's main thread), in time order (longer first at the same start).
 */
async function busiestThread(cdp: CDPSession, action: () => Promise<void>): Promise<Timed[]> {
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
  const complete = events.filter((e): e is Timed => e.ph === 'X' && !!e.dur);
  const busy = new Map<string, number>();
  for (const e of complete)
    busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
  const busiest = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
  return complete
    .filter((e) => `${e.pid}:${e.tid}` === busiest)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
}

/** What {@link traceSelfTimes} also measures: the main thread's CPU time (thread clock). */
export interface ThreadTime {
  /**
   * The thread (CPU) time of the busiest thread's outermost events summed, ms: the time it ran
   * on a core, which, unlike wall-clock spans, does not grow while it waits for one (null when the
   * trace has no thread times).
   */
  cpuMs: number | null;
}

/**
 * Runs `action` under tracing; resolves with [event name, self ms] on the busiest thread, largest
 * first. With `thread`, also its CPU time ({@link ThreadTime}).
 */
export async function traceSelfTimes(
  cdp: CDPSession,
  action: () => Promise<void>,
  detail = false,
  thread?: ThreadTime,
): Promise<[string, number][]> {
  const own = await busiestThread(cdp, action);
  if (thread) {
    // Outermost events only (their children's thread time is inside theirs).
    let cpu = 0;
    let seen = false;
    let end = -Infinity;
    for (const e of own) {
      if (e.ts < end) continue;
      end = e.ts + e.dur;
      if (e.tdur !== undefined) {
        cpu += e.tdur;
        seen = true;
      }
    }
    thread.cpuMs = seen ? cpu / 1000 : null;
  }
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

/** One long task of the main thread: when, how long, and its heaviest script calls. */
export interface LongTask {
  /** Start, ms from the first event traced. */
  readonly at: number;
  readonly ms: number;
  /** The task's heaviest script calls and DOM events (name, ms), largest first. */
  readonly top: [string, number][];
}

/**
 * Runs `action` under tracing; resolves with the busiest thread's tasks (`RunTask` events) of
 * `minMs` or more, in time order, each with its heaviest script functions and event types.
 * Shows what runs beside the keystrokes (timers, idle work, garbage collection).
 */
export async function traceLongTasks(
  cdp: CDPSession,
  action: () => Promise<void>,
  minMs = 4,
): Promise<LongTask[]> {
  const own = await busiestThread(cdp, action);
  const t0 = own[0]?.ts ?? 0;
  const tasks = own.filter((e) => e.name === 'RunTask' && e.dur >= minMs * 1000);
  return tasks.map((task) => {
    const inside = own.filter(
      (e) =>
        e !== task &&
        e.ts >= task.ts &&
        e.ts + e.dur <= task.ts + task.dur &&
        (e.name === 'FunctionCall' ||
          e.name === 'EventDispatch' ||
          e.name === 'TimerFire' ||
          e.name.startsWith('V8.GC') ||
          e.name === 'MajorGC' ||
          e.name === 'MinorGC' ||
          e.name === 'FireIdleCallback' ||
          e.name === 'LocalFrameView::performLayout' ||
          e.name === 'IntersectionObserverController::computeIntersections'),
    );
    const top = inside
      .map((e) => [eventName(e, true), e.dur / 1000] as [string, number])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4);
    return { at: (task.ts - t0) / 1000, ms: task.dur / 1000, top };
  });
}
