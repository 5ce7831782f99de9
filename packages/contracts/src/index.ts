/**
 * `@accord/contracts`: what the server, the web app and the CLI agree on. Pure TypeScript, no
 * runtime dependencies.
 *
 * @packageDocumentation
 */
export { CLOSE, type CloseCode } from './close-codes';
export {
  CAPABILITIES,
  MANAGERS,
  ROLES,
  can,
  isRole,
  rolesThatCan,
  type Capability,
  type Role,
} from './roles';
export {
  DOCX_MEDIA_TYPE,
  notationErrorText,
  type ActorInfo,
  type ApiErrorBody,
  type ApiNotationError,
  type BracketRef,
  type Comparison,
  type DocumentSummary,
  type ExportFormat,
  type HistoryEvent,
  type InviteRequest,
  type Invited,
  type MeetingInfo,
  type ParticipantInfo,
  type PreviewRequest,
  type Revision,
  type Revoked,
  type SessionInfo,
  type Silence,
  type SilenceState,
  type SilenceStatus,
  type SilenceStep,
  type SilenceSummary,
} from './http';
