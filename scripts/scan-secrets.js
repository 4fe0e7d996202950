// Scans the test run's own output and logs (test-results/*.log, *.json) for anything shaped like
// a secret: provider tokens, JWTs, and code/state/verifier/token URL parameters. The suite fails
// when one appears: secrets never belong in test output.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const patterns = [
  /gh[opsur]_[A-Za-z0-9_-]{16,}/g,
  /ya29\.[A-Za-z0-9_-]{16,}/g,
  /1\/\/0[A-Za-z0-9_-]{16,}/g,
  /dsc_(?:at|rt)_[A-Za-z0-9_-]{16,}/g,
  /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  /[?&](?:code|state|code_verifier|access_token|refresh_token)=[A-Za-z0-9._~%/+-]{12,}/g,
];

const dir = process.argv[2] ?? 'test-results';
const hits = [];
for (const name of readdirSync(dir)) {
  const file = path.join(dir, name);
  if (!statSync(file).isFile() || !/\.(log|json|txt)$/.test(name)) continue;
  const text = readFileSync(file, 'utf8');
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern))
      hits.push(`${name}: ${match[0].slice(0, 10)}… (${pattern.source.slice(0, 24)})`);
  }
}
if (hits.length > 0) {
  console.error(`secret scan: ${hits.length} secret-shaped strings in test output:`);
  for (const hit of hits.slice(0, 20)) console.error(`  ${hit}`);
  process.exit(1);
}
console.log(`secret scan: no secrets in ${dir}`);
