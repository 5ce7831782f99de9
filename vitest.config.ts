import { defineConfig } from 'vitest/config';

// One Vitest run over every package; each project keeps its own config file.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
