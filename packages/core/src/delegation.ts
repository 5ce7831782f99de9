/**
 * Delegation codes: case folding and alias tables.
 *
 * @packageDocumentation
 */

/**
 * Folds a delegation code to its canonical form: upper case, then the alias table.
 *
 * Alias keys are matched case-insensitively, so `{ Turk: 'TUR' }` maps `Turk`, `TURK` and `turk`
 * to `TUR`. Alias values are folded to upper case too.
 *
 * @example foldDelegation('Iran') === 'IRAN'; foldDelegation('Turk', { Turk: 'TUR' }) === 'TUR'
 */
export function foldDelegation(code: string, aliases?: Readonly<Record<string, string>>): string {
  const upper = isUpperCode(code) ? code : code.trim().toUpperCase();
  if (!aliases) return upper;
  const direct = aliases[upper];
  if (direct !== undefined) return direct.trim().toUpperCase();
  for (const key in aliases) {
    if (key.trim().toUpperCase() === upper) return aliases[key]!.trim().toUpperCase();
  }
  return upper;
}

function isUpperCode(code: string): boolean {
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** True for a well-formed delegation code: 1 to 16 letters or digits, at least one a letter. */
export function isDelegationCode(code: string): boolean {
  if (code.length === 0 || code.length > 16) return false;
  let letter = false;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letter = true;
    else if (!(c >= 48 && c <= 57)) return false;
  }
  return letter;
}

/** A delegation's name with spaces, `Holy See`, `Group of 77`: letters first, then words. */
function isName(s: string): boolean {
  return s.length <= 80 && /^\p{L}[\p{L}\d.'’-]*(?:\s+[\p{L}\d.'’()-]+)+$/u.test(s);
}

/** One problem in an alias table, with the offset of the entry inside the table's text. */
export interface AliasProblem {
  readonly message: string;
  readonly offset: number;
}

/**
 * Reads an alias table written `Turk=TUR, Rus=RUS` (entries separated by commas, semicolons or
 * line ends). Keys and values are folded to upper case. A key may be a delegation's name with
 * spaces (`Holy See=VAT`), which positions written by name are folded through.
 */
export function parseAliases(text: string): {
  aliases: Record<string, string>;
  problems: AliasProblem[];
} {
  const aliases: Record<string, string> = {};
  const problems: AliasProblem[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (i < text.length && c !== ',' && c !== ';' && c !== '\n') continue;
    const raw = text.slice(start, i);
    const entry = raw.trim();
    if (entry.length > 0) {
      const eq = entry.indexOf('=');
      const from = eq < 0 ? '' : entry.slice(0, eq).trim();
      const to = eq < 0 ? '' : entry.slice(eq + 1).trim();
      // The key may also be a delegation's name as written in positions (`Holy See=VAT`).
      if (!(isDelegationCode(from) || isName(from)) || !isDelegationCode(to)) {
        problems.push({
          message: `alias '${entry}' is not written CODE=CODE (e.g. Turk=TUR)`,
          offset: start + raw.indexOf(entry),
        });
      } else {
        aliases[from.replace(/\s+/g, ' ').toUpperCase()] = to.toUpperCase();
      }
    }
    start = i + 1;
  }
  return { aliases, problems };
}

/** Writes an alias table in the form {@link parseAliases} reads, sorted by key. */
export function formatAliases(aliases: Readonly<Record<string, string>>): string {
  return Object.keys(aliases)
    .sort()
    .map((k) => `${k}=${aliases[k]}`)
    .join(', ');
}
