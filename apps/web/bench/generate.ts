/**
 * The generated draft of the browser benchmark, from the shared testing module
 * (`@accord/core/testing`, `packages/core/src/testing/`).
 */
export { describeDraft, generateDraft } from '@accord/core/testing';
