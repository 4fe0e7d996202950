// Bundles the `signet` command line into out/cli/signet.js, so `npx signet` starts fast.
// Runs from `npm ci` (prepare) and `npm run build`. Dependencies stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main/cli/signet.ts'],
  outfile: 'out/cli/signet.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: { js: '// Built from src/main/cli by scripts/build-cli.js; do not edit.' },
});
