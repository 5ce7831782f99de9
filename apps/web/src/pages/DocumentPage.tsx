/**
 * `/m/<meeting>/d/<document>`: the negotiation room. The draft in the middle (the editor, bound
 * live to the server), the role's toolbar above it, and beside it the bracket panel, the preview,
 * who is here, and revisions and export; the status line and the connection state always in view.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { ApiClient } from '../api/client';
import { navigate } from '../app/router';
import { getSession } from '../app/session';
import type { Session } from '../app/session';
import { refusalInWords } from '../model/brackets';
import { paragraphNameAt } from '../model/paragraphNames';
import { PanelStore } from '../room/panelStore';
import { useOptionalStore, useStore, useStoreInTransition } from '../room/store';
import { useDocumentSummary, useRoom } from '../room/useRoom';
import type { RevisionNotice } from '../room/Room';
import type { DocumentSession } from '../session/DocumentSession';
import { SetAsideList } from '../ui/SetAsideList';
import { EditorHost } from '../editor/EditorHost';
import { Toolbar } from '../editor/Toolbar';
import type { EditorController } from '../editor/EditorController';
import {
  AgreedChangesAnnouncer,
  AgreedChangesList,
  useAgreedBase,
  useAgreedChanges,
} from '../ui/AgreedChanges';
import { BracketAnnouncer } from '../ui/BracketAnnouncer';
import { BracketPanel } from '../ui/BracketPanel';
import { BracketHistory } from '../ui/BracketHistory';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ConnectionIndicator } from '../ui/ConnectionIndicator';
import { HelpDialog } from '../ui/HelpDialog';
import { useTopbarHeight } from '../ui/topbarHeight';
import { PresenceChips, PresenceList } from '../ui/PresenceList';
import { PreviewPane } from '../ui/PreviewPane';
import { RevisionsPanel, issuerOf } from '../ui/RevisionsPanel';
import { longDate } from '../ui/dates';
import { SilenceBanner, SilencePanel, useSilence } from '../ui/SilencePanel';
import { StatusLine } from '../ui/StatusLine';
import { TopBar } from '../ui/TopBar';
import { matchesKeys, shortcut } from '../ui/shortcuts';
import { ProjectorPage } from './ProjectorPage';

type Tab = 'brackets' | 'preview' | 'people' | 'revisions' | 'silence';

/** The negotiation room for one document. */
export function DocumentPage({
  meeting,
  document: documentId,
  projector,
}: {
  meeting: string;
  document: string;
  projector: boolean;
}) {
  // One session object for the page's life: the editor re-binds when it changes.
  const session = useMemo(() => getSession(meeting), [meeting]);
  const room = useRoom(session, documentId, projector);
  if (!session) {
    return (
      <main className="page narrow">
        <h1>Not joined</h1>
        <p>
          This browser has not joined this meeting. Open the join link the Secretariat sent you, or{' '}
          <a href="/">paste it here</a>.
        </p>
      </main>
    );
  }
  if (!room) return <main className="page narrow muted">Opening the document…</main>;
  if (projector)
    return (
      <ProjectorPage room={room} session={session} documentId={documentId} meeting={meeting} />
    );
  return <RoomView room={room} session={session} documentId={documentId} meeting={meeting} />;
}

