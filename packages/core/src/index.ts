/**
 * `@accord/core`: the bracket notation of negotiated drafts. Parse, model, serialize, resolve,
 * clean text, preview and report. Pure ES2022: no DOM, no Node API.
 *
 * @packageDocumentation
 */
export type {
  Attribution,
  BracketNode,
  BracketSpan,
  DraftDocument,
  GroupNode,
  InlineNode,
  Paragraph,
  ParagraphKind,
  ParagraphStatus,
  SourceLocation,
  Stance,
  TextMark,
  TextNode,
} from './model';
export { STANCES } from './model';
export type {
  BracketInfo,
  CleanResult,
  Dialect,
  DraftReport,
  NotationError,
  ParseOptions,
  ParseResult,
  PreviewMode,
  ReportBracket,
  ReportNote,
  ReportStatus,
  ResolveError,
  ResolveResult,
  ResolveStep,
  StanceCounts,
} from './types';
export { parse } from './parse';
export { DIALECTS, detectDialect } from './dialect';
export { decodeDraft } from './decode';
export type { DecodeResult } from './decode';
export { MAX_PROBLEMS } from './scan-chars';
export { serialize, serializeParagraph, writeAttribution, writeAttributions } from './serialize';
export { groupForm } from './group-form';
export { NO_TEXT_OPTION, optionHead } from './options';
export type { GroupForm } from './group-form';
export { listBrackets } from './brackets';
export { docsEqual, inlineEqual } from './equal';
export { plainText, tidySpacing } from './plain';
export { foldDelegation, parseAliases, formatAliases } from './delegation';
export { att, bracket, doc, group, para, text } from './builders';
export type { BracketAttrs, InlineInput, ParagraphAttrs } from './builders';
export { resolve } from './resolve';
export { tidyDraft, tidyParagraph } from './tidy';
export { PUNCTUATION, isPunctuation, isPunctuationCode, strongerPunctuation } from './punctuation';
export { preview } from './preview';
export { blanks, cleanLabels, cleanText, isBlank, paragraphText } from './clean';
export { report } from './report';
export { delegationOfName, knownDelegationNames } from './names';
export { UNNAMED } from './positions';
export { isStatusNote, writeStatus } from './status';
export { stanceConflicts } from './stance-conflicts';
