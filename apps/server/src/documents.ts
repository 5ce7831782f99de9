/**
 * What the HTTP API and the CLI do with documents: import a draft, summarize it, issue and read
 * revisions, compare, and tell a bracket's history.
 */
import type { ActorInfo } from '@accord/contracts';
import * as Y from 'yjs';
import {
  bracketsOf,
  countsOf,
  docFromState,
  draftOf,
  notationOf,
  parseNotation,
  seedDocument,
  type DraftDocument,
  type NotationError,
} from './accord';
import { compareDrafts, type DraftComparison } from './compare';
import { TEXT_EDITS } from './authorship';
import { importHistory } from './history';
import { silenceSummary, silenceSummaryAsync, type SilenceSummary } from './silence';
import type { DocumentRow, HistoryRow, Participant, RevisionRow, Store } from './store';

/** A document as the meeting's list shows it. */
export interface DocumentSummary {
  id: string;
  meetingId: string;
  symbol: string;
  title: string;
  revision: number;
  revisionSymbol: string;
  paragraphs: number;
  paragraphsAgreed: number;
  bracketsOpen: number;
  createdAt: string;
  updatedAt: string;
  /** The latest silence procedure, in short, or null. */
  silence: SilenceSummary | null;
}

/** Parses `Turk=TUR, Rus=RUS` (front matter style) into an alias map. */
export function parseAliases(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const part of text.split(/[,;\n]/)) {
    const m = /^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$/.exec(part);
    if (m?.[1] && m[2]) out[m[1]] = m[2].toUpperCase();
  }
  return out;
}

/** The result of an import. */
export type ImportResult =
  | { ok: true; document: DocumentRow }
  | {
      ok: false;
      /** The first problems (at most a hundred), in the order of the text. */
      errors: readonly NotationError[];
      /** How many problems in all. */
      errorCount: number;
      /** What could be read (the paragraphs without a problem), for a partial report. */
      partial?: DraftDocument;
      /** Paragraphs left out of `partial`. */
      unread?: number;
      /** Set (with no `errors`) when `requireSymbol` was asked and no symbol was found. */
      missingSymbol?: true;
    };

/** Creates a document in a meeting from notation text. */
export function importDocument(
  store: Store,
  input: {
    meetingId: string;
    text: string;
    symbol?: string | null;
    title?: string | null;
    aliases?: Record<string, string>;
    createdBy: string | null;
    /** Used for the default symbol, e.g. the file's name without extension. */
    fallbackSymbol?: string;
    /**
     * Refuse (`missingSymbol`) when neither `symbol`, the draft's own `symbol` meta nor
     * `fallbackSymbol` gives one, instead of naming the document `DRAFT/<n>`.
     */
    requireSymbol?: boolean;
  },
): ImportResult {
  const parsed = parseNotation(input.text, input.aliases);
  if (!parsed.ok) {
    const { errors, errorCount, partial, unread } = parsed;
    return { ok: false, errors, errorCount, partial, unread };
  }
  const draft = parsed.doc;
  const aliases = { ...parseAliases(draft.meta.aliases), ...(input.aliases ?? {}) };
  const found = input.symbol?.trim() || draft.meta.symbol?.trim() || input.fallbackSymbol;
  if (!found && input.requireSymbol)
    return { ok: false, errors: [], errorCount: 0, missingSymbol: true };
  const symbol = found || `DRAFT/${store.listDocuments(input.meetingId).length + 1}`;
  const firstHeading = draft.paragraphs.find((p) => p.kind === 'heading');
  const title =
    input.title?.trim() ||
    draft.meta.title?.trim() ||
    (firstHeading
      ? firstHeading.content
          .map((n) => (n.type === 'text' ? n.text : ''))
          .join('')
          .trim()
      : '') ||
    symbol;
  const ydoc = seedDocument(draft, { symbol, title, aliases });
  try {
    const seeded = draftOf(ydoc);
    const texts = new Map<string, string>();
    for (const b of bracketsOf(seeded)) if (b.id) texts.set(b.id, b.text);
    const document = store.createDocument({
      meetingId: input.meetingId,
      symbol,
      title,
      aliases,
      state: Y.encodeStateAsUpdate(ydoc),
      notation: notationOf(seeded),
      counts: countsOf(seeded),
      createdBy: input.createdBy,
    });
    const history = importHistory(
      ydoc,
      document.id,
      input.createdBy,
      (id) => texts.get(id) ?? null,
    );
    if (history.length > 0) store.append([], history);
    return { ok: true, document };
  } finally {
    ydoc.destroy();
  }
}

/** The summary of a document row for the meeting's list. */
export function summarize(store: Store, row: DocumentRow): DocumentSummary {
  return summaryOf(row, store.listRevisions(row.id), silenceSummary(store.db, row.id));
}

/** {@link summarize} without blocking the event loop. */
export async function summarizeAsync(store: Store, row: DocumentRow): Promise<DocumentSummary> {
  const [revisions, silence] = await Promise.all([
    store.listRevisionsAsync(row.id),
    silenceSummaryAsync(store.db, row.id),
  ]);
  return summaryOf(row, revisions, silence);
}

