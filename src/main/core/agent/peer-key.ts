import { randomBytes, timingSafeEqual } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';

/**
 * A new peer key for this run of the agent, written to `keyPath` with mode 0600 (through a
 * temporary file, so a client never reads half a key). Only a process that can read this user's
 * files can present it: the agent's check that a peer is this user (SECURITY.md, "The agent").
 */
export function writePeerKey(keyPath: string): string {
  const key = randomBytes(32).toString('hex');
  const temporary = `${keyPath}.${process.pid}.tmp`;
  writeFileSync(temporary, key, { mode: 0o600 });
  renameSync(temporary, keyPath);
  return key;
}

/** Compares a presented key with the agent's in constant time. */
export function peerKeyMatches(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
