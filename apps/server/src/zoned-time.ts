/**
 * Wall-clock times in named IANA time zones (`2023-12-26 12:00` in `Asia/Almaty`) and the
 * instants they name, with `Intl` only: the deadline of a silence procedure is given as the
 * former and stored as the latter.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA time zone name this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  if (!timeZone || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of an instant in a zone (seconds precision). */
function fieldsAt(ms: number, timeZone: string): number[] {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

/** The zone's offset from UTC at an instant, in milliseconds (Almaty in 2023: +6 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = fieldsAt(ms, timeZone);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The result of reading a wall-clock time. */
export type ZonedParse = { ok: true; ms: number } | { ok: false; error: string };

/**
 * The instant of a wall-clock time `YYYY-MM-DD HH:MM[:SS]` (or with `T`) in an IANA zone. Refuses
 * a malformed time, an unknown zone, and a time the zone skips (a daylight-saving gap).
 */
export function parseZoned(wallClock: string, timeZone: string): ZonedParse {
  if (!isTimeZone(timeZone)) {
    return {
      ok: false,
      error: `'${timeZone}' is not an IANA time zone (e.g. Asia/Almaty, Europe/Vienna, UTC)`,
    };
  }
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/.exec(wallClock);
  if (!m) {
    return {
      ok: false,
      error: `'${wallClock}' is not a wall-clock time (expected YYYY-MM-DD HH:MM, e.g. 2023-12-26 12:00)`,
    };
  }
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) {
    return { ok: false, error: `'${wallClock}' is not a valid date and time` };
  }
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  // Two rounds find the offset in force at the instant itself (around a change of offset).
  let ms = naive - zoneOffsetMs(naive, timeZone);
  ms = naive - zoneOffsetMs(ms, timeZone);
  const back = fieldsAt(ms, timeZone);
  if (back.join() !== [y, mo, d, h, mi, s].join()) {
    return {
      ok: false,
      error: `'${wallClock}' does not exist in ${timeZone} (the clocks skip it, or the date is not a real date)`,
    };
  }
  return { ok: true, ms };
}

/** `YYYY-MM-DD HH:MM` (with `:SS` when not zero) of an instant in a zone. */
export function formatZoned(ms: number, timeZone: string): string {
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = fieldsAt(ms, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${y}-${p(mo)}-${p(d)} ${p(h)}:${p(mi)}${s ? `:${p(s)}` : ''}`;
}

/** `YYYY-MM-DD` of an instant in a zone (the date of an adopted text). */
export function dateInZone(ms: number, timeZone: string): string {
  return formatZoned(ms, timeZone).slice(0, 10);
}
