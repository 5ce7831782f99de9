/**
 * Dates on screen as the body writes them in its documents: `3 December 2026` (never
 * `2026-12-03`), and `3 December 2026, 14:05` for a moment.
 */

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };

/**
 * A date as `3 December 2026`. A calendar date (`2026-12-03`) is read as that day wherever the
 * reader is; a moment (an ISO time) is shown in the reader's time zone. Anything else is kept.
 */
export function longDate(value: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (day) {
    const d = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    return Number.isNaN(d.getTime())
      ? value
      : new Intl.DateTimeFormat('en-GB', { ...DAY, timeZone: 'UTC' }).format(d);
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : new Intl.DateTimeFormat('en-GB', DAY).format(d);
}

/** A moment as `3 December 2026, 14:05`, in the reader's time zone. */
export function longDateTime(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return String(value);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
  return `${new Intl.DateTimeFormat('en-GB', DAY).format(d)}, ${time}`;
}
