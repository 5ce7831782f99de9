/**
 * Word and HTML exports through `@accord/docx`, loaded on first use so that the server starts
 * fast and answers everything else even if that package fails to load.
 */
import type { DraftDocument } from './accord';

/** A binary or HTML export. */
export type RichExport =
  | { ok: true; type: string; body: Uint8Array }
  | { ok: false; status: number; error: string; hint?: string };

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const HTML_TYPE = 'text/html; charset=utf-8';

/** Heading of an export: the document's symbol, revision, title and date. */
export interface RichOptions {
  /** Base symbol, e.g. `MC/2023/DRAFT/5`. */
  symbol: string;
  /** Revision number printed with the symbol (`/Rev.N`), when > 0. */
  rev?: number;
  title: string;
  date?: string;
  clean?: boolean;
  /** For comparisons: the older text's full symbol. */
  olderSymbol?: string;
  /** For comparisons: the author of the tracked changes that `authorOf` does not name. */
  author?: string;
  /**
   * The meeting's body profile (`accord profile`): its letterhead, names and distribution line
   * head the document; absent, CICA's (the default of `@accord/docx`).
   */
  profile?: import('@accord/docx').BodyProfile;
  /** For comparisons: the author of each tracked change (`IRAN`, `Chair`, `Secretariat`). */
  authorOf?: (change: import('@accord/docx').TrackedChange) => string | null | undefined;
}

/**
 * The date line of an export of the live text, which is no revision: `Draft, as of 3 December
 * 2026, 14:05`, in `timeZone` (an IANA name such as `Asia/Almaty`; the server's own zone when
 * absent or unknown).
 */
export function liveDateLabel(at: Date, timeZone?: string): string {
  const format = (zone: string | undefined) =>
    new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(zone ? { timeZone: zone } : {}),
    }).formatToParts(at);
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = format(timeZone || undefined);
  } catch {
    parts = format(undefined); // an unknown zone name: the server's own
  }
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `Draft, as of ${Number(part('day'))} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')}`;
}

/**
 * The body profile a meeting named (`accord profile`), read from the store's JSON; undefined for
 * the default (CICA's) or a profile that no longer reads (the export then prints CICA's).
 */
export function meetingProfileOf(
  store: { meetingProfile(meetingId: string): string | null },
  meetingId: string,
): import('@accord/docx').BodyProfile | undefined {
  const text = store.meetingProfile(meetingId);
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as import('@accord/docx').BodyProfile;
  } catch {
    return undefined;
  }
}

/** `@accord/docx`, loaded on first use; null if it cannot be loaded. */
export async function loadDocx(): Promise<typeof import('@accord/docx') | null> {
  try {
    return await import('@accord/docx');
  } catch {
    return null;
  }
}

function failure(error: unknown, what: string): RichExport {
  const e = error as { name?: string; message?: string };
  if (e?.name === 'CleanTextRefusedError') {
    return {
      ok: false,
      status: 409,
      error: e.message ?? 'clean text refused while brackets remain',
      hint: 'resolve every bracket first, or export a preview',
    };
  }
  return { ok: false, status: 500, error: `${what} failed: ${e?.message ?? String(error)}` };
}

/** The heading lines a body profile gives (names, distribution; the date only when none is given). */
function profileHeading(
  docx: typeof import('@accord/docx'),
  options: RichOptions,
): Partial<import('@accord/docx').ExportOptions> {
  if (!options.profile) return {};
  const { date, ...rest } = docx.profileOptions(options.profile);
  // A revision's date (ISO, as stored) is written in the profile's style; a label such as the
  // live text's "Draft, as of …" is kept as it is.
  if (options.date && /^\d{4}-\d{2}-\d{2}$/.test(options.date)) {
    const at = new Date(`${options.date}T00:00:00Z`);
    return { ...rest, date: docx.formatProfileDate(at, options.profile.dateStyle) };
  }
  return options.date ? rest : { ...rest, ...(date ? { date } : {}) };
}

/** A draft as DOCX or HTML (consolidated text, or clean text with `clean`). */
export async function exportRich(
  draft: DraftDocument,
  format: 'docx' | 'html',
  options: RichOptions,
): Promise<RichExport> {
  const docx = await loadDocx();
  if (!docx)
    return {
      ok: false,
      status: 501,
      error: 'the Word/HTML export is not available on this server',
    };
  const heading = {
    symbol: options.symbol,
    ...(options.rev ? { rev: options.rev } : {}),
    title: options.title,
    ...(options.date ? { date: options.date } : {}),
    ...profileHeading(docx, options),
    clean: options.clean ?? false,
  };
  try {
    if (format === 'docx')
      return { ok: true, type: DOCX_TYPE, body: await docx.toDocx(draft, heading) };
    return {
      ok: true,
      type: HTML_TYPE,
      body: new TextEncoder().encode(docx.toHtml(draft, heading)),
    };
  } catch (error) {
    return failure(error, `the ${format} export`);
  }
}

/** Two texts compared, as DOCX with tracked changes or as HTML. */
export async function compareRich(
  older: DraftDocument,
  newer: DraftDocument,
  format: 'docx' | 'html',
  options: RichOptions,
): Promise<RichExport> {
  const docx = await loadDocx();
  if (!docx)
    return {
      ok: false,
      status: 501,
      error: 'the Word/HTML comparison is not available on this server',
    };
  const o = {
    symbol: options.symbol,
    ...(options.rev ? { rev: options.rev } : {}),
    title: options.title,
    ...(options.date ? { date: options.date } : {}),
    ...profileHeading(docx, options),
    ...(options.olderSymbol ? { olderSymbol: options.olderSymbol } : {}),
    ...(options.author ? { author: options.author } : {}),
    ...(options.authorOf ? { authorOf: options.authorOf } : {}),
  };
  try {
    if (format === 'docx')
      return { ok: true, type: DOCX_TYPE, body: await docx.compareDocx(older, newer, o) };
    return {
      ok: true,
      type: HTML_TYPE,
      body: new TextEncoder().encode(docx.compareHtml(older, newer, o)),
    };
  } catch (error) {
    return failure(error, `the ${format} comparison`);
  }
}
