import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isolatedCliEnv, recordingSignet } from '../helpers/cli.js';
import { stackLine } from '../helpers/cli-output.js';
import {
  OIDC_DEFAULT_USER,
  startOidcProvider,
  type OidcProviderServer,
  type OidcProviderServerOptions,
} from '../helpers/oidc-provider-server.js';
import { findSecrets } from '../helpers/secret-scan.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/**
 * A generic OpenID Connect provider declared in config.json, against oidc-provider (a certified
 * OpenID Provider, not an emulator of ours): ID tokens signed with the algorithm its discovery
 * lists (ES256, PS256, EdDSA, not RS256 alone), and the client authentication config.json names.
 */
describe('signet CLI against a generic OIDC provider signing with what its discovery lists', () => {
  const servers: OidcProviderServer[] = [];
  const homes: ReturnType<typeof makeTempDir>[] = [];
  let env: Record<string, string> = {};
  const recorder = recordingSignet(() => env);

  async function against(
    options: OidcProviderServerOptions,
    method: 'client_secret_post' | 'client_secret_basic' | 'none',
  ) {
    const op = await startOidcProvider(options);
    servers.push(op);
    const home = makeTempDir();
    homes.push(home);
    writeFileSync(
      path.join(home.dir, 'config.json'),
      JSON.stringify({
        oidc: [
          {
            id: 'corp',
            name: 'Corp',
            issuer: op.issuer,
            clientId: op.clientId,
            tokenEndpointAuthMethod: method,
            scopes: ['openid', 'email', 'profile'],
          },
        ],
      }),
    );
    env = {
      ...isolatedCliEnv(home.dir, {}),
      ...(method === 'none' ? {} : { SIGNET_CORP_CLIENT_SECRET: op.clientSecret }),
    };
    return op;
  }
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    for (const home of homes) home.cleanup();
  });

  it.each<['ES256' | 'PS256' | 'EdDSA', 'client_secret_post' | 'client_secret_basic' | 'none']>([
    ['ES256', 'client_secret_basic'],
    ['PS256', 'client_secret_post'],
    ['EdDSA', 'none'],
  ])('signs in, refreshes and signs out with %s ID tokens and %s', async (alg, method) => {
    const op = await against({ signingAlg: alg, tokenEndpointAuthMethod: method }, method);
    const discovery = (await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json()) as {
      id_token_signing_alg_values_supported: string[];
    };
    expect(discovery.id_token_signing_alg_values_supported).toEqual([alg]);
    const login = await recorder.run(['login', 'corp', '--json']);
    expect(login.stderr).not.toMatch(stackLine);
    expect(login.code).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({ provider: 'corp', email: OIDC_DEFAULT_USER.email });
    expect(op.stats.codeExchanges).toBe(1);
    expect(op.stats.tokenErrors).toEqual([]);
    expect((await recorder.run(['refresh', 'corp'])).code).toBe(0);
    expect(op.stats.refreshRequests).toBe(1);
    expect((await recorder.run(['logout', 'corp'])).code).toBe(0);
    expect(op.serverErrors).toEqual([]);
  });

  it('never printed a secret', () => {
    for (const output of recorder.outputs) {
      expect(
        findSecrets(output.stdout + output.stderr, [
          ...recorder.issued,
          ...servers.map((s) => s.clientSecret),
        ]),
      ).toEqual([]);
    }
  });
});
