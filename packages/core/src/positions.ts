/**
 * Positions written the ways of other bodies, read as attributions: by name after a bracket
 * (`[wording] (Brazil) (Group of 77: retain) (Japan, US: delete)`), by word (`(DEL)`,
 * `(RETAIN)`), by full name after a sign (`(+Russian Federation)`), and inside the bracket after a
 * dash (`[new wording - EU, Norway; G77 delete]`). Each name is kept as written and folded to a
 * code through the meeting's alias table and the built-in table of names ({@link delegationOfName}).
 *
 * @packageDocumentation
 */
import { isDelegationCode } from './delegation';
import type { Stance } from './model';
import { delegationOfName } from './names';

/** The delegation of a position that names none (`(DEL)`, `(RETAIN)`). */
export const UNNAMED = '?';

/** One delegation of a position: its name as written and its code (`UNNAMED` for `(DEL)`). */
export interface NamedDelegation {
  readonly written: string;
  readonly code: string;
}

/** A position read from a parenthetical: its stance and delegations, or a problem. */
export type PositionMatch =
  | {
      readonly kind: 'position';
      readonly stance: Stance;
      readonly names: readonly NamedDelegation[];
      readonly end: number;
    }
  | { readonly kind: 'bad'; readonly message: string; readonly hint: string; readonly end: number };

/** Words that give a stance: `retain`, `delete`, `reserve` and their kin (lower case). */
const VERBS: ReadonlyMap<string, Stance> = new Map<string, Stance>([
  ['retain', '+'],
  ['keep', '+'],
  ['support', '+'],
  ['supports', '+'],
  ['accept', '+'],
  ['delete', '-'],
  ['del', '-'],
  ['oppose', '-'],
  ['opposes', '-'],
  ['object', '-'],
  ['objects', '-'],
  ['reserve', 'tcb'],
  ['reservation', 'tcb'],
  ['tcb', 'tcb'],
]);

/** The longest parenthetical read as a position (a list of long names and a verb). */
const MAX_POSITION = 160;

/** A name as delegations are written: words starting with a capital or a digit, `of`, `the`, `and`. */
const NAME =
  /^(?:\p{Lu}[\p{L}\d.'’/-]*|\d+[\p{L}\d-]*)(?:\s+(?:\p{Lu}[\p{L}\d.'’/()-]*|of|the|and|\d+|\(\p{L}[\p{L} ]*\)))*$/u;

/** A word of a status note (`Agreed`, `Agreed ad ref`), never a position. */
const STATUS_WORD = /^(?:agreed|ad ref)/i;

/**
 * Reads a list of names (`Japan, US`, `Group of 77`, `Japan and US`): each folded to a code, or
 * the first it cannot fold. Names are separated by `,` or `;`, and by `and` where the whole is not
 * itself a name (`Trinidad and Tobago`). A name all in capitals shaped as a code (`XYZ`) is its own
 * code; `unknown` is the first name with no code, and `shaped` false when the list is not names.
 */
function readNames(
  list: string,
  aliases: Readonly<Record<string, string>> | undefined,
  capitals = true,
): { shaped: boolean; names: NamedDelegation[]; unknown: string | null } {
  const names: NamedDelegation[] = [];
  let unknown: string | null = null;
  const parts = list.trim().split(/\s*[,;]\s*/);
  if (parts.length > 12) return { shaped: false, names, unknown };
  const codeOf = (written: string): string | null => {
    const code = delegationOfName(written, aliases);
    if (code !== null) return code;
    if (!capitals) return null;
    return isDelegationCode(written) && written === written.toUpperCase() ? written : null;
  };
  for (const part of parts) {
    const whole = part.replace(/\s+/g, ' ');
    if (!/\p{L}/u.test(whole) || whole.split(' ').length > 9 || !NAME.test(whole)) {
      return { shaped: false, names, unknown };
    }
    const code = codeOf(whole);
    if (code !== null) {
      names.push({ written: whole, code });
      continue;
    }
    const pieces = whole.split(/ and /);
    const pieceCodes = pieces.length > 1 ? pieces.map(codeOf) : [];
    if (pieceCodes.length > 1 && pieceCodes.every((c) => c !== null)) {
      pieces.forEach((written, k) => names.push({ written, code: pieceCodes[k]! }));
    } else unknown ??= whole;
  }
  return { shaped: true, names, unknown };
}

function unknownName(inner: string, name: string, end: number): PositionMatch {
  return {
    kind: 'bad',
    message: `the position '(${inner})' names '${name}', a delegation the meeting does not know`,
    hint: `write its code, as in (+CODE), or give the meeting the name: aliases: ${name}=CODE`,
    end,
  };
}

/**
 * Reads the parenthetical opening at `i` (`s[i]` is `(` or `（`) as a position of another body's
 * style, or null when it is not one (text, or an attribution of CICA's own form, which
 * `matchParen` reads). Forms: `(DEL)`, `(RETAIN)`; `(Japan, US: delete)`, `(US DEL)` (a verb of
 * {@link VERBS}); `(+Russian Federation)`; and, when `bare` (right after a `]`), names with no
 * stance, `(Brazil)`, `(EU, Norway)`, which support the bracket (at least one name in mixed case,
 * so that `(SCADA)` stays text; with `caps`, the UN style, also names in capitals that the
 * meeting all knows, `(G77)`, `(EU, US)`). A position naming a delegation the meeting does not know is a
 * problem (`bad`), never text.
 */
