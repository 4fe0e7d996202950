import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Shapes of every secret the emulators and Signet handle: tokens, codes, JWTs. */
export const secretPatterns: RegExp[] = [
  /gh[opsur]_[A-Za-z0-9_-]{16,}/,
  /ya29\.[A-Za-z0-9_-]{16,}/,
  /1\/\/0[A-Za-z0-9_-]{16,}/,
  /dsc_(at|rt)_[A-Za-z0-9_-]{16,}/,
  /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./,
  /[?&](code|state|code_verifier|access_token|refresh_token)=[A-Za-z0-9._~%-]{8,}/,
];

/** The secrets found in `text`: known exact values, and anything secret-shaped. */
export function findSecrets(text: string, known: string[] = []): string[] {
  const hits: string[] = [];
  for (const value of known)
    if (value.length >= 8 && text.includes(value)) hits.push(`known value ${value.slice(0, 6)}…`);
  for (const pattern of secretPatterns) {
    const match = pattern.exec(text);
    if (match) hits.push(`${pattern.source} → ${match[0].slice(0, 12)}…`);
  }
  return hits;
}

/** Every file under `dir` (database, WAL, logs, config), read as bytes and scanned as latin1 text. */
export function findSecretsInFiles(dir: string, known: string[] = []): string[] {
  const hits: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name);
      if (statSync(file).isDirectory()) walk(file);
      else
        for (const hit of findSecrets(readFileSync(file).toString('latin1'), known))
          hits.push(`${name}: ${hit}`);
    }
  };
  walk(dir);
  return hits;
}
