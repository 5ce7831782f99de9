/**
 * What follows a bracket's `]`: its attributions (CICA's `(+IRAN) (-CHN) (AZER tcb)`, lists, and
 * the positions of other bodies' styles), punctuation written before them (`]. (-IND)`), and a `/`
 * or (UN style) a `[` that joins the next bracket as an alternative. Also the positions written
 * inside a bracket after a dash, and a parenthetical met in running text.
 *
 * @packageDocumentation
 */
import { matchParen } from './attribution';
import type { Attributions } from './attribution-cache';
import type { Attribution, InlineNode, Stance } from './model';
import { readDashPositions, readPosition, type NamedDelegation } from './positions';
import { delegationOfName, nameKey } from './names';
import {
  FULL_OPEN,
  FULL_PAREN,
  FULL_SOLIDUS,
  isPunct,
  skipBlanks,
  type ProblemSink,
} from './scan-chars';

/** Reads what follows a `]` for the scanner; one per parse, its lists reused. */
export class Trailer {
  /** The attributions read so far (the first `attCount`). */
  readonly atts: Attribution[] = [];
  attCount = 0;
  /** The length of the punctuation before the attributions (`]. (-IND)`), 0 for none. */
  punctuation = 0;
  /** Where scanning resumes after the attributions. */
  afterEnd = 0;
  /** Whether a `/` (or, UN style, a `[`) joins the next bracket as an alternative. */
  afterJoin = false;
  /** Whether that join is side by side, `[may][shall]` (UN style), rather than by a `/`. */
  afterSide = false;

  /**
   * @param attributions the parse's shared attributions.
   * @param aliases the parse's alias table, which also names delegations (`Ruritania=RUR`).
   * @param un reads the UN style too: `[may][shall]` joins, and the dash form inside a bracket.
   */
  constructor(
    private readonly attributions: Attributions,
    private readonly aliases: Readonly<Record<string, string>>,
    private readonly un: boolean,
  ) {}

  /** Adds an attribution to `atts`, once per delegation and stance. */
  private add(a: Attribution): void {
    for (let x = 0; x < this.attCount; x++) {
      const b = this.atts[x]!;
      if (b === a || (b.delegation === a.delegation && b.stance === a.stance)) return;
    }
    this.atts[this.attCount++] = a;
  }

  private addCode(code: string, stance: Stance): void {
    this.add(this.attributions.get(code, stance));
  }

  private addNamed(names: readonly NamedDelegation[], stance: Stance): void {
    for (const n of names) this.add(this.attributions.getNamed(n.written, n.code, stance));
  }

  /**
   * The positions written at the end of a bracket's content after a dash (UN style,
   * `[new wording - EU, Norway; G77 delete]`): added to `atts` and cut from `nodes` (the bracket's
   * content, its first `count` entries); returns the new count.
   */
  dash(nodes: InlineNode[], count: number): number {
    if (!this.un || count === 0) return count;
    const last = nodes[count - 1]!;
    if (last.type !== 'text' || last.text.length < 4) return count;
    const found = readDashPositions(last.text, this.aliases);
    if (found === null) return count;
    for (const p of found.positions) this.addNamed(p.names, p.stance);
    const rest = last.text.slice(0, found.cut).trimEnd();
    if (rest.length === 0) return count - 1;
    nodes[count - 1] = { ...last, text: rest };
    return count;
  }

  /** True when the `(` at `i` in running text is not plain text (an attribution or a position). */
  isParenStop(s: string, i: number, end: number): boolean {
    return matchParen(s, i, end) !== null || readPosition(s, i, end, this.aliases, false) !== null;
  }

  /**
   * A `(` at `i` in running text: -1 when it is text, else where to resume after reporting an
   * attribution or position with no bracket before it (or a malformed one).
   */
  paren(s: string, i: number, end: number, origin: number, sink: ProblemSink): number {
    const m = matchParen(s, i, end);
    if (m !== null) {
      if (m.kind === 'attribution') {
        sink.problem({
          message: `attribution '${s.slice(i, m.end)}' has no bracket before it`,
          pos: i - origin,
          hint: "an attribution follows the ']' of its bracket, as in [text] (+IRAN)",
        });
      } else sink.problem({ message: m.message, pos: i - origin, hint: m.hint });
      return m.end;
    }
    const p = readPosition(s, i, end, this.aliases, false);
    if (p === null) return -1;
    if (p.kind === 'position') {
      sink.problem({
        message: `the position '${s.slice(i, p.end)}' has no bracket before it`,
        pos: i - origin,
        hint: "a position follows the ']' of its bracket, as in [text] (Japan: delete)",
      });
    } else sink.problem({ message: p.message, pos: i - origin, hint: p.hint });
    return p.end;
  }

