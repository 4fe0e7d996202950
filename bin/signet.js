#!/usr/bin/env node
// `signet`: runs the bundled CLI (built by `npm ci` through the prepare script), or the
// TypeScript source through tsx when the bundle is missing (a checkout without a build).
import { existsSync } from 'node:fs';

const bundle = new URL('../out/cli/signet.js', import.meta.url);
if (existsSync(bundle)) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/main/cli/signet.ts', import.meta.url).href);
}
