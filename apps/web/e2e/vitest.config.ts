import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: the built app, served by the real `accord serve` on a fresh data folder,
 * driven in Debian's Chromium through playwright-core. One file at a time (the machine has two
 * cores); each file starts one browser and one server and opens several contexts.
 */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
