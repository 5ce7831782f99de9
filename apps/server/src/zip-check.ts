/**
 * A ZIP package (a DOCX) checked before anything is unpacked: its central directory is read
 * (no inflating) and the sum of the entries' uncompressed sizes, their number and the ratio to
 * the package's size are bounded, so a zip bomb (100 KB that unpacks to gigabytes) is refused at
 * once. Packages that need ZIP64 (sizes or counts past 4 GiB / 65,535) are refused too: no draft
 * comes near.
 */

/** Bounds of an unpacked import. */
export interface ZipBounds {
  /** Largest sum of the entries' uncompressed sizes, in bytes. */
  readonly maxUnpackedBytes: number;
  /** Largest ratio of that sum to the package's own size. */
  readonly maxRatio: number;
  /** Most entries. */
  readonly maxEntries: number;
}

/** The outcome of {@link checkZip}. */
export type ZipCheck =
  | { ok: true; entries: number; unpackedBytes: number }
  | { ok: false; kind: 'damaged' | 'too-large'; error: string };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** Reads the central directory of a ZIP package and checks it against `bounds`. */
export function checkZip(bytes: Uint8Array, bounds: ZipBounds): ZipCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65,535.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    return { ok: false, kind: 'damaged', error: 'the ZIP package has no central directory' };
  const entries = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff)
    return {
      ok: false,
      kind: 'too-large',
      error: 'the ZIP package needs ZIP64 (too large for a draft)',
    };
  if (entries > bounds.maxEntries)
    return {
      ok: false,
      kind: 'too-large',
      error: `the ZIP package has ${entries} entries (at most ${bounds.maxEntries})`,
    };
  if (offset + size > eocd)
    return { ok: false, kind: 'damaged', error: 'the ZIP central directory is damaged' };
  let at = offset;
  let unpacked = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL)
      return { ok: false, kind: 'damaged', error: 'the ZIP central directory is damaged' };
    const uncompressed = view.getUint32(at + 24, true);
    if (uncompressed === 0xffffffff)
      return {
        ok: false,
        kind: 'too-large',
        error: 'the ZIP package needs ZIP64 (too large for a draft)',
      };
    unpacked += uncompressed;
    // Header, then the name, the extra field and the comment.
    at +=
      46 +
      view.getUint16(at + 28, true) +
      view.getUint16(at + 30, true) +
      view.getUint16(at + 32, true);
  }
  if (unpacked > bounds.maxUnpackedBytes)
    return {
      ok: false,
      kind: 'too-large',
      error: `the package unpacks to ${unpacked} bytes (at most ${bounds.maxUnpackedBytes})`,
    };
  if (unpacked > bytes.length * bounds.maxRatio)
    return {
      ok: false,
      kind: 'too-large',
      error: `the package unpacks to ${Math.round(unpacked / bytes.length)} times its size (at most ${bounds.maxRatio}): a zip bomb?`,
    };
  return { ok: true, entries, unpackedBytes: unpacked };
}
