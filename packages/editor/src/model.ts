/**
 * The core model types this package converts to and from (re-exported from `@accord/core`).
 *
 * @packageDocumentation
 */
export type {
  Attribution,
  BracketNode,
  DraftDocument,
  GroupNode,
  InlineNode,
  Paragraph,
  ParagraphKind,
  ParagraphStatus,
  Stance,
  TextMark,
  TextNode,
} from '@accord/core';
