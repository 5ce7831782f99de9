/**
 * `@accord/editor`: the ProseMirror schema of bracketed drafts, bracket mode, the Chair's
 * commands, the Yjs layout and the server-side check of updates. Works headless in Node and in
 * the browser.
 *
 * @packageDocumentation
 */

// Types and Yjs names
export type {
  AccordOrigin,
  Actor,
  AttributionRecord,
  BracketKind,
  BracketMeta,
  Resolution,
  Role,
} from './types';
export {
  actorDelegation,
  attributionKey,
  BRACKET_KINDS,
  parseAttributionKey,
  PLACEHOLDER,
  SEED_ORIGIN,
  Y_ATTRIBUTIONS,
  Y_BRACKETS,
  Y_FRAGMENT,
  Y_META,
} from './types';

// Schema
export type { BlockKind } from './schema';
export { accordSchema, bracketIdsOf, bracketMark, isBlock } from './schema';
export { newBracketId, setIdRandom } from './ids';
export type { RandomSource } from './ids';

// Side data (bracket metadata, attributions)
export type { SideChange, SideData } from './side';
export {
  applySideChange,
  attributionsOf,
  coreAttributionsOf,
  effectiveGroup,
  EMPTY_SIDE,
  makeSide,
  sideFromYDoc,
  typingExtends,
  writeSideChange,
} from './side';

// Bracket structure and conversion
export type { BlockInfo, BracketLocation, BracketSpan, InlineItem } from './block-info';
export { blockAt, blockInfo, findBracket } from './block-info';
export type { ConvertedDraft, DraftToDocOptions } from './convert';
export {
  blockToInline,
  blockToParagraph,
  docToDraft,
  draftToDoc,
  inlineText,
  paragraphToBlock,
} from './convert';

// Spacing at a bracket's edges (the rule of rules/spacing.ts)
export type { EdgeSpaces } from './rules/spacing';
export { bracketWording, EDGE_SPACE, edgeSpaces, shownExtent } from './rules/spacing';

// Yjs: seeding and reading (server side)
export type { AccordYTypes } from './ydoc';
export {
  accordTypes,
  FRONT_MATTER,
  readDoc,
  readDraft,
  readMeta,
  readSide,
  seedYDoc,
} from './ydoc';

// Stored state (the framing of GET /api/documents/:id/state)
export { decodeStoredState, encodeStoredState, STORED_STATE_MEDIA_TYPE } from './stored-state';

// Server-side check
export type { GuardResult, UpdateGuard } from './guard';
export { createUpdateGuard } from './guard';
export {
  bracketMarkKey,
  checkShape,
  DEFAULT_SHAPE_LIMITS,
  type KeyChange,
  type ShapeInput,
  type ShapeLimits,
} from './guard-shape';

// Editor plugins
export type { AccordMeta, AccordPluginState, AccordStateOptions } from './state';
export { accordKey, accordMeta, accordStatePlugin, getAccordState, setBracketMode } from './state';
export { bracketModeKey, bracketModePlugin, isForeign } from './bracket-mode';
export {
  attributionLabel,
  blockDecorations,
  bracketDecorationsKey,
  bracketDecorationsPlugin,
  typistOf,
} from './decorations';
export type { AccordPluginsOptions, AccordPluginsResult } from './plugins';
export { accordPlugins, createUndoManager } from './plugins';
export type { HeadlessEditor } from './headless';
export { createHeadlessEditor, headlessFromPlugins } from './headless';

// Intents: the delegate's unconfirmed work, replayed after a refusal or a reconnect
export type {
  AlternativeIntent,
  DeletedIntent,
  Intent,
  IntentKind,
  IntentVersion,
  ParagraphIntent,
  PlaceJSON,
  SetAsideIntent,
  StanceIntent,
  TypedIntent,
  WithdrewIntent,
} from './intents/intent';
export { describeIntent, intentWords, lastClock, quoteWords } from './intents/intent';
export type { IntentsMeta, IntentsState } from './intents/record';
export {
  confirmIntents,
  intentsKey,
  intentsPlugin,
  isConfirmed,
  markRange,
  pendingIntents,
  restoreIntents,
} from './intents/record';
export { paragraphName, placeAt, resolvePlace } from './intents/place';
export type { IntentOutcome, ReplayPlan, ReplayTarget } from './intents/replay';
export { applyIntent, placeCaret, planReplay } from './intents/replay';
export type { CarriedUndo, UndoHistory, UndoStep } from './intents/undo-history';
export { carryUndoHistory, takeUndoHistory, undoManagerOf } from './intents/undo-history';
export type { RecoveryOutcome } from './intents/recover';
export { recoverOnto } from './intents/recover';

// Paragraph numbers (node views)
export { labelInsideBracket, labelText, numberedBlockViews } from './numbering';

// Remote cursors (awareness)
export type { CursorUser, CursorsOptions } from './cursors';
export { awarenessPosition, cursorsKey, cursorsPlugin, remoteCursorDecorations } from './cursors';
export { typeCharacter, typedCharacter, typingKey, typingPlugin } from './typing';

// Commands
export {
  addAttribution,
  deleteSelectionByParagraph,
  groupMembers,
  insertProposal,
  isPresiding,
  newAttribution,
  newMeta,
  proposeAlternative,
  proposeAsChair,
  proposeParagraph,
  withdrawAttribution,
} from './commands';
export {
  acceptBracket,
  acceptWarnings,
  chooseAlternative,
  deleteBracket,
  renumberParagraphs,
} from './presiding';
export { redoCommand as redo, undoCommand as undo } from 'y-prosemirror';

// Changes to agreed text since the last revision
export type { AgreedChange } from './agreed-changes';
export { agreedChanges, alignSequences, blockNames } from './agreed-changes';
export type { AgreedBaseMeta, AgreedChangesOptions, AgreedChangesState } from './agreed-marks';
export {
  agreedChangeDecorations,
  agreedChangesKey,
  agreedChangesOf,
  agreedChangesPlugin,
  setAgreedBase,
} from './agreed-marks';
export { writersOf } from './writers';

// Bracket panel and colours
export type { BlockBracket, DraftStatus, OpenBracket } from './panel';
export {
  draftStatus,
  filterBrackets,
  listOpenBrackets,
  listOpenBracketsOf,
  openBracketsInBlock,
} from './panel';
export type { DelegationColor } from './colors';
export { bracketCss, delegationColor } from './colors';
