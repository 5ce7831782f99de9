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
    // The toolbar and panels follow the editor after a pause; on a loaded machine (CI runs the
    // browser, the server and the test on two cores) the default second of polling is short.
    expect: { poll: { timeout: 5_000, interval: 50 } },
    reporters: ['default'],
  },
});
