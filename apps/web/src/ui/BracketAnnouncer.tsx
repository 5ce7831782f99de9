/**
 * Tells a screen reader which bracket the caret is in. Moving through the draft with the arrow
 * keys reads characters and words, not the bracket's number or who stands on it; this polite live
 * region says "Bracket 3: with concern. CHN objects" when the caret enters a bracket, and again
 * when that bracket's attributions change.
 */
import { memo } from 'react';
import { bracketSpoken } from '../model/brackets';
import type { PanelData } from '../room/panelStore';

/** A visually hidden live region naming the bracket at the caret. */
export const BracketAnnouncer = memo(function BracketAnnouncer({
  panel,
  selectedId,
}: {
  panel: PanelData | null;
  selectedId: string | null;
}) {
  const bracket = selectedId ? panel?.brackets.find((b) => b.id === selectedId) : undefined;
  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="bracket-announcer">
      {bracket ? bracketSpoken(bracket) : ''}
    </div>
  );
});