export function readPosition(
  s: string,
  i: number,
  end: number,
  aliases: Readonly<Record<string, string>> | undefined,
  bare: boolean,
  caps = false,
): PositionMatch | null {
  const limit = Math.min(end, i + MAX_POSITION);
  let close = -1;
  // One level of parentheses inside a name, `(Bolivia (Plurinational State of): delete)`; a
  // second `(` ends the look, so that a run of `(` costs a few steps each.
  let nested = false;
  for (let j = i + 1; j < limit; j++) {
    const c = s.charCodeAt(j);
    if (c === 40 || c === 0xff08) {
      if (nested) return null;
      nested = true;
    } else if (c === 41 || c === 0xff09) {
      if (!nested) {
        close = j;
        break;
      }
      nested = false;
    } else if (c === 91 || c === 93 || c === 10 || c === 92 || c === 123 || c === 125) {
      return null;
    } else if (c === 0xff3b || c === 0xff3d) return null;
  }
  if (close < 0) return null;
  const inner = s
    .slice(i + 1, close)
    .normalize('NFKC')
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const stop = close + 1;
  if (inner.length < 2 || STATUS_WORD.test(inner)) return null;
  // `(DEL)`, `(RETAIN)`: a stance that names no delegation.
  if (/^(?:DEL|DELETE|RETAIN)$/.test(inner)) {
    const stance: Stance = inner === 'RETAIN' ? '+' : '-';
    return { kind: 'position', stance, names: [{ written: inner, code: UNNAMED }], end: stop };
  }
  // `(+Russian Federation)`: a sign and names (a sign and codes are CICA's own form).
  const sign = inner[0];
  if (sign === '+' || sign === '-') {
    const r = readNames(inner.slice(1), aliases);
    if (!r.shaped) return null;
    if (r.unknown !== null) return unknownName(inner, r.unknown, stop);
    return { kind: 'position', stance: sign, names: r.names, end: stop };
  }
  // `(Japan, US: delete)`, `(Group of 77: retain)`.
  const colon = /^(.+?)\s*:\s*(\p{L}+)\.?$/u.exec(inner);
  if (colon) {
    const stance = VERBS.get(colon[2]!.toLowerCase());
    if (stance === undefined) return null;
    const r = readNames(colon[1]!, aliases);
    if (!r.shaped) return null;
    if (r.unknown !== null) return unknownName(inner, r.unknown, stop);
    return { kind: 'position', stance, names: r.names, end: stop };
  }
  // `(US DEL)`, `(G77 delete)`: names, then a verb.
  const verb = /^(.+?)\s+(\p{L}+)$/u.exec(inner);
  const verbStance = verb ? VERBS.get(verb[2]!.toLowerCase()) : undefined;
  if (verb && verbStance !== undefined) {
    const r = readNames(verb[1]!, aliases);
    if (r.shaped) {
      if (r.unknown !== null) return unknownName(inner, r.unknown, stop);
      return { kind: 'position', stance: verbStance, names: r.names, end: stop };
    }
  }
  if (!bare) return null;
  // `(Brazil)`, `(EU, Norway)`: names with no stance support the bracket. In capitals only
  // (`(G77)`, `(EU, US)`, with `caps`), every name must be one the meeting knows: `(SCADA)` is text.
  const mixed = /\p{Lu}\p{Ll}/u.test(inner);
  if (!mixed && !caps) return null;
  const r = readNames(inner, aliases, mixed);
  if (!r.shaped || (!mixed && r.unknown !== null)) return null;
  if (r.unknown !== null) return unknownName(inner, r.unknown, stop);
  return { kind: 'position', stance: '+', names: r.names, end: stop };
}

/** One clause of a dash form: a stance and its delegations. */
export interface DashPosition {
  readonly stance: Stance;
  readonly names: readonly NamedDelegation[];
}

/**
 * The positions written inside a bracket after a dash, `new wording - EU, Norway; G77 delete`:
 * where the dash's space begins (the text before it is the bracket's) and the clauses (names,
 * then an optional verb; `;` between clauses). Null unless every name is one the meeting knows
 * (its aliases or the built-in table; a word in capitals is not enough here), so that
 * `[the Kazakhstan - China pipeline]` and `[the WTO - UN]` stay text.
 */
export function readDashPositions(
  text: string,
  aliases: Readonly<Record<string, string>> | undefined,
): { cut: number; positions: DashPosition[] } | null {
  const m = /\s[-–—]\s+([^-–—]{1,160})$/.exec(text);
  if (!m || m.index === 0) return null;
  const positions: DashPosition[] = [];
  for (const clause of m[1]!.split(/\s*;\s*/)) {
    const words = /^(.+?)(?:\s*:?\s+(\p{L}+))?\.?$/u.exec(clause.trim());
    if (!words) return null;
    let list = words[1]!;
    let stance: Stance = '+';
    const verb = words[2] === undefined ? undefined : VERBS.get(words[2].toLowerCase());
    if (words[2] !== undefined) {
      if (verb === undefined) list = `${list} ${words[2]}`;
      else stance = verb;
    }
    const r = readNames(list, aliases, false);
    if (!r.shaped || r.unknown !== null || r.names.length === 0) return null;
    positions.push({ stance, names: r.names });
  }
  return positions.length === 0 ? null : { cut: m.index, positions };
}
