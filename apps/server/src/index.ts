/**
 * `@accord/server`: the negotiation server (live sync, meetings, roles enforced, storage,
 * revisions, history, HTTP API).
 *
 * @packageDocumentation
 */
export { startServer, DEFAULT_WEB_DIST } from './server';
export type { ServerOptions, RunningServer } from './server';
export { backupDatabase, checkDatabase, openDatabase } from './db';
export type { DatabaseCheck, Db } from './db';
export { Store, ROLES, newId, nowIso } from './store';
export type {
  Role,
  Meeting,
  Participant,
  DocumentRow,
  RevisionRow,
  HistoryRow,
  DocumentCounts,
} from './store';
export { loadSecret, makeToken, verifyToken } from './tokens';
export type { TokenPayload } from './tokens';
export { importDocument, issueRevision, summarize, parseAliases } from './documents';
export type { DocumentSummary, ImportResult } from './documents';
export { ensureDemo, DEMO_MEETING, DEMO_ALIASES } from './demo';
export type { Invitation } from './demo';
export { compareDrafts, wordDiff } from './compare';
export type { DraftComparison, DiffOp, ParagraphDiff, BracketRef } from './compare';
export { DEFAULT_LIMITS } from './limits';
export type { Limits } from './limits';
export { CLOSE } from './conn';
export { MESSAGE_SYNC, MESSAGE_AWARENESS, MESSAGE_AUTH, MESSAGE_QUERY_AWARENESS } from './protocol';
export { inspectUpdate } from './update-check';
export type { UpdateInspection } from './update-check';
export { stampAwareness, userOf } from './awareness';
export type { AwarenessUser } from './awareness';
export {
  Silence,
  SilenceError,
  silenceText,
  silenceSummary,
  SYSTEM_CLOCK,
  MAX_STATEMENT,
} from './silence';
export { SILENCE_SCHEMA } from './silence-schema';
export type {
  SilenceClock,
  SilenceState,
  SilenceEvent,
  SilenceEventKind,
  SilenceProcedure,
  SilenceSummary,
  SilenceText,
} from './silence';
export { SilenceWatch, silenceJson } from './silence-watch';
export type { SilenceJson, SilenceEventJson, SilenceNotice } from './silence-watch';
export { parseZoned, formatZoned, dateInZone, isTimeZone, zoneOffsetMs } from './zoned-time';
export type { ZonedParse } from './zoned-time';
export { checkZip } from './zip-check';
export type { ZipBounds, ZipCheck } from './zip-check';
export { openStore, storeTarget, targetLabel, postgresSecret } from './open-store';
export type { OpenStore, StoreTarget } from './open-store';
export { PgDb, PgError, isPostgresUrl, safeUrl } from './pg';
export type { SqlDb, SqlStatement, SqlTransaction } from './sql';
export { LogFollower, RedisBus, NotifyBus } from './follow';
export type { Bus } from './follow';
export { migrateStore, compareStores } from './migrate';
export type { MigrationReport } from './migrate';