  /**
   * Reads a chain of attributions and positions from `from` (blanks allowed before each) into
   * `atts`; returns where the chain ends, or -1 when there is none.
   */
  private readChain(s: string, from: number, limit: number, origin: number, sink: ProblemSink) {
    sink.work++;
    let end = -1;
    let k = skipBlanks(s, from, limit);
    while (k < limit && (s.charCodeAt(k) === 40 || s.charCodeAt(k) === FULL_PAREN)) {
      const m = matchParen(s, k, limit);
      // `(+Bangladesh, Indonesia)`: a list of names the meeting knows, not of codes.
      // `(+China)`: one full name of the built-in table (not an alias, not a code), too.
      const named =
        m !== null && m.kind === 'attribution' && (m.more !== undefined || this.fullName(m.code));
      const p0 = named && /\p{Ll}/u.test(s.slice(k, m.end)) ? this.named(s, k, limit) : null;
      if (p0 !== null) {
        this.addNamed(p0.names, p0.stance);
        end = p0.end;
      } else if (m !== null && m.kind === 'attribution') {
        this.addCode(m.code, m.stance);
        if (m.more !== undefined) for (const code of m.more) this.addCode(code, m.stance);
        end = m.end;
      } else {
        // Positions of other bodies' styles: `(Brazil)`, `(Japan, US: delete)`, `(DEL)`.
        const p = readPosition(s, k, limit, this.aliases, true, this.un);
        if (p !== null && p.kind === 'position') {
          this.addNamed(p.names, p.stance);
          end = p.end;
        } else if (m !== null || p !== null) {
          const bad = (m ?? p)!;
          if (bad.kind === 'bad')
            sink.problem({ message: bad.message, pos: k - origin, hint: bad.hint });
          end = bad.end;
        } else break;
      }
      k = skipBlanks(s, end, limit);
    }
    return end;
  }

  /**
   * True for a code as a sign reads it (`CHINA` of `(+China)`) that is no alias of the meeting
   * but a full name of the built-in table, not its code: the name, read as such, folds to its code.
   */
  private fullName(code: string): boolean {
    const folded = delegationOfName(code);
    return (
      folded !== null && folded !== nameKey(code) && delegationOfName(code, this.aliases) === folded
    );
  }

  /** A sign and a list of names every one of which the meeting knows, or null. */
  private named(s: string, k: number, limit: number) {
    const p = readPosition(s, k, limit, this.aliases, false);
    return p !== null && p.kind === 'position' ? p : null;
  }

  /**
   * Reads what follows the `]` before `i` (adding to `atts`, which the caller empties for each
   * bracket): attributions, punctuation written before them (`punctuation`), where scanning
   * resumes (`afterEnd`) and whether the next bracket joins as an alternative (`afterJoin`).
   */
  read(s: string, i: number, limit: number, origin: number, sink: ProblemSink): void {
    let punctuation = 0;
    let end = this.readChain(s, i, limit, origin, sink);
    if (end < 0) {
      end = i;
      let p = i;
      while (p < limit && isPunct(s.charCodeAt(p))) p++;
      if (p > i) {
        const after = this.readChain(s, p, limit, origin, sink);
        if (after >= 0) {
          punctuation = p - i;
          end = after;
        }
      }
    }
    let join = false;
    let side = false;
    // `[may][shall]`: a bracket right after a `]` is an alternative (other bodies' style).
    if (
      this.un &&
      end === i &&
      i < limit &&
      (s.charCodeAt(i) === 91 || s.charCodeAt(i) === FULL_OPEN)
    ) {
      join = true;
      side = true;
    } else if (punctuation === 0) {
      const k = skipBlanks(s, end, limit);
      const slash = s.charCodeAt(k);
      if (k < limit && (slash === 47 /* / */ || slash === FULL_SOLIDUS)) {
        const k2 = skipBlanks(s, k + 1, limit);
        if (k2 < limit && (s.charCodeAt(k2) === 91 || s.charCodeAt(k2) === FULL_OPEN)) {
          join = true;
          end = k2;
        }
      }
    }
    this.punctuation = punctuation;
    this.afterEnd = end;
    this.afterJoin = join;
    this.afterSide = side;
  }
}
