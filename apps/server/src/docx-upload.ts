/**
 * A DOCX draft uploaded over HTTP, read with `@accord/docx`'s `fromDocx` into notation text for
 * {@link importDocument}. Every notation error comes back located by paragraph; a file that is
 * not a DOCX is told apart from a draft with notation errors.
 */
import { DOCX_MEDIA_TYPE } from '@accord/contracts';
import { serialize } from '@accord/core';
import { loadDocx } from './rich';
import { checkZip, type ZipBounds } from './zip-check';

// The media type of a Word document, declared once in @accord/contracts.
export { DOCX_MEDIA_TYPE };

/** A notation error in an uploaded DOCX, as answered (422). */
export interface UploadNotationError {
  /** 1-based paragraph number in the DOCX (as Word counts them). */
  paragraph: number;
  /** 1-based column in the paragraph's notation text. */
  column: number;
  message: string;
  /** The paragraph's text around the problem. */
  text: string;
  hint?: string;
}

/** The result of {@link readDocxUpload}. */
export type DocxUpload =
  | { ok: true; text: string; symbol: string | null }
  | {
      ok: false;
      status: number;
      error: string;
      hint?: string;
      errors?: UploadNotationError[];
    };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Default bounds of an unpacked DOCX (the server's limits `maxImport*`). */
export const DEFAULT_ZIP_BOUNDS: ZipBounds = {
  maxUnpackedBytes: 64 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 2000,
};

/**
 * Reads the bytes of an uploaded `.docx` as notation text (with the symbol found in it). The
 * package is checked against `bounds` before anything is unpacked (413 when over them).
 */
export async function readDocxUpload(
  bytes: Uint8Array,
  bounds: ZipBounds = DEFAULT_ZIP_BOUNDS,
): Promise<DocxUpload> {
  const notDocx = (why: string): DocxUpload => ({
    ok: false,
    status: 400,
    error: `the upload is not a DOCX file (${why})`,
    hint: 'send a Word document (.docx) saved by Word or LibreOffice, or the notation as text/plain',
  });
  if (bytes.length === 0) return notDocx('the body is empty');
  if (!ZIP_MAGIC.every((b, i) => bytes[i] === b))
    return notDocx('it does not start as a ZIP package; a .doc or .txt renamed?');
  const zip = checkZip(bytes, bounds);
  if (!zip.ok && zip.kind === 'damaged') return notDocx(zip.error);
  if (!zip.ok)
    return {
      ok: false,
      status: 413,
      error: `the DOCX was refused before unpacking: ${zip.error}`,
      hint: 'a draft unpacks to a few megabytes; the limits are maxImportUnpackedBytes and maxImportRatio',
    };
  const docx = await loadDocx();
  if (!docx)
    return { ok: false, status: 501, error: 'the Word import is not available on this server' };
  let r: Awaited<ReturnType<typeof docx.fromDocx>>;
  try {
    r = await docx.fromDocx(bytes);
  } catch (error) {
    return notDocx((error as Error).message ?? String(error));
  }
  if (r.ok) return { ok: true, text: serialize(r.doc), symbol: r.symbol };
  const first = r.errors[0];
  if (first && r.errors.length === 1 && first.paragraph === 0 && /^not a DOCX/.test(first.message))
    return notDocx(first.message.replace(/^not a DOCX file \(?|\)$/g, ''));
  const errors = r.errors.map((e) => ({
    paragraph: e.paragraph,
    column: e.column,
    message: e.message,
    text: e.excerpt,
    ...(e.hint ? { hint: e.hint } : {}),
  }));
  const where = [...new Set(errors.map((e) => e.paragraph))];
  return {
    ok: false,
    status: 422,
    error: `${errors.length} notation error${errors.length === 1 ? '' : 's'} in paragraph${
      where.length === 1 ? '' : 's'
    } ${where.join(', ')}; nothing was imported (first: paragraph ${first?.paragraph}, column ${
      first?.column
    }: ${first?.message})`,
    ...(first?.hint ? { hint: first.hint } : {}),
    errors,
  };
}
