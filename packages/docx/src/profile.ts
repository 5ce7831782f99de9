/**
 * Body profiles for the exports: the body's name in its languages, the symbol pattern, the
 * distribution line, the date style and whether the letterhead is printed. CICA's is the
 * default; `plain` has no letterhead; a profile is a small JSON file the Secretariat writes (see
 * `docs/guide-secretariat.md`). Used by `accord export --profile` and by the server, where a
 * meeting names its body's profile (`accord profile`).
 *
 * @packageDocumentation
 */
import type { ExportOptions } from './options';

/** How dates are written in the heading block. */
export type DateStyle = 'day-month-year' | 'month-day-year' | 'iso';

/** A body profile, as its JSON file holds it. */
export interface BodyProfile {
  /** The body's name in its languages, one line each (the letterhead). */
  readonly names: readonly string[];
  /**
   * The pattern of its document symbols: `{YYYY}` a year, `{N}` a number, `*` anything, e.g.
   * `MC/{YYYY}/DRAFT/{N}` or `FCCC/CP/{YYYY}/L.{N}`; a symbol given that does not match it is
   * warned about. Absent: any symbol.
   */
  readonly symbolPattern?: string;
  /** The distribution line; `''` for none. */
  readonly distribution: string;
  readonly dateStyle: DateStyle;
  /** False leaves the body's names out (a plain heading: symbol, date, distribution). */
  readonly letterhead: boolean;
}

/** CICA's profile: the default. */
export const CICA_PROFILE: BodyProfile = {
  names: [
    'CONFERENCE ON INTERACTION AND CONFIDENCE BUILDING MEASURES IN ASIA',
    'СОВЕЩАНИЕ ПО ВЗАИМОДЕЙСТВИЮ И МЕРАМ ДОВЕРИЯ В АЗИИ',
  ],
  symbolPattern: '*/{YYYY}/*',
  distribution: 'Distr: Member States only',
  dateStyle: 'day-month-year',
  letterhead: true,
};

/** A plain profile: no letterhead, no distribution line; dates as documents write them (`3 December 2026`, issue 14). */
export const PLAIN_PROFILE: BodyProfile = {
  names: [],
  distribution: '',
  dateStyle: 'day-month-year',
  letterhead: false,
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A date in a profile's style: `14 June 2023`, `June 14, 2023` or `2023-06-14` (UTC). */
export function formatProfileDate(d: Date, style: DateStyle): string {
  const day = d.getUTCDate();
  const month = MONTHS[d.getUTCMonth()]!;
  const year = d.getUTCFullYear();
  if (style === 'iso') return d.toISOString().slice(0, 10);
  return style === 'month-day-year' ? `${month} ${day}, ${year}` : `${day} ${month} ${year}`;
}

/** True when `symbol` matches a profile's symbol pattern (or the profile has none). */
export function symbolMatches(profile: BodyProfile, symbol: string): boolean {
  if (!profile.symbolPattern) return true;
  const source = profile.symbolPattern
    .split(/(\{YYYY\}|\{N\}|\*)/)
    .map((part) =>
      part === '{YYYY}'
        ? '\\d{4}'
        : part === '{N}'
          ? '\\d+'
          : part === '*'
            ? '.*'
            : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}(?:/Rev\\.\\d+)?$`).test(symbol);
}

/**
 * Checks a parsed profile (a JSON value); returns the profile, or an error naming `name` and the
 * first wrong field with an example of what it takes.
 */
export function checkProfile(
  value: unknown,
  name: string,
): { ok: true; profile: BodyProfile } | { ok: false; error: string } {
  try {
    return { ok: true, profile: readChecked(value, name) };
  } catch (e) {
    if (e instanceof ProfileError) return { ok: false, error: e.message };
    throw e;
  }
}

class ProfileError extends Error {}

function readChecked(value: unknown, name: string): BodyProfile {
  const v = value as Record<string, unknown>;
  const fail = (why: string): never => {
    throw new ProfileError(`the profile ${name}: ${why}`);
  };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('is not a JSON object');
  const names = v.names ?? [];
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
    fail('\'names\' is a list of lines, e.g. ["UNITED NATIONS"]');
  }
  if (v.symbolPattern !== undefined && typeof v.symbolPattern !== 'string') {
    fail('\'symbolPattern\' is text such as "FCCC/CP/{YYYY}/L.{N}"');
  }
  const distribution = v.distribution ?? '';
  if (typeof distribution !== 'string') fail("'distribution' is text");
  const dateStyle = v.dateStyle ?? 'day-month-year';
  if (!['day-month-year', 'month-day-year', 'iso'].includes(dateStyle as string)) {
    fail("'dateStyle' is day-month-year, month-day-year or iso");
  }
  const letterhead = v.letterhead ?? (names as string[]).length > 0;
  if (typeof letterhead !== 'boolean') fail("'letterhead' is true or false");
  return {
    names: names as string[],
    ...(typeof v.symbolPattern === 'string' ? { symbolPattern: v.symbolPattern } : {}),
    distribution: distribution as string,
    dateStyle: dateStyle as DateStyle,
    letterhead: letterhead as boolean,
  };
}

/** The heading options a profile gives (the command line's own flags win over them). */
export function profileOptions(profile: BodyProfile, now = new Date()): ExportOptions {
  const names = profile.letterhead ? profile.names : [];
  return {
    bodyName: names[0] ?? '',
    bodyNameRu: names.slice(1).join(' / '),
    distribution: profile.distribution,
    date: formatProfileDate(now, profile.dateStyle),
  };
}

/** A built-in profile by name (`cica` or `plain`), or null. */
export function builtInProfile(name: string): BodyProfile | null {
  return name === 'cica' ? CICA_PROFILE : name === 'plain' ? PLAIN_PROFILE : null;
}

/**
 * A profile from its text (JSON) or a built-in name; `name` says where it came from in the
 * error message.
 */
export function parseProfile(
  text: string,
  name: string,
): { ok: true; profile: BodyProfile } | { ok: false; error: string } {
  const builtIn = builtInProfile(text.trim());
  if (builtIn) return { ok: true, profile: builtIn };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `the profile ${name} is not JSON (${(e as Error).message})` };
  }
  return checkProfile(value, name);
}
