import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * The dev server injects inline scripts and styles (React refresh, CSS) that the window's strict
 * CSP meta would block; in dev only, the meta goes and the main process's header (which allows
 * the dev server origin) applies. Production builds keep the meta as written.
 */
function devServerCsp(): Plugin {
  return {
    name: 'signet-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}

/**
 * Three bundles into `out/`: the main process (ESM, dependencies left in node_modules so native
 * modules load from there), the preload (CommonJS with every dependency inlined, because a
 * sandboxed preload can require nothing but `electron`), and the React window.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        // The app and the installed `signet` command: src/main/app-entry.ts picks one by argv.
        input: { index: resolve(import.meta.dirname, 'src/main/app-entry.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react(), devServerCsp()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      // bench/budget.json measures minified, gzipped JavaScript.
      minify: true,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') },
      },
    },
  },
});
