// Bundles the `signet` command line into out/cli/, so `signet` starts fast. Runs from `npm ci`
// (prepare) and `npm run build`. Dependencies stay external. With code splitting, the entry
// (out/cli/signet.js) holds only what asking the agent for a token needs; the full command line
// is a chunk it imports when it has to (docs/ARCHITECTURE.md §6, the lean paths).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('out/cli', { recursive: true, force: true });
await build({
  entryPoints: ['src/main/cli/signet.ts'],
  outdir: 'out/cli',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: { js: '// Built from src/main/cli by scripts/build-cli.js; do not edit.' },
});
