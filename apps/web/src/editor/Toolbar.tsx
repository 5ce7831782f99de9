/**
 * The role's toolbar. Whether each button is enabled comes from calling the editor's command
 * without dispatch on the current state ("can I?"), so a button is never offered where the
 * command would not apply. Support, Object and Reserve are radio buttons (one stance per
 * delegation per bracket): a radiogroup showing the delegation's stance on the bracket at the
 * cursor checked; Withdraw, beside it, removes that stance.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { Session } from '../app/session';
import { quietSubscribe } from '../room/store';
import { ariaKeys, keysLabel, shortcut } from '../ui/shortcuts';
import { STANCE_OF, stanceAt } from './accord';
import type { ActionSpec } from './accord';
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
  // ...and the delegation's stance on the bracket at the cursor, after a `|`.
  const getFlags = useCallback(
    () =>
      controller
        ? `${controller.actions.map((a) => (controller.can(a.id) ? '1' : '0')).join('')}|${stanceAt(controller.state.get()) ?? ''}`
        : '',
    [controller],
  );
  const flags = useSyncExternalStore(subscribe, getFlags, getFlags);
  const stance = flags.split('|')[1] ?? '';
  const actions = controller?.actions ?? [];
  const radios = actions.filter((a) => STANCE_OF[a.id]);
  const button = (a: ActionSpec, i: number) => {
    const keys = keysLabel(shortcut(a.id).keys);
    const radio = STANCE_OF[a.id];
    const checked = !!radio && radio === stance;
    return (
      <button
        key={a.id}
        type="button"
        data-action={a.id}
        className={a.group === 'chair' ? 'chair' : radio ? 'stance-radio' : undefined}
        // The checked stance stays enabled (choosing it again changes nothing).
        disabled={flags[i] !== '1' && !checked}
        onMouseDown={(e) => e.preventDefault() /* keep the editor's selection */}
        onClick={() => {
          if (!checked) controller?.run(a.id);
        }}
        title={`${a.description} (${keys})`}
        aria-keyshortcuts={ariaKeys(shortcut(a.id).keys)}
        {...(radio ? { role: 'radio', 'aria-checked': checked } : {})}
      >
        {a.label}
      </button>
    );
  };
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
        if (STANCE_OF[a.id] && a !== radios[0]) return null;
        const sep = lastGroup !== null && a.group !== lastGroup;
        lastGroup = a.group;
        return (
          <span key={a.id} style={{ display: 'contents' }}>
            {sep ? <span className="sep" aria-hidden="true" /> : null}
            {a === radios[0] ? (
              <span
                role="radiogroup"
                aria-label="Your delegation's stance on the bracket"
                className="stance-group"
                data-testid="stance-group"
              >
                {radios.map((r) => button(r, actions.indexOf(r)))}
              </span>
            ) : (
              button(a, i)
            )}
          </span>
        );
      })}
    </div>
  );
}
