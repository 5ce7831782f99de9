/**
 * Typed characters go into the document as transactions, not through the browser's
 * contenteditable.
 *
 * ProseMirror lets the browser insert a typed character into the DOM, then reads the change back.
 * It must then assume that the browser may have put the character on either side of the nodes
 * that touch the changed text: decoration wrappers (a bracket's tint) and widgets (its `[`) are
 * thrown away and drawn again on every keystroke at the start or end of bracketed text, which is
 * exactly where a delegate types (at the end of their own proposal). Layout, paint and the
 * compositor then redo that part of the line each time.
 *
 * This plugin answers the key press itself (ProseMirror's `handleKeyPress`, the path ProseMirror
 * takes for a character typed over a non-text selection): the character is inserted with
 * `tr.insertText` and the browser's default action is prevented. ProseMirror then changes the
 * text node in place. Bracket mode and the guard see the same transaction as before (plain text
 * inserted at the caret). Input methods (composition), dictation, autocorrection and paste fire
 * no key press and keep the browser's path.
 *
 * @packageDocumentation
 */
import { Plugin, PluginKey, TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

/** Key of the typing plugin. */
export const typingKey = new PluginKey('accord-typing');

/** The character a key press types, or null when it types none (control keys, line breaks). */
export function typedCharacter(event: Pick<KeyboardEvent, 'key' | 'charCode'>): string | null {
  // `key` holds the character itself, astral ones included; `charCode` is the fallback.
  const text = [...event.key].length === 1 ? event.key : String.fromCharCode(event.charCode);
  const code = text.codePointAt(0) ?? 0;
  // Control characters (Enter's "\r" among them) are keys, not text.
  if (!text || code < 0x20 || code === 0x7f) return null;
  return text;
}

/**
 * Inserts the character of a key press at a collapsed text cursor as a transaction (through
 * `handleTextInput` props first, as ProseMirror does). Returns false, leaving the key to the
 * browser, for anything else: a selection to replace, a modifier shortcut, no character.
 */
export function typeCharacter(view: EditorView, event: KeyboardEvent): boolean {
  // As ProseMirror's own key press handling: Ctrl without Alt (AltGr types characters) or Cmd is
  // a shortcut; during composition the input method owns the text.
  if ((event.ctrlKey && !event.altKey) || event.metaKey || event.isComposing) return false;
  const sel = view.state.selection;
  if (!(sel instanceof TextSelection) || !sel.empty || !sel.$from.parent.inlineContent)
    return false;
  // ProseMirror reads the browser's selection changes (a click, an arrow key) when their
  // `selectionchange` event comes, which may be after this key press: if the caret the browser
  // shows is not yet the state's, the browser types and ProseMirror reads it, as it always did.
  if (!caretInSync(view, sel.from)) return false;
  const text = typedCharacter(event);
  if (text === null) return false;
  const from = sel.from;
  const deflt = () => view.state.tr.insertText(text, from, from).scrollIntoView();
  if (!view.someProp('handleTextInput', (f) => f(view, from, from, text, deflt))) {
    view.dispatch(deflt());
  }
  return true;
}

/** True when the browser's caret (DOM selection) is collapsed at document position `pos`. */
function caretInSync(view: EditorView, pos: number): boolean {
  const root = view.root as Document;
  const dom = (
    typeof root.getSelection === 'function' ? root : view.dom.ownerDocument
  ).getSelection();
  if (!dom || !dom.isCollapsed || !dom.focusNode || !view.dom.contains(dom.focusNode)) return false;
  try {
    return view.posAtDOM(dom.focusNode, dom.focusOffset) === pos;
  } catch {
    return false;
  }
}

/** The typing plugin: typed characters become transactions (see the module comment). */
export function typingPlugin(): Plugin {
  return new Plugin({
    key: typingKey,
    props: {
      handleKeyPress: (view, event) => typeCharacter(view, event),
    },
  });
}
