/**
 * The role's toolbar. Whether each button is enabled comes from calling the editor's command
 * without dispatch on the current state ("can I?"), so a button is never offered where the
 * command would not apply.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { Session } from '../app/session';
import { quietSubscribe } from '../room/store';
import { ariaKeys, keysLabel, shortcut } from '../ui/shortcuts';
import type { EditorController } from './EditorController';

/** The editing toolbar above the draft. */
export function Toolbar({
  controller,
  session,
}: {
  controller: EditorController | null;
  session: Session;
}) {
  // The buttons follow the editor after a pause, not on every keystroke.
  const subscribe = useCallback(
    (l: () => void) => (controller ? quietSubscribe(controller.state)(l) : () => {}),
    [controller],
  );
  // One string of enabled flags, so React re-renders only when one of them changes.
  const getFlags = useCallback(
    () =>
      controller ? controller.actions.map((a) => (controller.can(a.id) ? '1' : '0')).join('') : '',
    [controller],
  );
  const flags = useSyncExternalStore(subscribe, getFlags, getFlags);
  const actions = controller?.actions ?? [];
  const mode =
    session.role === 'observer'
      ? 'Observer: read only'
      : session.role === 'delegate'
        ? `Bracket mode · ${session.delegation ?? ''}`
        : session.role === 'chair'
          ? 'Chair'
          : 'Secretariat';
  let lastGroup: string | null = null;
  return (
    <div className="toolbar" role="toolbar" aria-label="Editing actions" data-testid="toolbar">
      {session.role === 'delegate' || session.role === 'observer' ? (
        <span className="mode" data-testid="mode">
          {mode}
        </span>
      ) : null}
      {actions.map((a, i) => {
        const sep = lastGroup !== null && a.group !== lastGroup;
        lastGroup = a.group;
        const keys = keysLabel(shortcut(a.id).keys);
        return (
          <span key={a.id} style={{ display: 'contents' }}>
            {sep ? <span className="sep" aria-hidden="true" /> : null}
            <button
              type="button"
              data-action={a.id}
              className={a.group === 'chair' ? 'chair' : undefined}
              disabled={flags[i] !== '1'}
              onMouseDown={(e) => e.preventDefault() /* keep the editor's selection */}
              onClick={() => controller?.run(a.id)}
              title={`${a.description} (${keys})`}
              aria-keyshortcuts={ariaKeys(shortcut(a.id).keys)}
            >
              {a.label}
            </button>
          </span>
        );
      })}
    </div>
  );
}
