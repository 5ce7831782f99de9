import { describe, expect, it } from 'vitest';
import {
  MAX_PROBLEMS,
  cleanText,
  decodeDraft,
  listBrackets,
  parse,
  preview,
  serialize,
} from '../src/index';

function failure(text: string, maxErrors?: number) {
  const r = parse(text, maxErrors === undefined ? {} : { maxErrors });
  if (r.ok) throw new Error('expected problems');
  return r;
}

describe('hostile input: problems are capped, counted and kept in order', () => {
  it('a megabyte of [ keeps the first hundred problems and counts every one', () => {
    const n = 1 << 20;
    const r = failure('['.repeat(n));
    expect(r.errors).toHaveLength(MAX_PROBLEMS);
    // Every '[' is unclosed, and nesting beyond 256 is one more problem.
    expect(r.errorCount).toBe(n + 1);
    expect(r.errors.map((e) => e.column)).toEqual(
      Array.from({ length: MAX_PROBLEMS }, (_, i) => i + 1),
    );
    expect(r.errors[0]!.message).toMatch(/unclosed '\['/);
  });

  it('a megabyte of ] and of [ on their own lines: the first ones, in the order of the text', () => {
    const strays = failure('ab'.concat(']'.repeat(300_000)));
    expect(strays.errorCount).toBe(300_000);
    expect(strays.errors.map((e) => e.column).slice(0, 3)).toEqual([3, 4, 5]);
    const lines = failure('[x\n\n'.repeat(200_000));
    expect(lines.errorCount).toBe(200_000);
    expect(lines.errors.map((e) => e.line).slice(0, 3)).toEqual([1, 3, 5]);
    expect(lines.errors).toHaveLength(MAX_PROBLEMS);
  });

  it('brackets closed deep beyond the limit still pair up, and maxErrors is honoured', () => {
    const deep = '['.repeat(400) + 'x' + ']'.repeat(400);
    const r = failure(deep, 5);
    expect(r.errorCount).toBe(1);
    expect(r.errors[0]!.message).toMatch(/nested more than 256 deep/);
    // One bracket too many: the outermost '[' stays open; the problems of a paragraph are sorted.
    const open = failure('a (*CHN) ' + '['.repeat(300) + 'x' + ']'.repeat(299), 3);
    expect(open.errorCount).toBe(3);
    expect(open.errors.map((e) => e.column)).toEqual([3, 10, 266]);
    const all = failure('['.repeat(1000), Infinity);
    expect(all.errors).toHaveLength(1001);
  });

  it('a long paragraph resolves in one piece: accept-all, delete-all and as a delegation', () => {
    const unit = 'the [proposed] (+IRAN) text [a]/[b] (-CHN) and more words, ';
    const text = `1. ${unit.repeat(5000)}`;
    const r = parse(text);
    if (!r.ok) throw new Error('parse');
    expect(listBrackets(r.doc)).toHaveLength(15000);
    const accepted = cleanText(preview(r.doc, { acceptAll: true }));
    expect(accepted.ok && accepted.text).toBe(
      `1. ${'the proposed text a and more words, '.repeat(5000).trimEnd()}\n`,
    );
    const deleted = cleanText(preview(r.doc, { deleteAll: true }));
    expect(deleted.ok && deleted.text).toBe(
      `1. ${'the text and more words, '.repeat(5000).trimEnd()}\n`,
    );
    const iran = preview(r.doc, { as: 'IRAN' });
    expect(serialize(iran)).toBe(
      `1. ${'the proposed text and more words, '.repeat(5000).trimEnd()}\n`,
    );
  });
});

