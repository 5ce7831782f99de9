/**
 * `@accord/docx`: Word in, Word out. DOCX, HTML and text exports of consolidated and clean texts
 * laid out like the Secretariat's documents, DOCX import of drafts written in the bracket
 * notation, and comparison of two revisions as a DOCX with Word tracked changes or as HTML.
 *
 * @packageDocumentation
 */
export type {
  CompareOptions,
  ExportOptions,
  Heading,
  HeadingOptions,
  TrackedChange,
} from './options';
export {
  DEFAULT_BODY_NAME,
  DEFAULT_BODY_NAME_RU,
  DEFAULT_DISTRIBUTION,
  documentDate,
  formatDate,
  PROPERTY_KIND,
  PROPERTY_META_PREFIX,
  PROPERTY_SYMBOL,
  resolveHeading,
  symbolWithRevision,
} from './options';
export type { HtmlOptions } from './export';
export { CleanTextRefusedError, documentToPrint, toDocx, toHtml, toText } from './export';
export type { ComparedParagraph, CompareHtmlOptions } from './compare';
export { compareDocx, compareDrafts, compareHtml } from './compare';
export type { ExportFormat, ExportResult } from './result';
export { DOCX_MEDIA_TYPE, exportComparison, exportDraft, fileNameOf } from './result';
export type { DocxImportError, DocxImportOptions, DocxImportResult } from './import';
export {
  docxToNotation,
  fromDocx,
  leadingHeadingBlock,
  paragraphToNotation,
  runsToNotation,
} from './import';
export type { DocxContent, DocxParagraph, DocxRun } from './read-docx';
export { DocxFormatError, formatNumber, readDocx } from './read-docx';
export type { LaidParagraph, LayoutOptions, Segment, SegmentRole } from './render';
export { attributionText, labelText, layDocument, layParagraph, paragraphLine } from './render';
export type { DiffOp, ParagraphPairing, Token } from './diff';
export { alignParagraphs, diffParagraph, diffSequences, similarity, tokenize } from './diff';
export {
  FALLBACK_FONT,
  FONT,
  STYLE_HEADING_BLOCK,
  STYLE_LEAD_WORD,
  STYLE_NOTATION,
} from './docx-layout';
export type { BodyProfile, DateStyle } from './profile';
export {
  CICA_PROFILE,
  PLAIN_PROFILE,
  builtInProfile,
  checkProfile,
  formatProfileDate,
  parseProfile,
  profileOptions,
  symbolMatches,
} from './profile';
