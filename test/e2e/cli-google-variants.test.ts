import { afterAll, describe, expect, it } from 'vitest';
import {
  startGoogleEmulator,
  type GoogleEmulator,
  type GoogleEmulatorOptions,
} from '../../emulators/index.js';
import { isolatedCliEnv, recordingSignet } from '../helpers/cli.js';
import { errorLines, stackLine } from '../helpers/cli-output.js';
import { googleEnv } from '../helpers/test-core.js';
import { findSecrets } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/**
 * Google as its documentation and its users describe it today: `iss` in the authorization
 * response with or without the metadata declaring it, or absent; ID tokens whose iss is
 * `https://accounts.google.com` or `accounts.google.com` (the emulator's URL, with or without its
 * scheme). Exactly those are accepted; anything else is refused. (An authorization response
 * naming another server is refused in test/adversarial/protocol-attacks.test.ts.)
 */
describe('signet login google against Google’s documented variants', () => {
  const emulators: GoogleEmulator[] = [];
  const homes: ReturnType<typeof makeTempDir>[] = [];
  let env: Record<string, string> = {};
  const recorder = recordingSignet(() => env);

  async function against(options: GoogleEmulatorOptions): Promise<GoogleEmulator> {
    const google = await startGoogleEmulator(options);
    const home = makeTempDir();
    emulators.push(google);
    homes.push(home);
    env = isolatedCliEnv(home.dir, googleEnv(google));
    return google;
  }
  afterAll(async () => {
    await Promise.all(emulators.map((emulator) => emulator.close()));
    for (const home of homes) home.cleanup();
  });

  it.each<[string, GoogleEmulatorOptions]>([
    ['iss sent and declared in discovery', { authorizationResponseIss: 'declared' }],
    ['iss sent without discovery declaring it', { authorizationResponseIss: 'undeclared' }],
    ['no iss at all', { authorizationResponseIss: 'absent' }],
    ['an ID token whose iss has no scheme (accounts.google.com)', { idTokenIss: 'schemeless' }],
  ])('signs in with %s', async (_what, options) => {
    const google = await against(options);
    const result = await recorder.run(['login', 'google', '--json']);
    expect(result.stderr).not.toMatch(stackLine);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ provider: 'google', login: 'jane.doe@gmail.test' });
    expect(google.stats.codeExchanges).toBe(1);
  });

  it.each([
    ['another server’s URL', 'https://accounts.google.com.evil.example'],
    ['the scheme-less form of another host', 'evil.example'],
    ['a trailing slash', 'TRAILING'],
  ])('refuses an ID token whose iss is %s', async (_what, iss) => {
    const google = await against({});
    google.idTokenOverrides({ iss: iss === 'TRAILING' ? `${google.url}/` : iss });
    const result = await recorder.run(['login', 'google', '--json']);
    expect(result.code).toBe(1);
    expect(errorLines(result.stderr)).toEqual(['signet: Google sent an ID token that failed validation.']);
    expect(JSON.parse((await recorder.run(['accounts', '--json'])).stdout)).toEqual([]);
  });

  it('never printed a secret', () => {
    for (const output of recorder.outputs)
      expect(findSecrets(output.stdout + output.stderr, recorder.issued)).toEqual([]);
  });
});
