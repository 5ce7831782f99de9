/** The list of keyboard shortcuts for the participant's role, in a modal dialog. */
import { useEffect, useRef } from 'react';
import type { Session } from '../app/session';
import { keysLabel, shortcutsFor } from './shortcuts';

/** The help dialog (a native `<dialog>`: focus trap and Escape for free). */
export function HelpDialog({
  open,
  role,
  onClose,
}: {
  open: boolean;
  role: Session['role'];
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="help-dialog"
      onClose={onClose}
      aria-labelledby="help-title"
      data-testid="help-dialog"
    >
      <h2 id="help-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {shortcutsFor(role).map((s) => (
            <tr key={s.id}>
              <td>
                <kbd>{keysLabel(s.keys)}</kbd>
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {role === 'delegate' ? (
        <p className="muted small">
          You edit in bracket mode: what you type is proposed as <code>[…] (+YOURS)</code>, what you
          delete is bracketed with your objection. Agreed text never changes under you.
        </p>
      ) : null}
      {role === 'observer' ? (
        <p className="muted small">As an observer you follow the text; you cannot change it.</p>
      ) : null}
      <form method="dialog">
        <button className="primary" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
