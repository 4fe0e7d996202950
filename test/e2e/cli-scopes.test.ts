// Scopes through the CLI: what an account holds in `accounts --json`, growing it by incremental
// consent with `login <account> --scope`, and `token --scope`, which exits 7 when one is missing.

import { describe, expect, it } from 'vitest';
import { startGithubEmulator } from '../../emulators/index.js';
import { expectFailure } from '../helpers/cli.js';
import { useCliSessionAgainst } from '../helpers/cli-session.js';
import { githubEnv } from '../helpers/test-core.js';

describe('signet token --scope against the GitHub emulator', () => {
  const session = useCliSessionAgainst(() => startGithubEmulator({ mode: 'oauth-app' }), githubEnv);
  const signet = session.run;

  it('prints the token when the account holds every scope named', async () => {
    await session.login('github');
    const result = await signet('token', 'github', '--scope', 'read:user', '--scope', 'user:email');
    expect(result.code, result.stderr).toBe(0);
    expect(session.server.isAccessTokenValid(session.lastToken())).toBe(true);
  });

  it('exits 7 with one line naming the command that adds a missing scope, and prints no token', async () => {
    const before = session.printed.length;
    const result = await signet('token', 'github', '--scope', 'read:user', '--scope', 'repo');
    expectFailure(
      result,
      7,
      'signet: github:octocat lacks scope repo; add it with: signet login github:octocat --scope repo',
    );
    expect(result.stdout).toBe('');
    expect(session.printed.length).toBe(before);
  });

  it('never printed or stored a secret outside `signet token`', () => {
    session.expectNoSecrets();
  });
});
