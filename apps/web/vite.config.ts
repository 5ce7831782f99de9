import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The web app's bundle. `vite build` writes `dist/`, which `accord serve` serves; `vite` (dev)
 * proxies the HTTP API and the websocket to a server started with `accord serve --port 8787`.
 */
export default defineConfig({
  plugins: [react()],
  resolve: {
    // One copy of each of these, or Yjs and ProseMirror break silently (instanceof checks).
    dedupe: [
      'yjs',
      'y-protocols',
      'lib0',
      'y-prosemirror',
      'prosemirror-model',
      'prosemirror-state',
      'prosemirror-view',
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8787',
      '/ws': { target: 'ws://localhost:8787', ws: true },
    },
  },
});
