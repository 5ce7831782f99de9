/**
 * Undo steps: Y.UndoManager groups changes by time alone, so words typed at two places within
 * its capture timeout were one step. Moving the caret elsewhere ends a step, as ProseMirror's own
 * history does (`plugins.ts`); typing on at the same place stays one step.
 */
import { serialize } from '@accord/core';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { createHeadlessEditor, readDraft } from '../src/index';
import { seeded, posOf, select, typeIn } from './collab-helpers';
import { delegate } from './helpers';

const TEXT = '1. We agree to meet in Astana.\n\n2. We welcome the report.\n';

type Editor = ReturnType<typeof createHeadlessEditor>;
const docs = new WeakMap<Editor, Y.Doc>();

function editorOn(): Editor {
  const ydoc = seeded(TEXT);
  // A long capture timeout: every change below falls within it.
  const e = createHeadlessEditor({ ydoc, actor: delegate('IRAN'), undoCaptureTimeout: 60_000 });
  docs.set(e, ydoc);
  return e;
}

const text = (e: Editor): string => serialize(readDraft(docs.get(e)!));

describe('undo steps', () => {
  it('words typed at two places are two steps, even within the capture timeout', () => {
    const e = editorOn();
    select(e, posOf(e, ' to meet'));
    typeIn(e, ' firmly');
    select(e, posOf(e, ' the report'));
    typeIn(e, ' warmly');
    expect(text(e)).toMatch(/\[ ?firmly\] \(\+IRAN\)[\s\S]*\[ ?warmly\] \(\+IRAN\)/);
    e.undoManager.undo();
    expect(text(e)).toMatch(/\[ ?firmly\] \(\+IRAN\)/);
    expect(text(e)).not.toMatch(/warmly/);
    e.undoManager.undo();
    expect(text(e)).not.toMatch(/firmly/);
    e.destroy();
  });

  it('typing on at one place is one step', () => {
    const e = editorOn();
    select(e, posOf(e, ' to meet'));
    typeIn(e, ' firmly');
    typeIn(e, ' and soon');
    e.undoManager.undo();
    expect(text(e)).not.toMatch(/firmly|soon/);
    e.destroy();
  });
});
