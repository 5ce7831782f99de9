import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { decodeStoredState, encodeStoredState } from '@accord/editor';
import { STORED_STATE_ORIGIN, applyStoredState } from '../src/room/storedState';

describe('the stored state of a document (fast first load)', () => {
  it('decodes the framing and applies the updates in one transaction tagged as stored state', () => {
    const server = new Y.Doc();
    const text = server.getText('t');
    const updates: Uint8Array[] = [];
    server.on('update', (u: Uint8Array) => updates.push(u));
    text.insert(0, 'Noting ');
    text.insert(7, 'the report');
    const replica = new Y.Doc();
    const origins: unknown[] = [];
    replica.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    applyStoredState(replica, decodeStoredState(encodeStoredState(updates)));
    expect(replica.getText('t').toString()).toBe('Noting the report');
    expect(origins).toEqual([STORED_STATE_ORIGIN]);
  });

  it('refuses a truncated body or bytes after the last update, saying what it expected', () => {
    const body = encodeStoredState([new Uint8Array([1, 2, 3])]);
    expect(() => decodeStoredState(body.subarray(0, body.length - 1))).toThrow(
      /truncated or malformed/,
    );
    expect(() => decodeStoredState(new Uint8Array([...body, 9]))).toThrow(/after its last update/);
    expect(decodeStoredState(encodeStoredState([]))).toEqual([]);
  });
});
