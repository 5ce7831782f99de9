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
      readonly end: number;
    }
  | { readonly kind: 'bad'; readonly message: string; readonly hint: string; readonly end: number };

const MAX_PAREN = 48;

/**
 * Looks at the parenthetical opening at `i` (`s[i]` must be `(`) and says whether it is an
 * attribution, a bad attribution, or (null) ordinary text such as `(SCADA)` or `(see annex I)`.
 */
export function matchParen(s: string, i: number): ParenMatch | null {
  const limit = Math.min(s.length, i + MAX_PAREN);
  let close = -1;
  for (let j = i + 1; j < limit; j++) {
    const c = s.charCodeAt(j);
    if (c === 41 /* ) */) {
      close = j;
      break;
    }
    if (c === 40 || c === 91 || c === 93 || c === 10 || c === 92) return null;
  }
  if (close < 0) return null;
  const inner = s.slice(i + 1, close).trim();
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
