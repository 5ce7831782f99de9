/** The warning before accepting a bracket that a delegation objects to or must come back on. */
import { useEffect, useRef } from 'react';
import type { Confirmation } from '../editor/EditorController';

/** A modal confirmation; Escape or "Cancel" keeps the text as it is. */
export function ConfirmDialog({ confirmation }: { confirmation: Confirmation | null }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (confirmation && !d.open) d.showModal();
    if (!confirmation && d.open) d.close();
  }, [confirmation]);
  return (
    <dialog
      ref={ref}
      className="help-dialog"
      aria-labelledby="confirm-title"
      data-testid="confirm-dialog"
      onCancel={(e) => {
        e.preventDefault();
        confirmation?.cancel();
      }}
    >
      <h2 id="confirm-title">{confirmation?.action} despite a live position?</h2>
      <ul>
        {confirmation?.warning.split('\n').map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ul>
      <div className="row">
        <button onClick={() => confirmation?.cancel()} autoFocus data-testid="confirm-cancel">
          Cancel
        </button>
        <button
          className="primary"
          onClick={() => confirmation?.confirm()}
          data-testid="confirm-ok"
        >
          {confirmation?.action} anyway
        </button>
      </div>
    </dialog>
  );
}
