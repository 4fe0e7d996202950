import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/create-core.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import { startGithubEmulator, type GithubEmulator } from '../../emulators/index.js';
import { FollowingOpener } from '../helpers/following-opener.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { githubEnv, signIn } from '../helpers/test-core.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe('a damaged database', () => {
  let github: GithubEmulator;
  let home: ReturnType<typeof makeTempDir>;
  beforeEach(async () => {
    github = await startGithubEmulator({ mode: 'github-app' });
    home = makeTempDir();
  });
  afterEach(async () => {
    await github.close();
    home.cleanup();
  });

  it('is detected, quarantined and rebuilt, with the accounts restored from the untouched keychain', async () => {
    const secrets = new MemorySecretStore();
    const open = () =>
      createCore({
        dataDir: home.dir,
        env: githubEnv(github),
        secrets,
        opener: new FollowingOpener(),
        logger: quiet,
      });
    const first = await open();
    const accountId = await signIn(first, 'github');
    await first.close();
    const keychainBefore = JSON.stringify(await secrets.listCredentials());

    writeFileSync(path.join(home.dir, 'signet.db'), Buffer.alloc(16_384, 0x41));

    const second = await open();
    try {
      expect(readdirSync(home.dir).some((name) => name.startsWith('signet.db.corrupt-'))).toBe(true);
      const accounts = await second.listAccounts();
      expect(accounts).toEqual([
        expect.objectContaining({ id: accountId, provider: 'github', login: 'octocat', status: 'active' }),
      ]);
      expect(JSON.stringify(await secrets.listCredentials())).toBe(keychainBefore);
      // The restored account works: its refresh token is used, and rotation is kept.
      const token = await second.getAccessToken(accountId);
      expect(github.isAccessTokenValid(token.accessToken)).toBe(true);
    } finally {
      await second.close();
    }
  });
});
