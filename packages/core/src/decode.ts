/**
 * Bytes to draft text: UTF-8 (with or without its byte-order mark) and UTF-16 with its
 * byte-order mark are read as their text; anything else is refused with where and why (invalid
 * UTF-8 at `line:col`, a NUL byte, UTF-32), never read as garbage. Written by hand, in one pass,
 * so that the engine stays pure ES2022 (no `TextDecoder`).
 *
 * @packageDocumentation
 */

/** The outcome of {@link decodeDraft}. */
export type DecodeResult =
  | {
      readonly ok: true;
      readonly text: string;
      /** The encoding read: `utf-8` or `utf-16le` / `utf-16be` (from the byte-order mark). */
      readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
    }
  | {
      readonly ok: false;
      /** What is wrong, naming the encoding or the offending byte. */
      readonly message: string;
      /** 1-based line and column (UTF-16 code units of the text before it) of the problem. */
      readonly line: number;
      readonly column: number;
      /** 0-based byte offset of the problem. */
      readonly offset: number;
      readonly hint: string;
    };

const HINT_UTF8 = 'save the file as UTF-8 (or UTF-16 with its byte-order mark)';

/** Characters per `String.fromCharCode` call (its arguments go on the stack). */
const CHUNK = 8192;

/**
 * Decodes a draft's bytes. UTF-8 (a byte-order mark is dropped) or UTF-16 with its byte-order
 * mark; refuses invalid UTF-8, a NUL byte (a binary file, or UTF-16 without its mark) and UTF-32,
 * each with its location.
 */
export function decodeDraft(bytes: Uint8Array): DecodeResult {
  const n = bytes.length;
  if (n >= 4 && bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) {
    return refuse(0, 'the file is UTF-32 (little-endian), which Accord does not read');
  }
  if (n >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) {
    return refuse(0, 'the file is UTF-32 (big-endian), which Accord does not read');
  }
  if (
    n >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    return decodeUtf16(bytes, bytes[0] === 0xff);
  }
  const start = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return decodeUtf8(bytes, start);
}

function decodeUtf16(bytes: Uint8Array, little: boolean): DecodeResult {
  const encoding = little ? 'utf-16le' : 'utf-16be';
  if (bytes.length % 2 === 1) {
    return refuse(bytes.length - 1, `the UTF-16 file ends in the middle of a character`);
  }
  const units = (bytes.length - 2) / 2;
  const parts: string[] = [];
  const chunk = new Array<number>(CHUNK);
  let k = 0;
  let high = -1;
  for (let u = 0; u < units; u++) {
    const b = 2 + 2 * u;
    const c = little ? bytes[b]! | (bytes[b + 1]! << 8) : (bytes[b]! << 8) | bytes[b + 1]!;
    // An unpaired surrogate is invalid UTF-16: refuse it rather than make a broken string.
    if (high >= 0 && (c < 0xdc00 || c > 0xdfff)) return badUnit(parts, chunk, k, b - 2, true);
    if (c >= 0xd800 && c <= 0xdbff) high = c;
    else if (c >= 0xdc00 && c <= 0xdfff) {
      if (high < 0) return badUnit(parts, chunk, k, b, false);
      high = -1;
    } else high = -1;
    if (c === 0) {
      flush(parts, chunk, k);
      return located(parts.join(''), b, 'the file holds a NUL character (a binary file?)');
    }
    chunk[k++] = c;
    if (k === CHUNK) {
      flush(parts, chunk, k);
      k = 0;
    }
  }
  if (high >= 0) return badUnit(parts, chunk, k, bytes.length - 2, true);
  flush(parts, chunk, k);
  return { ok: true, text: parts.join(''), encoding };
}

/** A lone surrogate at byte `offset`; `read` says whether it is the last unit read already. */
function badUnit(
  parts: string[],
  chunk: number[],
  k: number,
  offset: number,
  read: boolean,
): DecodeResult {
  flush(parts, chunk, k);
  const before = parts.join('');
  return located(read ? before.slice(0, -1) : before, offset, 'invalid UTF-16: a lone surrogate');
}

function flush(parts: string[], chunk: number[], k: number): void {
  if (k > 0) parts.push(String.fromCharCode.apply(null, chunk.slice(0, k)));
}

function decodeUtf8(bytes: Uint8Array, start: number): DecodeResult {
  const n = bytes.length;
  const parts: string[] = [];
  const chunk = new Array<number>(CHUNK + 1);
  let k = 0;
  let i = start;
  while (i < n) {
    const b = bytes[i]!;
    let cp: number;
    let size: number;
    if (b < 0x80) {
      if (b === 0) {
        flush(parts, chunk, k);
        return located(
          parts.join(''),
          i,
          'the file holds a NUL byte: a binary file, or UTF-16 without its byte-order mark?',
        );
      }
      cp = b;
      size = 1;
    } else if (b >= 0xc2 && b <= 0xdf) {
      cp = b & 0x1f;
      size = 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      cp = b & 0x0f;
      size = 3;
    } else if (b >= 0xf0 && b <= 0xf4) {
      cp = b & 0x07;
      size = 4;
    } else {
      flush(parts, chunk, k);
      return invalidUtf8(parts.join(''), i, b);
    }
    if (i + size > n) {
      flush(parts, chunk, k);
      return invalidUtf8(parts.join(''), i, b);
    }
    for (let j = 1; j < size; j++) {
      const c = bytes[i + j]!;
      if ((c & 0xc0) !== 0x80) {
        flush(parts, chunk, k);
        return invalidUtf8(parts.join(''), i, b);
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are invalid.
    if (
      (size === 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
      (size === 4 && (cp < 0x10000 || cp > 0x10ffff))
    ) {
      flush(parts, chunk, k);
      return invalidUtf8(parts.join(''), i, b);
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      chunk[k++] = 0xd800 + (cp >> 10);
      chunk[k++] = 0xdc00 + (cp & 0x3ff);
    } else chunk[k++] = cp;
    if (k >= CHUNK) {
      parts.push(String.fromCharCode.apply(null, chunk.slice(0, k)));
      k = 0;
    }
    i += size;
  }
  flush(parts, chunk, k);
  return { ok: true, text: parts.join(''), encoding: 'utf-8' };
}

function invalidUtf8(before: string, offset: number, byte: number): DecodeResult {
  const hex = byte.toString(16).toUpperCase().padStart(2, '0');
  return located(
    before,
    offset,
    `invalid UTF-8 (byte 0x${hex} at byte offset ${offset}); is the file in another encoding, such as Windows-1252?`,
  );
}

/** A refusal located after the text read before it. */
function located(before: string, offset: number, message: string): DecodeResult {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < before.length; i++) {
    const c = before.charCodeAt(i);
    if (c === 10 || (c === 13 && before.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = before.length - lineStart + 1;
  return { ok: false, message, line, column, offset, hint: HINT_UTF8 };
}

function refuse(offset: number, message: string): DecodeResult {
  return { ok: false, message, line: 1, column: 1, offset, hint: HINT_UTF8 };
}