describe('decodeDraft: bytes to text, or a located refusal', () => {
  const s = 'héllo [𝄞 text] (+IRAN)\r\nsecond ［x］ line\n';
  const utf16 = (text: string, big: boolean): Uint8Array => {
    const out = new Uint8Array(2 + 2 * text.length);
    out[0] = big ? 0xfe : 0xff;
    out[1] = big ? 0xff : 0xfe;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out[2 + 2 * i] = big ? c >> 8 : c & 0xff;
      out[3 + 2 * i] = big ? c & 0xff : c >> 8;
    }
    return out;
  };

  it('reads UTF-8 with and without its mark, and UTF-16 of either order with its mark', () => {
    const utf8 = new TextEncoder().encode(s);
    expect(decodeDraft(utf8)).toEqual({ ok: true, text: s, encoding: 'utf-8' });
    const marked = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    expect(decodeDraft(marked)).toEqual({ ok: true, text: s, encoding: 'utf-8' });
    expect(decodeDraft(utf16(s, false))).toEqual({ ok: true, text: s, encoding: 'utf-16le' });
    expect(decodeDraft(utf16(s, true))).toEqual({ ok: true, text: s, encoding: 'utf-16be' });
    const long = 'abc é 𝄞 '.repeat(5000);
    expect(decodeDraft(new TextEncoder().encode(long))).toMatchObject({ ok: true, text: long });
  });

  it('refuses invalid UTF-8 with its line and column, never garbage', () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('line one\r\nab'), 0xe9, 0x63]);
    expect(decodeDraft(latin1)).toMatchObject({ ok: false, line: 2, column: 3, offset: 12 });
    const r = decodeDraft(latin1);
    expect(!r.ok && r.message).toMatch(/invalid UTF-8 \(byte 0xE9/);
    // Overlong, a surrogate, past U+10FFFF, a truncated sequence: all refused.
    for (const bad of [
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0x61, 0xe2, 0x82],
    ]) {
      expect(decodeDraft(new Uint8Array(bad)).ok).toBe(false);
    }
  });

  it('refuses a NUL byte (UTF-16 without its mark), UTF-32 and broken UTF-16 by name', () => {
    const noMark = utf16('abc', false).slice(2);
    const r = decodeDraft(noMark);
    expect(r).toMatchObject({ ok: false, line: 1, column: 2 });
    expect(!r.ok && r.message).toMatch(/NUL byte.*UTF-16 without its byte-order mark/);
    const utf32 = decodeDraft(new Uint8Array([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]));
    expect(!utf32.ok && utf32.message).toMatch(/UTF-32/);
    const odd = decodeDraft(new Uint8Array([0xff, 0xfe, 0x61, 0, 0x62]));
    expect(!odd.ok && odd.message).toMatch(/middle of a character/);
    const lone = decodeDraft(new Uint8Array([0xff, 0xfe, 0x61, 0, 0x00, 0xd8, 0x62, 0]));
    expect(lone).toMatchObject({ ok: false, line: 1, column: 2 });
  });
});

describe('full-width brackets and odd spaces', () => {
  it('reads ［…］（+CHN） and ／ as brackets, attributions and alternatives', () => {
    const r = parse('1. 促进［合作］（+CHN）以及［甲］／［乙］（－IRAN）。');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(
      listBrackets(r.doc).map((b) => [
        b.n,
        b.group,
        b.text,
        b.attributions.map((a) => a.stance + a.delegation),
      ]),
    ).toEqual([
      [1, null, '合作', ['+CHN']],
      [2, 2, '甲', []],
      [3, 2, '乙', ['-IRAN']],
    ]);
    const whole = parse('［12. A whole paragraph］（＋ＣＨＮ）');
    expect(whole.ok && whole.doc.paragraphs[0]!.label).toBe('12');
    // Escaped, they stay text, and the canonical text keeps them text.
    const escaped = parse('Text \\（+CHN） and \\［x\\］.');
    if (!escaped.ok) throw new Error(JSON.stringify(escaped.errors));
    expect(listBrackets(escaped.doc)).toEqual([]);
    const again = parse(serialize(escaped.doc));
    expect(again.ok && serialize(again.doc)).toBe(serialize(escaped.doc));
  });

  it('a no-break or zero-width space after ] or a paragraph number reads as a space', () => {
    const r = parse(
      '11.\u00a0Promote [trust]\u00a0(+IRAN) and [x]\u200b(-CHN) here\n\n12.\u200bNext',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.doc.paragraphs.map((p) => p.label)).toEqual(['11', '12']);
    expect(serialize(r.doc)).toBe('11. Promote [trust] (+IRAN) and [x] (-CHN) here\n\n12. Next\n');
  });
});

describe('a partial document', () => {
  it('holds the paragraphs that could be read, and counts the others', () => {
    const r = failure(
      '---\nsymbol: X/1\n---\n1. [a (+IRAN)\n\n2. [b] (+CHN) ok\n\n3. ] stray\n\n4. Plain.\n',
    );
    expect(r.unread).toBe(2);
    expect(r.partial.meta).toEqual({ symbol: 'X/1' });
    expect(serialize(r.partial)).toBe('---\nsymbol: X/1\n---\n\n2. [b] (+CHN) ok\n\n4. Plain.\n');
  });
});
