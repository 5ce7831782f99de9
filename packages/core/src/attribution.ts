/**
 * Recognising attributions: `(+IRAN)`, `(-CHN)`, `(AZER tcb)`, and the parentheticals that look like
 * attributions with a bad stance (`(CHN tbc)`, `(*CHN)`). Everything else in parentheses is text.
 *
 * @packageDocumentation
 */
import { isDelegationCode } from './delegation';
import type { Stance } from './model';

/** What a parenthetical at some position is. */
export type ParenMatch =
  | {
      readonly kind: 'attribution';
      readonly stance: Stance;
      readonly code: string;
      /** Further delegations of a list, `(+IRAN, TUR)`: the same stance, in the order written. */
      readonly more?: readonly string[];
      readonly end: number;
    }
  | { readonly kind: 'bad'; readonly message: string; readonly hint: string; readonly end: number };

const MAX_PAREN = 48;

/**
 * Looks at the parenthetical opening at `i` (`s[i]` must be `(`) and says whether it is an
 * attribution, a bad attribution, or (null) ordinary text such as `(SCADA)` or `(see annex I)`.
 * The text ends at `end` (the end of `s` by default).
 */
export function matchParen(s: string, i: number, end: number = s.length): ParenMatch | null {
  const limit = Math.min(end, i + MAX_PAREN);
  let close = -1;
  // A full-width `（` (Chinese and Japanese drafts) is read as `(`, its inside in NFKC form.
  let ascii = s.charCodeAt(i) === 40;
  for (let j = i + 1; j < limit; j++) {
    const c = s.charCodeAt(j);
    if (c === 41 /* ) */ || c === 0xff09) {
      close = j;
      break;
    }
    if (c === 40 || c === 91 || c === 93 || c === 10 || c === 92) return null;
    if (c === 0xff08 || c === 0xff3b || c === 0xff3d) return null;
    if (c >= 128) ascii = false;
  }
  if (close < 0) return null;
  return ascii ? matchAscii(s, i, close) : matchInner(s, i, close);
}

/** White space as `trim` and `\s` see it, for a code below 128. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** {@link isDelegationCode} of `s.slice(from, to)`, without making the string. */
function isCodeRange(s: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 16) return false;
  let letter = false;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letter = true;
    else if (!(c >= 48 && c <= 57)) return false;
  }
  return letter;
}

/**
 * {@link matchParen} for a parenthetical of ASCII characters only (`close` is its `)`): the same
 * answer as {@link matchInner}, read in place without slicing or trimming strings. The rare forms
 * that make a problem message are left to {@link matchInner}.
 */
function matchAscii(s: string, i: number, close: number): ParenMatch | null {
  let a = i + 1;
  let b = close;
  while (a < b && isAsciiSpace(s.charCodeAt(a))) a++;
  while (b > a && isAsciiSpace(s.charCodeAt(b - 1))) b--;
  if (b - a < 2) return null;
  const sign = s.charCodeAt(a);
  if (sign === 43 /* + */ || sign === 45 /* - */) {
    let p = a + 1;
    while (p < b && isAsciiSpace(s.charCodeAt(p))) p++;
    if (isCodeRange(s, p, b)) {
      return {
        kind: 'attribution',
        stance: sign === 43 ? '+' : '-',
        code: s.slice(p, b),
        end: close + 1,
      };
    }
    return matchInner(s, i, close);
  }
  // `*`, `~`, `=`, `!`, `?`: the ASCII signs that are not stances.
  if (sign === 42 || sign === 126 || sign === 61 || sign === 33 || sign === 63) {
    return matchInner(s, i, close);
  }
  // Positions of other bodies' styles, `(DEL)`, `(Japan, US: delete)`, are read by `readPosition`.
  for (let k = a; k < b; k++) if (s.charCodeAt(k) === 58 /* : */) return null;
  let space = a;
  while (space < b && !isAsciiSpace(s.charCodeAt(space))) space++;
  if (space >= b || !isCodeRange(s, a, space)) return null;
  let w = space;
  while (w < b && isAsciiSpace(s.charCodeAt(w))) w++;
  // A word with white space inside (`annex I`) is text: it fails every test below.
  const length = b - w;
  if (
    length === 3 &&
    (s.charCodeAt(w) | 32) === 116 /* t */ &&
    (s.charCodeAt(w + 1) | 32) === 99 /* c */ &&
    (s.charCodeAt(w + 2) | 32) === 98 /* b */
  ) {
    return { kind: 'attribution', stance: 'tcb', code: s.slice(a, space), end: close + 1 };
  }
  // A word that looks like a misspelt stance (`tbc`, `TCB.`), or a lone `+` or `-`: a problem.
  if (length === 1) {
    const c = s.charCodeAt(w);
    return c === 43 || c === 45 ? matchInner(s, i, close) : null;
  }
  const letters = s.charCodeAt(b - 1) === 46 ? length - 1 : length;
  if (letters < 2 || letters > 4) return null;
  for (let k = w; k < w + letters; k++) {
    const c = s.charCodeAt(k) | 32;
    if (c !== 116 && c !== 99 && c !== 98 && c !== 100) return null;
  }
  return matchInner(s, i, close);
}

/** {@link matchParen} once the closing `)` at `close` is found: the general case. */
function matchInner(s: string, i: number, close: number): ParenMatch | null {
  // NFKC: full-width letters and signs (`＋ＣＨＮ`) and odd spaces read as ASCII ones.
  const inner = s
    .slice(i + 1, close)
    .normalize('NFKC')
    .replace(/[\u200b\ufeff]/g, '')
    .trim();
  const end = close + 1;
  if (inner.length < 2) return null;
  const sign = inner[0]!;
  if (sign === '+' || sign === '-') {
    const code = inner.slice(1).trim();
    if (isDelegationCode(code)) return { kind: 'attribution', stance: sign, code, end };
    const words = code.split(/\s+/);
    if (words.length === 2 && isDelegationCode(words[0]!) && /^tcb$/i.test(words[1]!)) {
      return bad(`'(${inner})' gives two stances`, words[0]!, end);
    }
    // A list of delegations with one stance: `(+IRAN, TUR)`, `(-CHN; RUS and IND)`.
    const list = code.split(/\s*[,;]\s*|\s+and\s+/);
    if (list.length > 1 && list.every(isDelegationCode)) {
      return { kind: 'attribution', stance: sign, code: list[0]!, more: list.slice(1), end };
    }
    // A delegation's full name, `(+Russian Federation)`, is read by `readPosition`.
    return null;
  }
  if ('*~±−–—=!?'.includes(sign)) {
    const code = inner.slice(1).trim();
    if (/^[A-Z0-9]{2,16}$/.test(code) && isDelegationCode(code)) {
      return bad(`'${sign}' is not a stance in '(${inner})'`, code, end);
    }
    return null;
  }
  const space = inner.search(/\s/);
  if (space < 0) return null;
  const code = inner.slice(0, space);
  const word = inner.slice(space).trim();
  if (!isDelegationCode(code) || /\s/.test(word)) return null;
  if (/^tcb$/i.test(word)) return { kind: 'attribution', stance: 'tcb', code, end };
  if (/^[tcbdTCBD]{2,4}\.?$/.test(word) || word === '+' || word === '-') {
    return bad(`'${word}' is not a stance in '(${inner})'`, code, end);
  }
  return null;
}

function bad(message: string, code: string, end: number): ParenMatch {
  return {
    kind: 'bad',
    message,
    hint: `a stance is +, - or tcb: write (+${code}), (-${code}) or (${code} tcb)`,
    end,
  };
}
