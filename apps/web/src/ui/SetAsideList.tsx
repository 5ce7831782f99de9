/**
 * What a recovery could not apply (issue 13): the banner counts the set-aside changes (never
 * "your last change" when there were several) and lists each by its words and where it was, with
 * Copy and "Propose again here" (at the caret, as the delegate would type it).
 */
import { describeIntent, intentWords } from '@accord/editor';
import type { RecoveryReport, Recovery } from '../session/recovery';
import { recoveryHeadline } from '../session/recovery';
import type { EditorController } from '../editor/EditorController';

/** The recovery banner with its set-aside list. */
export function SetAsideList({
  report,
  recovery,
  controller,
  reasonInWords,
  onDismiss,
}: {
  report: RecoveryReport;
  recovery: Recovery;
  controller: EditorController | null;
  /** The server's reason in the room's words (bracket ids named by their words). */
  reasonInWords: (reason: string) => string;
  /** Dismisses the banner (the report and the refusal it came from). */
  onDismiss: () => void;
}) {
  return (
    <div className="alert warn refusal" role="alert" data-testid="refusal">
      <strong data-testid="refusal-headline">{recoveryHeadline(report)}</strong>{' '}
      {report.reason ? <span>{reasonInWords(report.reason)} </span> : null}
      {report.setAside.length ? (
        <ul className="set-aside" data-testid="set-aside">
          {report.setAside.map((s) => {
            const words = intentWords(s.intent);
            const proposable = words.length > 0 && s.intent.kind !== 'deleted';
            return (
              <li key={`${s.intent.client}-${s.intent.seq}-${s.intent.clock}`}>
                <span className="set-aside-what">{describeIntent(s.intent)}</span>
                {' — '}
                <span className="muted">{s.reason}</span>{' '}
                {words ? (
                  <button onClick={() => void navigator.clipboard?.writeText(words)}>Copy</button>
                ) : null}{' '}
                {proposable && controller && !controller.readOnly ? (
                  <button
                    onClick={() => {
                      if (controller.proposeAgain(words)) recovery.dismissOne(s.intent);
                    }}
                  >
                    Propose again here
                  </button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      <button onClick={onDismiss}>Dismiss</button>
    </div>
  );
}
