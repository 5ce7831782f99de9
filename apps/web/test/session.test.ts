import { describe, expect, it } from 'vitest';
import { tokenFromInput } from '../src/app/session';
import { refusalText } from '../src/room/Room';
import { cssHslToHex, hslToHex } from '../src/ui/colors';

describe('join input', () => {
  it('takes the token out of a pasted join link', () => {
    expect(tokenFromInput(' http://127.0.0.1:8080/join/abc.DEF_-1 ')).toBe('abc.DEF_-1');
    expect(tokenFromInput('https://accord.example/join/a%2Eb?x=1')).toBe('a.b');
  });
  it('takes a bare token as is', () => {
    expect(tokenFromInput('  abc.def ')).toBe('abc.def');
  });
});

describe('refusal reasons', () => {
  it('reads the plain words out of the server JSON', () => {
    expect(refusalText('{"type":"refused","reason":"Observers cannot change the text."}')).toBe(
      'Observers cannot change the text.',
    );
  });
  it('shows a reason that is not JSON as sent, and a default when empty', () => {
    expect(refusalText('no')).toBe('no');
    expect(refusalText('')).toMatch(/refused/);
  });
});

describe('colours', () => {
  it('converts HSL to #rrggbb', () => {
    expect(hslToHex(0, 1, 0.5)).toBe('#ff0000');
    expect(hslToHex(120, 1, 0.25)).toBe('#008000');
    expect(cssHslToHex('hsl(240 100% 50%)')).toBe('#0000ff');
    expect(cssHslToHex('red')).toBeNull();
  });
});
