// Run in a child process by the keychain tests, with whatever D-Bus environment the test gives
// it: tries the real keychain and prints what happened as one JSON line.
import { KeytarSecretStore } from '../../src/main/core/secrets/keytar-secret-store.js';

const started = Date.now();
const store = new KeytarSecretStore({ service: process.env['SIGNET_KEYCHAIN_SERVICE'] ?? 'signet-probe' });
const availability = await store.availability();
let error: { name: string; code: string; message: string } | null = null;
try {
  await store.setCredential('probe', { kind: 'refresh_token', token: 'probe-token' });
} catch (caught) {
  const e = caught as { name: string; code: string; message: string };
  error = { name: e.name, code: e.code, message: e.message };
}
process.stdout.write(`${JSON.stringify({ availability, error, ms: Date.now() - started })}\n`);
