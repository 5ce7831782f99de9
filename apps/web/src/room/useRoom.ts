/**
 * Creates the {@link DocumentSession} of a document for the life of a component, and the document's summary
 * from the HTTP API. The room object is held by identity only; its contents are read through its
 * external stores.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiClient, ApiError } from '../api/client';
import type { DocumentSummary } from '../api/client';
import type { Session } from '../app/session';
import { DocumentSession } from '../session/DocumentSession';

/** The websocket base URL of the server that served this page: `ws(s)://host/ws`. */
export function websocketBase(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/ws`;
}

/** The room of `documentId` for `session`, or null during the first render. */
export function useRoom(
  session: Session | null,
  documentId: string,
  projector = false,
): DocumentSession | null {
  const [room, setRoom] = useState<DocumentSession | null>(null);
  // The session object is re-read from storage on each render; the token is what matters.
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const token = session?.token ?? null;
  useEffect(() => {
    const current = sessionRef.current;
    if (!token || !current) return;
    const r = new DocumentSession({
      serverUrl: websocketBase(),
      documentId,
      session: current,
      projector,
    });
    setRoom(r);
    return () => {
      r.destroy();
      setRoom(null);
    };
  }, [token, documentId, projector]);
  return room;
}

/** The document's summary (symbol, title, revision), refreshed on demand. */
export function useDocumentSummary(
  client: ApiClient | null,
  documentId: string,
): { summary: DocumentSummary | null; error: ApiError | null; reload: () => void } {
  const [summary, setSummary] = useState<DocumentSummary | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const reload = useCallback(() => {
    if (!client) return;
    client.document(documentId).then(
      (s) => {
        setSummary(s);
        setError(null);
      },
      (e: unknown) => setError(e instanceof ApiError ? e : new ApiError(String(e), 0)),
    );
  }, [client, documentId]);
  useEffect(reload, [reload]);
  return { summary, error, reload };
}
