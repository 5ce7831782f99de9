/**
 * One open document: its `Y.Doc`, the websocket provider that syncs it with `accord serve`, the
 * browser's offline copy (y-indexeddb, batched: `session/offlineCopy.ts`), and awareness. React reads the room through external
 * stores ({@link Room.connection}, {@link Room.presence}, {@link Room.generation}); the room never
 * lives in React state beyond its identity.
 *
 * When the server refuses a change it sends the reason (an auth message, kind permission-denied,
 * JSON `{"type":"refused","reason":"…"}`) and closes with code 4403: the room keeps the reason
 * to show, throws away its replica (and the offline copy that holds the refused change) and
 * rebuilds from the server; {@link Room.generation} tells the editor to re-bind. The document
 * session (`session/DocumentSession.ts`) takes the editor's unconfirmed work over the rebuild and
 * replays it (`session/recovery.ts`). Code 4401 means the token was revoked or has expired: the
 * room stops reconnecting.
 */
import { CLOSE } from '@accord/contracts';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { Awareness as AwarenessState } from 'y-protocols/awareness';
import type { Awareness } from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import { createStore } from './store';
import { STORED_STATE_ORIGIN, applyStoredState, fetchStoredState } from './storedState';
import type { ReadableStore } from './store';
import { markOnce } from '../session/tracer';
import { BatchedOfflineCopy } from '../session/offlineCopy';
import type { Session } from '../app/session';
import type { Revision } from '../api/client';
import { delegationColor } from '../ui/colors';

/** The connection as the status line shows it. */
export interface ConnectionState {
  /** The websocket's state; `closed` means the server ended access (revoked or expired token). */
  readonly status: 'connecting' | 'connected' | 'disconnected' | 'closed';
  /** True once the replica has synced with the server on the current connection. */
  readonly synced: boolean;
  /**
   * True once the replica holds the server's document: its stored state fetched over HTTP, or a
   * first sync. The draft can be read and edited from then on; edits sync when the socket does.
   */
  readonly loaded: boolean;
  /** The browser's own idea of the network (`navigator.onLine`). */
  readonly online: boolean;
  /** True once the offline copy in this browser has been loaded. */
  readonly localLoaded: boolean;
  /** True when this browser has changes made since the connection dropped, not yet sent. */
  readonly unsent: boolean;
  /** The last change the server refused, in plain words, with when it happened. */
  readonly refused: { readonly reason: string; readonly at: number } | null;
  /** Why the server ended access, when `status` is `closed`. */
  readonly closedReason: string | null;
}

/** A revision the server announced to the room (see apps/server/src/announce.ts). */
export type RevisionNotice = Pick<Revision, 'n' | 'symbol' | 'date' | 'issuedBy'>;

/** One person in the room, from awareness. */
export interface Participant {
  readonly clientId: number;
  readonly name: string;
  readonly role: Session['role'];
  readonly delegation: string | null;
  readonly color: string;
  readonly self: boolean;
}

/** What a room needs to connect. */
export interface RoomOptions {
  /** `ws://host/ws` (the provider appends `/<documentId>`). */
  readonly serverUrl: string;
  readonly documentId: string;
  readonly session: Session;
  /** Keep an offline copy in IndexedDB (default true). */
  readonly persist?: boolean;
  /**
   * A projector window: read only, not listed among the people in the room (its awareness state
   * carries `projector: true`), no offline copy.
   */
  readonly projector?: boolean;
}

/** The awareness field every Accord client sets: who this is. */
export interface AwarenessUser {
  readonly name: string;
  readonly color: string;
  readonly role: Session['role'];
  readonly delegation: string | null;
}

/** The label a participant goes by: the delegation code, or the role. */
export function participantLabel(role: Session['role'], delegation: string | null): string {
  if (delegation) return delegation;
  switch (role) {
    case 'chair':
      return 'Chair';
    case 'secretariat':
      return 'Secretariat';
    case 'observer':
      return 'Observer';
    case 'delegate':
      return 'Delegate';
  }
}

/** Reads the plain-words reason out of a permission-denied message. */
export function refusalText(raw: string): string {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && 'reason' in parsed) {
      const reason = parsed.reason;
      if (typeof reason === 'string' && reason) return reason;
    }
  } catch {
    // not JSON: show as sent
  }
  return raw || 'The server refused the change.';
}

