/**
 * Reads the text as it would be if a delegation's positions prevailed, or with every bracket
 * accepted or deleted, without changing anything (core `preview`, computed in the browser).
 */
import { memo, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { listBrackets, plainText, preview } from '@accord/core';
import type { PreviewMode } from '@accord/core';
import { DraftStore } from '../room/draftStore';
import { useStore } from '../room/store';
import type { Room } from '../room/Room';

type ModeKey = 'accept' | 'delete' | `as:${string}`;

function toMode(key: ModeKey): PreviewMode {
  if (key === 'accept') return { acceptAll: true };
  if (key === 'delete') return { deleteAll: true };
  return { as: key.slice(3) };
}

/**
 * The preview pane. While it is shown, it reads the whole draft from the shared document
 * (after a pause in the changes, see {@link DraftStore}); hidden, it costs nothing.
 */
export const PreviewPane = memo(function PreviewPane({
  room,
  defaultDelegation,
}: {
  room: Room;
  defaultDelegation: string | null;
}) {
  const draftStore = useMemo(() => new DraftStore(room), [room]);
  useEffect(() => {
    draftStore.start();
    return () => draftStore.destroy();
  }, [draftStore]);
  const draft = useStore(draftStore);
  const [key, setKey] = useState<ModeKey>(defaultDelegation ? `as:${defaultDelegation}` : 'accept');
  const deferred = useDeferredValue(draft);
  const delegations = useMemo(() => {
    if (!deferred) return [];
    const set = new Set<string>();
    for (const b of listBrackets(deferred)) for (const a of b.attributions) set.add(a.delegation);
    return [...set].sort();
  }, [deferred]);
  const result = useMemo(() => {
    if (!deferred) return null;
    try {
      return { ok: true as const, doc: preview(deferred, toMode(key)) };
    } catch (e) {
      return { ok: false as const, error: e instanceof Error ? e.message : String(e) };
    }
  }, [deferred, key]);
  return (
    <div className="preview-pane" data-testid="preview-pane">
      <label className="row">
        <span>Show the text</span>
        <select
          value={key}
          onChange={(e) => setKey(e.target.value as ModeKey)}
          data-testid="preview-mode"
        >
          <option value="accept">with every bracket accepted</option>
          <option value="delete">with every bracket deleted</option>
          {delegations
            .filter((d) => d !== 'CHAIR')
            .map((d) => (
              <option key={d} value={`as:${d}`}>
                as {d} would have it
              </option>
            ))}
          {defaultDelegation && !delegations.includes(defaultDelegation) ? (
            <option value={`as:${defaultDelegation}`}>as {defaultDelegation} would have it</option>
          ) : null}
        </select>
      </label>
      <p className="muted small">A preview only: nothing in the draft changes.</p>
      {!result ? <p className="muted">Loading…</p> : null}
      {result && !result.ok ? (
        <div className="alert error" role="alert">
          {result.error}
        </div>
      ) : null}
      {result && result.ok ? (
        <article className="preview-text" aria-label="Preview" data-testid="preview-text">
          {result.doc.paragraphs.map((p, i) => {
            const text = plainText(p.content);
            if (p.kind === 'heading') return <h3 key={i}>{text}</h3>;
            return (
              <p key={i} className={`pk-${p.kind}`}>
                {p.label ? (
                  <span className="plabel">{/^\d+$/.test(p.label) ? `${p.label}.` : p.label} </span>
                ) : null}
                {p.marker ? `${p.marker} ` : null}
                {text}
              </p>
            );
          })}
        </article>
      ) : null}
    </div>
  );
});
