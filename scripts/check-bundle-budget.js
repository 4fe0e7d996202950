// Checks the renderer's production JavaScript (minified, gzipped) against the budget recorded in
// bench/budget.json. Run after `electron-vite build`.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export function rendererJsGzipBytes(dir = 'out/renderer/assets') {
  if (!existsSync(dir)) throw new Error(`${dir} is missing: run electron-vite build first`);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .reduce((sum, name) => sum + gzipSync(readFileSync(path.join(dir, name)), { level: 9 }).length, 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const budget = JSON.parse(readFileSync('bench/budget.json', 'utf8')).rendererJsGzipBytes;
  const size = rendererJsGzipBytes();
  const line = `renderer JS: ${size} bytes gzipped, budget ${budget} (${((size / budget) * 100).toFixed(0)}%)`;
  if (size > budget) {
    console.error(`${line}: over budget`);
    process.exit(1);
  }
  console.log(line);
}
