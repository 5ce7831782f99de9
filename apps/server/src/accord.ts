/**
 * The one seam between the server and the notation/editor packages: every use of `@accord/core`
 * and `@accord/editor` goes through this module, so that the rest of the server deals in
 * `Y.Doc`s, bytes and plain results.
 */
import {
  cleanText,
  decodeDraft,
  detectDialect,
  listBrackets,
  parse,
  plainText,
  preview,
  report,
  serialize,
  type DraftDocument,
  type NotationError,
} from '@accord/core';
import {
  bracketWording,
  createUpdateGuard,
  DEFAULT_SHAPE_LIMITS,
  type ShapeLimits,
  encodeStoredState,
  readDraft,
  seedYDoc,
  STORED_STATE_MEDIA_TYPE,
} from '@accord/editor';
import * as Y from 'yjs';
import type { DocumentCounts, Role } from './store';

export type { DraftDocument, NotationError };

/** The framing of `GET /api/documents/:id/state` (shared with clients, see `@accord/editor`). */
export { encodeStoredState, STORED_STATE_MEDIA_TYPE };

/** A bracket's words as people read them: no placeholder, no space at its ends (`rules/spacing.ts`). */
export { bracketWording };

/** Who sends a change, as the editor's guard sees it. */
export interface Actor {
  role: Role;
  delegation: string | null;
  participantId: string;
}

/**
 * Parses notation text; errors carry line and column: the first hundred, and `errorCount` says
 * how many in all (so that megabytes of `[` are answered with bounded memory).
 */
export function parseNotation(
  text: string,
  aliases?: Record<string, string>,
):
  | { ok: true; doc: DraftDocument }
  | {
      ok: false;
      errors: readonly NotationError[];
      errorCount: number;
      partial: DraftDocument;
      unread: number;
    } {
  // The style is detected: `[may][shall]` or `PP1` labels read as the UN style (issue 16).
  return parse(text, { ...(aliases ? { aliases } : {}), dialect: detectDialect(text) });
}

/**
 * Notation text from uploaded bytes: UTF-8 (its byte-order mark dropped) or UTF-16 with its
 * byte-order mark; invalid UTF-8 or a NUL byte is refused with its line and column.
 */
export function decodeNotation(
  bytes: Uint8Array,
): { ok: true; text: string } | { ok: false; error: NotationError } {
  const r = decodeDraft(bytes);
  if (r.ok) return { ok: true, text: r.text.replace(/^\uFEFF/, '') };
  const { message, line, column, offset, hint } = r;
  return { ok: false, error: { message, line, column, offset, hint } };
}

/** The canonical notation of a draft. */
export function notationOf(draft: DraftDocument): string {
  return serialize(draft);
}

/** Origin of the server's own writes (seeding, meta). */
export const SERVER_ORIGIN = Symbol('accord-server');

/** A new Y.Doc holding `draft`, with the document's title and symbol in its `meta` map. */
export function seedDocument(
  draft: DraftDocument,
  meta: { symbol: string; title: string; aliases: Record<string, string> },
): Y.Doc {
  const ydoc = new Y.Doc();
  seedYDoc(ydoc, draft, SERVER_ORIGIN);
  ydoc.transact(() => {
    const m = ydoc.getMap('meta');
    m.set('symbol', meta.symbol);
    m.set('title', meta.title);
    if (Object.keys(meta.aliases).length > 0) m.set('aliases', meta.aliases);
  }, SERVER_ORIGIN);
  return ydoc;
}

/** The draft a Y.Doc holds. */
export function draftOf(ydoc: Y.Doc): DraftDocument {
  return readDraft(ydoc);
}

/** A Y.Doc rebuilt from stored state. */
export function docFromState(state: Uint8Array): Y.Doc {
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, state, SERVER_ORIGIN);
  return ydoc;
}

/** Paragraph and bracket counts for the meeting's list. */
export function countsOf(draft: DraftDocument): DocumentCounts {
  let agreed = 0;
  for (const p of draft.paragraphs) {
    if (!p.content.some((n) => n.type !== 'text')) agreed += 1;
  }
  return {
    paragraphs: draft.paragraphs.length,
    paragraphsAgreed: agreed,
    bracketsOpen: listBrackets(draft).length,
  };
}

/** An open bracket as the comparison and the history see it. */
export interface BracketSummary {
  id: string | null;
  n: number;
  paragraph: number;
  text: string;
}

/** The open brackets of a draft, in order. */
export function bracketsOf(draft: DraftDocument): BracketSummary[] {
  return listBrackets(draft).map((b) => ({
    id: b.node.id ?? null,
    n: b.n,
    paragraph: b.paragraph,
    text: b.text,
  }));
}

/** Plain text of each paragraph (brackets dropped to their text), for comparisons. */
export function paragraphLabels(draft: DraftDocument): Array<string | null> {
  return draft.paragraphs.map((p) => p.label);
}

/** The text of a paragraph's content as a person reads it. */
export function paragraphText(draft: DraftDocument, index: number): string {
  const p = draft.paragraphs[index];
  return p ? plainText(p.content) : '';
}

/** Checks a change before it is applied: the editor's bracket-mode rules for this actor. */
export type UpdateCheck = (
  update: Uint8Array,
  actor: Actor,
) => { ok: true } | { ok: false; reason: string };

/**
 * The editor's guard for a document: `check` before applying, `destroy` when unloading. `clean`
 * is false when a check left its copy to be rebuilt (a refusal is normally undone in place).
 */
export function makeGuard(
  ydoc: Y.Doc,
  limits: ShapeLimits = DEFAULT_SHAPE_LIMITS,
): { check: UpdateCheck; readonly clean: boolean; destroy(): void } {
  const guard = createUpdateGuard(ydoc, limits);
  return {
    check: (update, actor) => guard.check(update, actor),
    get clean() {
      return guard.clean;
    },
    destroy: () => guard.destroy(),
  };
}

/** A text export of a draft. */
export type TextExport =
  | { ok: true; text: string }
  | { ok: false; status: number; error: string; hint?: string; errors?: readonly NotationError[] };

/** Notation, clean text, or a preview as a delegation / all accepted / all deleted. */
export function exportText(
  draft: DraftDocument,
  format: string,
  options: { as?: string; acceptAll?: boolean; deleteAll?: boolean },
): TextExport {
  if (format === 'notation') return { ok: true, text: serialize(draft) };
  if (format === 'clean') {
    const r = cleanText(draft);
    if (r.ok) return { ok: true, text: r.text };
    return {
      ok: false,
      status: 409,
      error: `the clean text is refused while brackets remain (${r.errors.length} found)`,
      hint: 'resolve every bracket first, or export format=preview',
      errors: r.errors,
    };
  }
  if (format === 'preview') {
    const mode = options.as
      ? { as: options.as.toUpperCase() }
      : options.acceptAll
        ? { acceptAll: true as const }
        : options.deleteAll
          ? { deleteAll: true as const }
          : null;
    if (!mode) {
      return {
        ok: false,
        status: 400,
        error: 'format=preview needs as=CODE, acceptAll=1 or deleteAll=1',
      };
    }
    return { ok: true, text: serialize(preview(draft, mode)) };
  }
  return {
    ok: false,
    status: 400,
    error: `unknown export format '${format}'`,
    hint: 'use format=notation, clean, preview, docx or html',
  };
}

/** The core report of a draft (the JSON of `accord report --json`). */
export function reportJson(draft: DraftDocument): unknown {
  return report(draft);
}
