/** The typing plugin's reading of key presses (the plugin itself is driven by real keys in browser.test.ts). */
import { describe, expect, it } from 'vitest';
import { typedCharacter } from '../src/index';

describe('typedCharacter', () => {
  it('reads the character a key press types', () => {
    expect(typedCharacter({ key: 'a', charCode: 97 })).toBe('a');
    expect(typedCharacter({ key: ' ', charCode: 32 })).toBe(' ');
    expect(typedCharacter({ key: 'é', charCode: 233 })).toBe('é');
    // Characters outside the Basic Multilingual Plane come whole from `key`.
    expect(typedCharacter({ key: '😀', charCode: 0x1f600 })).toBe('😀');
    // A key name that is not a character falls back to charCode.
    expect(typedCharacter({ key: 'Unidentified', charCode: 246 })).toBe('ö');
  });

  it('leaves keys that type no text to the browser and the keymap', () => {
    expect(typedCharacter({ key: 'Enter', charCode: 13 })).toBeNull();
    expect(typedCharacter({ key: 'Tab', charCode: 9 })).toBeNull();
    expect(typedCharacter({ key: 'Escape', charCode: 27 })).toBeNull();
    expect(typedCharacter({ key: 'Dead', charCode: 0 })).toBeNull();
  });
});