/** The browser's own idea of the network (`navigator.onLine`; true without a navigator). */
function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine;
}

/** Runs `fn` once the browser has painted the current frame (or soon, without a window). */
function afterPaint(fn: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(fn, 0);
    return;
  }
  requestAnimationFrame(() => setTimeout(fn, 0));
}

const CLOSE_REFUSED = CLOSE.refused;
const CLOSE_REVOKED = CLOSE.badToken;

/** A live document: Y.Doc + provider + offline copy + awareness, as external stores. */
export class Room {
  readonly options: RoomOptions;
  private ydocValue!: Y.Doc;
  private providerValue: WebsocketProvider | null = null;
  private awarenessValue!: AwarenessState;
  private idb: BatchedOfflineCopy | null = null;
  private readonly connectionStore = createStore<ConnectionState>({
    status: 'connecting',
    synced: false,
    loaded: false,
    online: browserOnline(),
    localLoaded: false,
    unsent: false,
    refused: null,
    closedReason: null,
  });
  private readonly presenceStore = createStore<readonly Participant[]>([]);
  private readonly generationStore = createStore(0);
  private readonly revisionStore = createStore<RevisionNotice | null>(null);
  private destroyed = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(options: RoomOptions) {
    this.options = options;
    this.build();
    const onOnline = (): void => {
      this.patch({ online: true });
      if (this.connectionStore.get().status !== 'closed') this.providerValue?.connect();
    };
    const onOffline = (): void => {
      this.patch({ online: false });
      // Do not wait for the watchdog: the network is gone, and edits go to the offline copy.
      this.providerValue?.disconnect();
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    this.cleanups.push(() => {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    });
  }

  /** The current replica; replaced after a refused change (watch {@link generation}). */
  get ydoc(): Y.Doc {
    return this.ydocValue;
  }

  /**
   * The current provider, replaced with the replica; null while the stored state is being
   * fetched (the first fraction of a second).
   */
  get provider(): WebsocketProvider | null {
    return this.providerValue;
  }

  /** The current awareness. */
  get awareness(): Awareness {
    return this.awarenessValue;
  }

  /**
   * The latest revision the server announced in this room (null until one is issued while the
   * room is open, or when it was issued before and the server's state came with the room's
   * awareness: compare its `n` with the document's summary).
   */
  get revisionNotice(): ReadableStore<RevisionNotice | null> {
    return this.revisionStore;
  }

  /**
   * Reads the server's announcement: the one awareness state without `user` (the server stamps
   * `user` on every participant's state, so no participant can forge it) carrying `revision`.
   */
  private readRevisionNotice(): void {
    let latest: RevisionNotice | null = null;
    this.awarenessValue.getStates().forEach((state) => {
      const s = state as { user?: unknown; accordServer?: unknown; revision?: unknown };
      if (s.user !== undefined || s.accordServer !== true) return;
      const r = s.revision as Partial<RevisionNotice> | undefined;
      if (!r || typeof r.n !== 'number' || typeof r.symbol !== 'string') return;
      if (!latest || r.n > latest.n) latest = r as RevisionNotice;
    });
    const prev = this.revisionStore.get();
    if (latest !== null && (prev === null || (latest as RevisionNotice).n !== prev.n))
      this.revisionStore.set(latest);
  }

  /** Connection state for the status line. */
  get connection(): ReadableStore<ConnectionState> {
    return this.connectionStore;
  }

  /** Who is here. */
  get presence(): ReadableStore<readonly Participant[]> {
    return this.presenceStore;
  }

  /** Increments each time the replica is rebuilt; the editor re-binds to {@link ydoc}. */
  get generation(): ReadableStore<number> {
    return this.generationStore;
  }

  /** The name of the IndexedDB database that keeps this participant's offline copy. */
  get offlineName(): string {
    const s = this.options.session;
    return `accord/${s.meeting}/${this.options.documentId}/${s.role}/${s.delegation ?? '-'}`;
  }

  /** The offline copy of the current replica (null before it is attached, or without one). */
  protected get offlineCopy(): BatchedOfflineCopy | null {
    return this.idb;
  }

  /** Forgets the refusal message (the user dismissed it). */
  dismissRefusal(): void {
    this.patch({ refused: null });
  }

  private patch(p: Partial<ConnectionState>): void {
    this.connectionStore.update((c) => ({ ...c, ...p }));
  }

  private build(): void {
    const { serverUrl, documentId, session } = this.options;
    const ydoc = new Y.Doc();
    this.ydocValue = ydoc;
    // Awareness exists from the start (the editor's cursors bind to it); the provider that
    // carries it is made once the stored state is in, below.
    const awareness = new AwarenessState(ydoc);
    this.awarenessValue = awareness;
    this.providerValue = null;
    const { role, delegation, name } = session;
    const label = participantLabel(role, delegation);
    const user: AwarenessUser = {
      name: name ?? label,
      color: delegationColor(
        delegation ?? (role === 'chair' ? 'CHAIR' : role === 'secretariat' ? 'SEC' : label),
      ),
      role,
      delegation,
    };
    awareness.setLocalStateField('user', user);
    if (this.options.projector) awareness.setLocalStateField('projector', true);
    awareness.on('change', () => {
      if (this.awarenessValue !== awareness) return;
      this.readPresence();
      this.readRevisionNotice();
    });
    this.readPresence();

    // Fast open: the server's stored state over HTTP first, applied while nothing listens to the
    // replica's updates (so it is decoded once and never encoded again), then the websocket, whose
    // sync brings only what changed since. The offline copy is attached after the first paint (at
    // once when the server cannot be reached); its edits merge whenever it loads.
    const httpBase = serverUrl.replace(/^ws/, 'http').replace(/\/ws\/?$/, '');
    const start = (loaded: boolean): void => {
      if (this.ydocValue !== ydoc || this.destroyed) return;
      this.connect(ydoc, awareness);
      if (!loaded) this.attachOfflineCopy(ydoc);
      else afterPaint(() => this.attachOfflineCopy(ydoc));
    };
    if (!browserOnline()) {
      start(false);
      return;
    }
    void fetchStoredState(httpBase, documentId, session.token).then((updates) => {
      if (this.ydocValue !== ydoc || this.destroyed) return;
      let loaded = false;
      if (updates) {
        markOnce('accord:state-fetched');
        try {
          applyStoredState(ydoc, updates);
          loaded = true;
          markOnce('accord:state-loaded');
          this.patch({ loaded: true });
        } catch (error) {
          // A malformed body: the websocket sync brings the document instead.
          console.warn('accord: the stored state could not be applied', error);
        }
      }
      start(loaded);
    });
  }

  /**
   * The browser's offline copy of `ydoc` (y-indexeddb, its updates written in batches:
   * `session/offlineCopy.ts`), unless this room keeps none.
   */
  private attachOfflineCopy(ydoc: Y.Doc): void {
    if (this.ydocValue !== ydoc || this.destroyed || this.idb) return;
    if (this.options.persist === false || this.options.projector) {
      this.patch({ localLoaded: true });
      return;
    }
    const idb = new BatchedOfflineCopy(this.offlineName, ydoc);
    this.idb = idb;
    void idb.whenSynced.then(() => {
      if (this.idb === idb) this.patch({ localLoaded: true });
    });
  }

  /** Makes the websocket provider of `ydoc` and connects it (when the browser is online). */
  private connect(ydoc: Y.Doc, awareness: AwarenessState): void {
    const { serverUrl, documentId, session } = this.options;
    const provider = new WebsocketProvider(serverUrl, documentId, ydoc, {
      params: { token: session.token },
      awareness,
      // Another tab of this browser may hold another role: never share updates outside the server.
      disableBc: true,
      connect: browserOnline() && this.connectionStore.get().status !== 'closed',
      shouldReconnect: (event) => event.code !== CLOSE_REVOKED && event.code !== CLOSE_REFUSED,
    });
    this.providerValue = provider;
    // Performance marks for the browser benchmark: when the socket opened, and when the server's
    // sync step 2 arrived, before it is applied; once per page.
    const syncHandler = provider.messageHandlers[0]!;
    provider.messageHandlers[0] = (encoder, decoder, p, emitSynced, messageType) => {
      if (decoding.peekVarUint(decoder) === 1) markOnce('accord:sync-received');
      syncHandler(encoder, decoder, p, emitSynced, messageType);
    };
    // Keep the server's reason for a refused change instead of the default console warning.
    provider.messageHandlers[2] = (_encoder, decoder) => {
      const kind = decoding.readVarUint(decoder);
      if (kind === 0) {
        const reason = refusalText(decoding.readVarString(decoder));
        this.patch({ refused: { reason, at: Date.now() } });
      }
    };
    provider.on('status', ({ status }) => {
      if (this.providerValue !== provider) return;
      if (status === 'connected') markOnce('accord:ws-connected');
      // Cut off: what waits for the offline copy is now the only copy of unsent work.
      if (status === 'disconnected') this.idb?.flush();
      if (this.connectionStore.get().status === 'closed') return;
      this.patch({ status, synced: status === 'connected' ? provider.synced : false });
    });
    provider.on('sync', (synced: boolean) => {
      if (this.providerValue !== provider) return;
      if (synced) markOnce('accord:document-synced');
      this.patch(synced ? { synced: true, loaded: true, unsent: false } : { synced: false });
    });
    provider.on('connection-close', (event) => {
      if (this.providerValue !== provider || !event) return;
      if (event.code === CLOSE_REFUSED) {
        if (!this.connectionStore.get().refused) {
          this.patch({ refused: { reason: 'The server refused a change.', at: Date.now() } });
        }
        // Rebuild after the current event handler returns.
        queueMicrotask(() => void this.rebuild());
      } else if (event.code === CLOSE_REVOKED) {
        this.patch({
          status: 'closed',
          synced: false,
          closedReason:
            event.reason || 'Your access to this meeting has ended (token revoked or expired).',
        });
      }
    });
    const onUpdate = (_update: Uint8Array, origin: unknown): void => {
      if (origin === provider || origin === this.idb || origin === STORED_STATE_ORIGIN) return;
      if (!provider.wsconnected && !this.connectionStore.get().unsent) this.patch({ unsent: true });
    };
    ydoc.on('update', onUpdate);
  }

  private readPresence(): void {
    const awareness = this.awarenessValue;
    const out: Participant[] = [];
    awareness.getStates().forEach((state, clientId) => {
      const user = (state as { user?: Partial<AwarenessUser> }).user;
      if (!user || (state as { projector?: boolean }).projector) return;
      const role = user.role ?? 'observer';
      const delegation = typeof user.delegation === 'string' ? user.delegation : null;
      out.push({
        clientId,
        name: typeof user.name === 'string' ? user.name : participantLabel(role, delegation),
        role,
        delegation,
        color: typeof user.color === 'string' ? user.color : '#555',
        self: clientId === awareness.clientID,
      });
    });
    const order = { chair: 0, secretariat: 1, delegate: 2, observer: 3 } as const;
    out.sort(
      (a, b) =>
        order[a.role] - order[b.role] || a.name.localeCompare(b.name) || a.clientId - b.clientId,
    );
    const prev = this.presenceStore.get();
    const same =
      prev.length === out.length &&
      prev.every((p, i) => {
        const q = out[i]!;
        return (
          p.clientId === q.clientId &&
          p.name === q.name &&
          p.role === q.role &&
          p.delegation === q.delegation &&
          p.color === q.color
        );
      });
    if (!same) this.presenceStore.set(out);
  }

  private teardown(): void {
    this.awarenessValue.setLocalState(null);
    this.providerValue?.destroy();
    this.awarenessValue.destroy();
    void this.idb?.destroy();
    this.ydocValue.destroy();
  }

  /**
   * Throws the replica away and rebuilds it from the server (after a refused change): the offline
   * copy is cleared too, since it holds the refused change.
   */
  async rebuild(): Promise<void> {
    if (this.destroyed) return;
    const idb = this.idb;
    this.idb = null;
    this.awarenessValue.setLocalState(null);
    this.providerValue?.destroy();
    this.awarenessValue.destroy();
    if (idb) await idb.clearData();
    this.ydocValue.destroy();
    if (this.destroyed) return;
    this.patch({
      status: 'connecting',
      synced: false,
      loaded: false,
      unsent: false,
      localLoaded: false,
    });
    this.build();
    this.generationStore.update((g) => g + 1);
  }

  /** Disconnects and frees everything. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const c of this.cleanups) c();
    this.teardown();
  }
}
