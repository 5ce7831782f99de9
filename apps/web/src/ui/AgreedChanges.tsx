/**
 * Changes to agreed text since the last revision, seen by everyone: the editor marks them in the
 * text (`agreedChangesPlugin` of `@accord/editor`: added words underlined, removed words struck
 * through), the bracket tab lists them ("Changed since Rev.1": paragraph, old and new words, who),
 * and a polite live region tells screen readers when one arrives ("The Chair changed agreed text
 * in OP11").
 *
 * The revision compared with is the document's latest (`GET …/revisions/:n?format=notation`,
 * read into an editor document). Who made a change: the writer of its added words, read from the
 * Yjs document (`writersOf`) and named by the room's awareness, which the server stamps with each
 * participant's role; a change that only removed words, or whose writer is not in the room this
 * session, is "the Chair or the Secretariat" (only they can change agreed text).
 */
import { memo, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { parse } from '@accord/core';
import { agreedChangesKey, draftToDoc, setAgreedBase, writersOf } from '@accord/editor';
import type { AgreedChange } from '@accord/editor';
import type { EditorState } from 'prosemirror-state';
import type { ApiClient, DocumentSummary } from '../api/client';
import type { EditorController } from '../editor/EditorController';
import type { Participant } from '../room/Room';
import { quietSubscribe } from '../room/store';

/** One change as the panel shows it. */
export interface AgreedChangeView {
  readonly key: string;
  readonly name: string;
  readonly kind: AgreedChange['kind'];
  readonly deleted: string;
  readonly inserted: string;
  readonly at: number;
  /** `the Chair`, `the Secretariat`, or `the Chair or the Secretariat`. */
  readonly by: string;
  /** True when this browser's own replica wrote it. */
  readonly own: boolean;
}

/** The changes since one revision. */
export interface AgreedChangesView {
  /** `Rev.1`, or null before the revision is read. */
  readonly revision: string | null;
  readonly changes: readonly AgreedChangeView[];
}

const NONE: AgreedChangesView = { revision: null, changes: [] };
const EITHER = 'the Chair or the Secretariat';

/**
 * Reads the document's latest revision and gives it to the editor to compare with (again to each
 * new editor, e.g. after the room rebuilt its replica).
 */
export function useAgreedBase(
  client: ApiClient,
  documentId: string,
  summary: DocumentSummary | null,
  controller: EditorController | null,
): void {
  const n = summary?.revision ?? null;
  const [base, setBase] = useState<{ n: number; doc: ReturnType<typeof draftToDoc>['doc'] } | null>(
    null,
  );
  useEffect(() => {
    if (n === null) return;
    let live = true;
    client.revisionText(documentId, n).then(
      (text) => {
        const r = parse(text);
        if (live && r.ok) setBase({ n, doc: draftToDoc(r.doc).doc });
      },
      () => {}, // no revision to compare with: nothing is marked
    );
    return () => {
      live = false;
    };
  }, [client, documentId, n]);
  useEffect(() => {
    if (controller && base) controller.exec(setAgreedBase(base.doc, `Rev.${base.n}`));
  }, [controller, base]);
}

function authorOf(
  state: EditorState,
  change: AgreedChange,
  roles: ReadonlyMap<number, string>,
  self: number | null,
): { by: string; own: boolean } {
  const writers = new Set<number>();
  for (const r of change.insertedRanges)
    for (const w of writersOf(state, r.from, r.to)) writers.add(w);
  const own = writers.size > 0 && [...writers].every((w) => w === self);
  const names = new Set([...writers].map((w) => roles.get(w) ?? null));
  if (names.size !== 1) return { by: EITHER, own };
  const [role] = names;
  return {
    by: role === 'chair' ? 'the Chair' : role === 'secretariat' ? 'the Secretariat' : EITHER,
    own,
  };
}

/**
 * The changes to agreed text in the editor, read after a pause in typing; a new object only when
 * the list changes.
 */
export function useAgreedChanges(
  controller: EditorController | null,
  people: readonly Participant[],
): AgreedChangesView {
  // Every replica seen in the room this session, with its role (awareness, stamped by the server).
  const roles = useRef(new Map<number, string>());
  const self = people.find((p) => p.self)?.clientId ?? null;
  const cache = useRef<{ key: string; value: AgreedChangesView }>({ key: '', value: NONE });
  const subscribe = useCallback(
    (l: () => void) => (controller ? quietSubscribe(controller.state)(l) : () => {}),
    [controller],
  );
  const get = useCallback((): AgreedChangesView => {
    const state = controller?.state.get();
    const ps = state ? agreedChangesKey.getState(state) : undefined;
    if (!state || !ps || !ps.revision) return NONE;
    for (const p of people) roles.current.set(p.clientId, p.role);
    const changes = ps.changes.map((c): AgreedChangeView => {
      const { by, own } = authorOf(state, c, roles.current, self);
      return {
        key: `${c.name}|${c.kind}|${c.deleted}|${c.inserted}`,
        name: c.name,
        kind: c.kind,
        deleted: c.deleted,
        inserted: c.inserted,
        at: c.at,
        by,
        own,
      };
    });
    const key = JSON.stringify([ps.revision, changes]);
    if (cache.current.key !== key)
      cache.current = { key, value: { revision: ps.revision, changes } };
    return cache.current.value;
  }, [controller, self, people]);
  return useSyncExternalStore(subscribe, get, get);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** What one change did, in words. */
export function changeInWords(c: AgreedChangeView): string {
  if (c.kind === 'added') return `added the paragraph “${c.inserted}”`;
  if (c.kind === 'removed') return `removed the paragraph “${c.deleted}”`;
  if (c.deleted && c.inserted) return `“${c.deleted}” → “${c.inserted}”`;
  if (c.inserted) return `added “${c.inserted}”`;
  return `removed “${c.deleted}”`;
}

/** The list "Changed since Rev.N" of the bracket tab. */
export const AgreedChangesList = memo(function AgreedChangesList({
  view,
  onReveal,
}: {
  view: AgreedChangesView;
  onReveal: (pos: number) => void;
}) {
  if (!view.revision) return null;
  return (
    <section
      className="agreed-changes"
      aria-labelledby="agreed-changes-title"
      data-testid="agreed-changes"
    >
      <h3 id="agreed-changes-title" className="para-name">
        Changed since {view.revision}
      </h3>
      {view.changes.length === 0 ? (
        <p className="muted small" data-testid="agreed-changes-none">
          No change to agreed text since {view.revision}.
        </p>
      ) : (
        <ol className="agreed-change-list">
          {view.changes.map((c, i) => (
            <li key={`${c.key}|${i}`}>
              <button
                type="button"
                className="agreed-change"
                data-testid="agreed-change"
                data-paragraph={c.name}
                onClick={() => onReveal(c.at)}
              >
                <strong>{c.name}</strong>{' '}
                {c.deleted && c.kind !== 'added' ? <del>{c.deleted}</del> : null}
                {c.deleted && c.inserted ? ' → ' : ' '}
                {c.inserted ? <ins>{c.inserted}</ins> : null}{' '}
                <span className="muted small">by {c.by}</span>
                <span className="sr-only">: {changeInWords(c)}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
});

/**
 * A polite live region: "The Chair changed agreed text in OP11" when a change made by someone
 * else arrives (not for the changes already there when the revision was read).
 */
export const AgreedChangesAnnouncer = memo(function AgreedChangesAnnouncer({
  view,
}: {
  view: AgreedChangesView;
}) {
  const known = useRef<{ revision: string | null; paragraphs: Set<string> }>({
    revision: null,
    paragraphs: new Set(),
  });
  const [message, setMessage] = useState('');
  useEffect(() => {
    const k = known.current;
    const names = new Set(view.changes.map((c) => c.name));
    if (view.revision !== k.revision) {
      known.current = { revision: view.revision, paragraphs: names };
      return;
    }
    const fresh = view.changes.filter((c) => !c.own && !k.paragraphs.has(c.name));
    k.paragraphs = names;
    if (!fresh.length) return;
    const byWho = new Map<string, string[]>();
    for (const c of fresh) {
      const list = byWho.get(c.by) ?? [];
      if (!list.includes(c.name)) list.push(c.name);
      byWho.set(c.by, list);
    }
    setMessage(
      [...byWho]
        .map(([by, ps]) => `${capital(by)} changed agreed text in ${ps.join(', ')}.`)
        .join(' '),
    );
  }, [view]);
  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="agreed-announcer">
      {message}
    </div>
  );
});