function summaryOf(
  row: DocumentRow,
  revisions: readonly RevisionRow[],
  silence: SilenceSummary | null,
): DocumentSummary {
  const latest = revisions[revisions.length - 1];
  const n = latest?.n ?? 0;
  return {
    id: row.id,
    meetingId: row.meetingId,
    symbol: row.symbol,
    title: row.title,
    revision: n,
    revisionSymbol: n > 0 && latest ? latest.symbol : row.symbol,
    paragraphs: row.paragraphs,
    paragraphsAgreed: row.paragraphsAgreed,
    bracketsOpen: row.bracketsOpen,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    silence,
  };
}

/** Who issued a revision or made a change, as the API shows it. */
export type PersonRef = ActorInfo;

/** A participant id as the API shows it. */
export function personRef(store: Store, id: string | null): PersonRef {
  return personRefOf(id, id ? store.getParticipant(id) : null);
}

/** A participant id as the API shows it, from its row (null: not found, or no id). */
export function personRefOf(id: string | null, p: Participant | null): PersonRef {
  return p
    ? { participantId: p.id, name: p.name, role: p.role, delegation: p.delegation }
    : {
        participantId: id,
        name: id ? 'unknown participant' : 'the server',
        role: null,
        delegation: null,
      };
}

/** Who each of `ids` is, read without blocking the event loop, to name them as the API does. */
export async function peopleAsync(
  store: Store,
  ids: Iterable<string | null>,
): Promise<(id: string | null) => PersonRef> {
  const found = new Map<string, Participant | null>();
  for (const id of ids) if (id) found.set(id, null);
  await Promise.all(
    [...found.keys()].map(async (id) => found.set(id, await store.getParticipantAsync(id))),
  );
  return (id) => personRefOf(id, id ? (found.get(id) ?? null) : null);
}

/** A revision as the API shows it (`who` names its issuer; by default read from the store). */
export function revisionJson(
  store: Store,
  r: RevisionRow,
  who: (id: string | null) => PersonRef = (id) => personRef(store, id),
): Record<string, unknown> {
  return {
    n: r.n,
    symbol: r.symbol,
    date: r.date,
    issuedBy: who(r.issuedBy),
    issuedAt: r.issuedAt,
    paragraphs: r.paragraphs,
    bracketsOpen: r.bracketsOpen,
  };
}

/** Issues the next revision of a document from its current state. */
export function issueRevision(
  store: Store,
  row: DocumentRow,
  doc: Y.Doc,
  by: Participant,
  options: { symbol?: string; date?: string },
): RevisionRow {
  const draft = draftOf(doc);
  const counts = countsOf(draft);
  return store.addRevision({
    documentId: row.id,
    symbol: (n) => options.symbol?.trim() || `${row.symbol}/Rev.${n}`,
    date: options.date?.trim() || new Date().toISOString().slice(0, 10),
    issuedBy: by.id,
    state: Y.encodeStateAsUpdate(doc),
    notation: notationOf(draft),
    paragraphs: counts.paragraphs,
    bracketsOpen: counts.bracketsOpen,
  });
}

/** How a bracket ended, according to its history. */
export function resolutionFromHistory(store: Store, documentId: string) {
  const rows = store.history(documentId);
  const last = new Map<string, 'accepted' | 'removed'>();
  for (const r of rows) {
    if (r.action === 'accepted' || r.action === 'chosen') last.set(r.bracketId, 'accepted');
    if (r.action === 'removed') last.set(r.bracketId, 'removed');
  }
  return (id: string): 'accepted' | 'removed' | null => last.get(id) ?? null;
}

/** Compares two stored states of a document. */
export function compareStates(
  store: Store,
  documentId: string,
  older: Uint8Array | Y.Doc,
  newer: Uint8Array | Y.Doc,
): DraftComparison {
  const read = (s: Uint8Array | Y.Doc) => {
    if (s instanceof Y.Doc) return draftOf(s);
    const d = docFromState(s);
    try {
      return draftOf(d);
    } finally {
      d.destroy();
    }
  };
  return compareDrafts(read(older), read(newer), resolutionFromHistory(store, documentId));
}

/** A history event as the API shows it. */
export function historyJson(
  store: Store,
  rows: readonly HistoryRow[],
  textOf: (id: string) => string | null,
  person: (id: string | null) => PersonRef = (id) => personRef(store, id),
) {
  const people = new Map<string | null, PersonRef>();
  const who = (id: string | null): PersonRef => {
    let p = people.get(id);
    if (!p) {
      p = person(id);
      people.set(id, p);
    }
    return p;
  };
  const byBracket = new Map<string, Array<Record<string, unknown>>>();
  for (const r of rows) {
    if (r.bracketId === TEXT_EDITS) continue; // who wrote the text: for comparisons only
    const list = byBracket.get(r.bracketId) ?? [];
    const event: Record<string, unknown> = { at: r.at, action: r.action, by: who(r.participantId) };
    if (r.delegation) event.delegation = r.delegation;
    if (r.stance) event.stance = r.stance;
    const text =
      r.text ?? (r.action === 'proposed' || r.action === 'imported' ? textOf(r.bracketId) : null);
    if (text) event.text = text;
    list.push(event);
    byBracket.set(r.bracketId, list);
  }
  return [...byBracket].map(([bracketId, events]) => ({ bracketId, events }));
}
