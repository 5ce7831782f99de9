/**
 * Generated drafts for benchmarks and tests, shared by every package (the server's benchmark, the
 * web app's, the editor's): deterministic for a given seed. Not part of the notation engine's
 * API: exported as `@accord/core/testing`, outside the package's `index.ts`.
 *
 * @packageDocumentation
 */
export { generateDraftDocument } from './draft-document';
export { describeDraft, generateDraft } from './draft-text';
