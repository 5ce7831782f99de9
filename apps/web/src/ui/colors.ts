/**
 * Each delegation's colour, the same on every screen: the editor package's colour
 * (`delegationColor` of `@accord/editor`, also used for the brackets and labels in the draft),
 * as `#rrggbb` (the server keeps awareness colours only in that form).
 */
import { delegationColor as editorColor } from '@accord/editor';

const cache = new Map<string, string>();

/** `#rrggbb` for an HSL colour given in degrees and fractions. */
export function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): string => {
    const k = (n + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** Parses `hsl(210 70% 32%)` (space or comma separated) into `#rrggbb`; null when not HSL. */
export function cssHslToHex(css: string): string | null {
  const m = /^hsla?\(\s*([\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%/.exec(css);
  if (!m) return null;
  return hslToHex(Number(m[1]), Number(m[2]) / 100, Number(m[3]) / 100);
}

/** The colour of a delegation code (`IRAN`, `CHN`, `CHAIR`, `SEC`) as `#rrggbb`. */
export function delegationColor(code: string): string {
  const key = code.toUpperCase();
  let hex = cache.get(key);
  if (!hex) {
    const fg = editorColor(key).fg;
    hex = fg.startsWith('#') ? fg : (cssHslToHex(fg) ?? '#555555');
    cache.set(key, hex);
  }
  return hex;
}
