/**
 * The generated draft of the editor's benchmark (a core DraftDocument), from the shared testing
 * module (`@accord/core/testing`, `packages/core/src/testing/`).
 */
export { generateDraftDocument as generateDraft } from '@accord/core/testing';
