/**
 * Word and HTML exports through `@accord/docx`, loaded on demand so that the server starts and
 * answers everything else while that package is absent or broken.
 */
import type { DraftDocument } from './accord';

/** A binary or HTML export. */
export type RichExport =
  | { ok: true; type: string; body: Uint8Array }
  | { ok: false; status: number; error: string; hint?: string };

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type DocxModule = Record<string, unknown>;

async function loadDocx(): Promise<DocxModule | null> {
  try {
    // A computed specifier keeps the type checker out of that package while it is being written.
    const specifier = '@accord/docx';
    return (await import(specifier)) as DocxModule;
  } catch {
    return null;
  }
}

function unavailable(name: string): RichExport {
  return {
    ok: false,
    status: 501,
    error: `${name} is not available on this server yet`,
    hint: 'use format=notation, clean or preview',
  };
}

function toBytes(value: unknown): Uint8Array | null {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (typeof value === 'string') return new TextEncoder().encode(value);
  return null;
}

/** Options of an export. */
export interface RichOptions {
  symbol: string;
  title: string;
  clean?: boolean;
  fromSymbol?: string;
}

/** A draft as DOCX or HTML. */
export async function exportRich(
  draft: DraftDocument,
  format: 'docx' | 'html',
  options: RichOptions,
): Promise<RichExport> {
  const mod = await loadDocx();
  const fnName = format === 'docx' ? 'toDocx' : 'toHtml';
  const fn = mod?.[fnName];
  if (typeof fn !== 'function') return unavailable(`the ${format} export`);
  try {
    const out = (await (fn as (d: DraftDocument, o: unknown) => unknown)(draft, {
      symbol: options.symbol,
      title: options.title,
      clean: options.clean ?? false,
    })) as unknown;
    const value =
      typeof out === 'object' && out !== null && 'ok' in out ? out : { ok: true, value: out };
    const r = value as {
      ok: boolean;
      errors?: Array<{ message: string }>;
      value?: unknown;
      data?: unknown;
      html?: unknown;
      bytes?: unknown;
    };
    if (!r.ok) {
      return {
        ok: false,
        status: 409,
        error: r.errors?.[0]?.message ?? `the ${format} export failed`,
      };
    }
    const body = toBytes(r.value ?? r.data ?? r.html ?? r.bytes ?? out);
    if (!body)
      return { ok: false, status: 500, error: `the ${format} export returned nothing usable` };
    return { ok: true, type: format === 'docx' ? DOCX_TYPE : 'text/html; charset=utf-8', body };
  } catch (error) {
    return {
      ok: false,
      status: 500,
      error: `the ${format} export failed: ${(error as Error).message}`,
    };
  }
}

/** A comparison of two drafts as DOCX (tracked changes) or HTML. */
export async function compareRich(
  older: DraftDocument,
  newer: DraftDocument,
  format: 'docx' | 'html',
  options: RichOptions,
): Promise<RichExport> {
  const mod = await loadDocx();
  const fnName = format === 'docx' ? 'compareDocx' : 'compareHtml';
  const fn = mod?.[fnName];
  if (typeof fn !== 'function') return unavailable(`the ${format} comparison`);
  try {
    const out = (await (fn as (a: DraftDocument, b: DraftDocument, o: unknown) => unknown)(
      older,
      newer,
      {
        symbol: options.symbol,
        title: options.title,
        fromSymbol: options.fromSymbol,
      },
    )) as unknown;
    const body = toBytes(
      typeof out === 'object' && out !== null && !(out instanceof Uint8Array) && 'value' in out
        ? (out as { value: unknown }).value
        : out,
    );
    if (!body)
      return { ok: false, status: 500, error: `the ${format} comparison returned nothing usable` };
    return { ok: true, type: format === 'docx' ? DOCX_TYPE : 'text/html; charset=utf-8', body };
  } catch (error) {
    return {
      ok: false,
      status: 500,
      error: `the ${format} comparison failed: ${(error as Error).message}`,
    };
  }
}