function RoomView({
  room,
  session,
  documentId,
  meeting,
}: {
  room: DocumentSession;
  session: Session;
  documentId: string;
  meeting: string;
}) {
  const client = useMemo(() => new ApiClient(session.token), [session.token]);
  const { summary, error: summaryError, reload } = useDocumentSummary(client, documentId);
  const panelStore = useMemo(() => new PanelStore(room), [room]);
  useEffect(() => {
    panelStore.start();
    return () => panelStore.destroy();
  }, [panelStore]);
  // The panel's data lags a moment behind typing anyway: rendered in a transition.
  const panel = useStoreInTransition(panelStore);
  const connection = useStore(room.connection);
  const recovered = useStore(room.recovery.report);
  const people = useStore(room.presence);
  const controller = useStore(room.editor);
  const selectedId = useSelectedBracket(controller);
  const confirmation = useOptionalStore(controller?.confirmation, null);
  const [tab, setTab] = useState<Tab>('brackets');
  const [help, setHelp] = useState(false);
  const silence = useSilence(room, client, documentId);
  // A text under silence, or adopted, cannot be changed: the server refuses every change.
  const frozen = silence.silence?.state === 'running' || silence.silence?.state === 'adopted';
  const [historyOpen, setHistoryOpen] = useState(false);
  /** Narrow windows: the panels are a drawer (see styles.css), open or closed. */
  const [drawer, setDrawer] = useState(false);
  useTopbarHeight();
  // A revision issued while the room is open: everyone is told, and the header takes its symbol.
  const notice = useStore(room.revisionNotice);
  const [announced, setAnnounced] = useState<RevisionNotice | null>(null);
  useEffect(() => {
    if (!notice || !summary || notice.n <= summary.revision) return;
    setAnnounced(notice);
    reload();
  }, [notice, summary, reload]);

  const openProjector = useCallback(() => {
    window.open(
      `/m/${encodeURIComponent(meeting)}/d/${encodeURIComponent(documentId)}/projector`,
      'accord-projector',
    );
  }, [meeting, documentId]);

  const reveal = useCallback((id: string) => controller?.revealBracket(id), [controller]);
  // Changes to agreed text since the latest revision: marked, listed, announced.
  useAgreedBase(client, documentId, summary, controller);
  const agreed = useAgreedChanges(controller, people);
  const revealPos = useCallback((pos: number) => controller?.scrollToPos(pos), [controller]);

  // Window-level shortcuts (the editor's own are in its keymap).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing =
        !!target &&
        (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      if (e.key === 'F1' || (!typing && matchesKeys(e, shortcut('help').keys))) {
        e.preventDefault();
        setHelp(true);
      } else if (matchesKeys(e, shortcut('focus-editor').keys)) {
        e.preventDefault();
        controller?.focus();
      } else if (matchesKeys(e, shortcut('focus-brackets').keys)) {
        e.preventDefault();
        setTab('brackets');
        requestAnimationFrame(() =>
          window.document.querySelector<HTMLElement>('[data-testid="bracket-item"]')?.focus(),
        );
      } else if (matchesKeys(e, shortcut('toggle-preview').keys)) {
        e.preventDefault();
        setTab((t) => (t === 'preview' ? 'brackets' : 'preview'));
      } else if (matchesKeys(e, shortcut('next-bracket').keys)) {
        e.preventDefault();
        controller?.moveToBracket(1);
      } else if (matchesKeys(e, shortcut('prev-bracket').keys)) {
        e.preventDefault();
        controller?.moveToBracket(-1);
      } else if (
        (session.role === 'chair' || session.role === 'secretariat') &&
        matchesKeys(e, shortcut('projector').keys)
      ) {
        e.preventDefault();
        window.open(
          `/m/${encodeURIComponent(meeting)}/d/${encodeURIComponent(documentId)}/projector`,
          'accord-projector',
        );
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [controller, session.role, meeting, documentId]);

  const title = summary ? summary.revisionSymbol || summary.symbol : documentId;
  const tabs: { id: Tab; label: string }[] = [
    { id: 'brackets', label: 'Brackets' },
    { id: 'preview', label: 'Preview' },
    { id: 'people', label: `People (${people.length})` },
    {
      id: 'revisions',
      label:
        session.role === 'secretariat' || session.role === 'chair'
          ? 'Revisions & export'
          : 'Revisions',
    },
    { id: 'silence', label: silence.silence?.state === 'running' ? 'Silence ●' : 'Silence' },
  ];

  return (
    <div
      className="app room-app"
      data-testid="document-page"
      data-role={session.role}
      data-drawer={drawer ? 'open' : 'closed'}
    >
      <TopBar
        session={session}
        crumbs={[
          { label: session.meetingName, onClick: () => navigate({ name: 'meeting', meeting }) },
          { label: title },
        ]}
      >
        <PresenceChips people={people} />
        {session.role === 'chair' || session.role === 'secretariat' ? (
          <button
            onClick={openProjector}
            title="Open the projector view in a new window (Alt+J)"
            data-testid="open-projector"
          >
            Projector
          </button>
        ) : null}
        <button
          onClick={() => window.print()}
          title="Print the draft (without the others' cursors)"
          data-testid="print"
        >
          Print
        </button>
        <button
          className="drawer-toggle"
          aria-expanded={drawer}
          aria-controls="room-panels"
          onClick={() => setDrawer((d) => !d)}
          data-testid="drawer-toggle"
        >
          {drawer ? 'Close panels' : 'Panels'}
        </button>
        <ConnectionIndicator connection={connection} />
        <button
          onClick={() => setHelp(true)}
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
        >
          ?
        </button>
      </TopBar>
      <div className="room">
        <div className="room-main">
          <Toolbar controller={controller} session={session} />
          {recovered ? (
            <SetAsideList
              report={recovered}
              recovery={room.recovery}
              controller={controller}
              reasonInWords={(reason) => refusalInWords(reason, panel?.brackets ?? [])}
              onDismiss={() => {
                room.recovery.dismiss();
                room.dismissRefusal();
              }}
            />
          ) : connection.refused ? (
            <div className="alert warn refusal" role="alert" data-testid="refusal">
              <strong>A change was not accepted.</strong>{' '}
              {refusalInWords(connection.refused.reason, panel?.brackets ?? [])} The text has been
              brought back to the room’s version.{' '}
              <button onClick={() => room.dismissRefusal()}>Dismiss</button>
            </div>
          ) : null}
          {announced ? (
            <div className="alert ok refusal" role="status" data-testid="revision-announced">
              <strong>{announced.symbol}</strong> was issued
              {announced.date ? ` (${longDate(announced.date)})` : ''} by {issuerOf(announced)}.{' '}
              <button
                onClick={() =>
                  navigate({ name: 'revision', meeting, document: documentId, n: announced.n })
                }
              >
                Read it
              </button>{' '}
              <button onClick={() => setAnnounced(null)}>Dismiss</button>
            </div>
          ) : null}
          {summaryError ? (
            <div className="alert error refusal" role="alert">
              {summaryError.message}
            </div>
          ) : null}
          {silence.silence ? (
            <SilenceBanner
              silence={silence.silence}
              offset={silence.offset}
              client={client}
              documentId={documentId}
            />
          ) : null}
          <div className="doc-scroll">
            <div className="paper">
              {summary ? (
                <div className="doc-head muted small">
                  <span className="mono" data-testid="doc-symbol">
                    {summary.revisionSymbol || summary.symbol}
                  </span>{' '}
                  · {summary.title}
                </div>
              ) : null}
              <EditorHost
                room={room}
                session={session}
                options={frozen ? { readOnly: true } : undefined}
              />
              <BracketAnnouncer panel={panel} selectedId={selectedId} />
              <AgreedChangesAnnouncer view={agreed} />
            </div>
          </div>
          <StatusLine
            status={panel?.status ?? null}
            connection={connection}
            role={session.role}
            delegation={session.delegation}
          />
        </div>
        <aside className="side" aria-label="Panels" id="room-panels">
          <button
            className="drawer-toggle drawer-close"
            onClick={() => setDrawer(false)}
            data-testid="drawer-close"
          >
            Close panels
          </button>
          <div className="tabs" role="tablist">
            {tabs.map((t) => (
              <button
                key={t.id}
                role="tab"
                id={`tab-${t.id}`}
                aria-selected={tab === t.id}
                aria-controls={`panel-${t.id}`}
                onClick={() => setTab(t.id)}
                data-testid={`tab-${t.id}`}
              >
                {t.label}
              </button>
            ))}
          </div>
          <div
            className="tab-body"
            role="tabpanel"
            id={`panel-${tab}`}
            aria-labelledby={`tab-${tab}`}
          >
            {tab === 'brackets' ? (
              <>
                <AgreedChangesList view={agreed} onReveal={revealPos} />
                <BracketPanel panel={panel} onReveal={reveal} selectedId={selectedId} />
                {selectedId ? (
                  <details
                    className="small"
                    open={historyOpen}
                    onToggle={(e) => setHistoryOpen(e.currentTarget.open)}
                    data-testid="cursor-history"
                  >
                    <summary>History of the bracket at the cursor</summary>
                    {/* Fetched only while shown: moving the caret costs no request. */}
                    {historyOpen ? (
                      <BracketHistory
                        client={client}
                        documentId={documentId}
                        bracketId={selectedId}
                      />
                    ) : null}
                  </details>
                ) : null}
              </>
            ) : null}
            {tab === 'preview' ? (
              <PreviewPane room={room} defaultDelegation={session.delegation} />
            ) : null}
            {tab === 'people' ? <PresenceList people={people} /> : null}
            {tab === 'revisions' && summary ? (
              <RevisionsPanel
                client={client}
                meeting={meeting}
                openBrackets={() => {
                  const doc = controller?.state.get().doc;
                  return (panel?.brackets ?? []).map((b) => ({
                    id: b.id,
                    paragraphName: doc
                      ? paragraphNameAt(doc, b.paragraph)
                      : `paragraph ${b.paragraph + 1}`,
                    text: b.text,
                  }));
                }}
                onReveal={reveal}
                summary={summary}
                role={session.role}
                onIssued={reload}
              />
            ) : null}
            {tab === 'silence' ? (
              <SilencePanel
                silence={silence.silence}
                session={session}
                client={client}
                documentId={documentId}
                onChange={silence.reload}
              />
            ) : null}
          </div>
        </aside>
      </div>
      <ConfirmDialog confirmation={confirmation} />
      <HelpDialog open={help} role={session.role} onClose={() => setHelp(false)} />
    </div>
  );
}

/** The id of the innermost bracket at the cursor, from the editor's state store. */
function useSelectedBracket(controller: EditorController | null): string | null {
  const subscribe = useCallback(
    (l: () => void) => (controller ? controller.state.subscribe(l) : () => {}),
    [controller],
  );
  const get = useCallback(() => (controller ? controller.selectedBracketId() : null), [controller]);
  return useSyncExternalStore(subscribe, get, get);
}
