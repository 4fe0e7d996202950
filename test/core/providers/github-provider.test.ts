import { describe, expect, it } from 'vitest';
import {
  judgeCallback,
  metadataFor,
  type AuthorizationRequest,
} from '../../../src/main/core/flows/oauth-operations.js';
import { currentIssuer } from '../../../src/main/core/providers/current-issuer.js';
import { createGithubProvider } from '../../../src/main/core/providers/github-provider.js';

const unusedHttp = () => Promise.reject(new Error('no request is expected in this test'));

function github(url: string) {
  return createGithubProvider({
    url,
    apiUrl: `${url}/api/v3`,
    clientId: 'Iv1.0123456789abcdef',
    clientSecret: 'not-a-real-secret',
    scopes: null,
    redirectPort: null,
    http: unusedHttp,
  });
}

const request: AuthorizationRequest = {
  url: new URL('https://github.com/login/oauth/authorize'),
  state: 'the-state-of-this-sign-in',
  codeVerifier: 'unused',
  nonce: undefined,
  redirectUri: 'http://127.0.0.1:1/callback',
};

async function verdict(provider: ReturnType<typeof github>, extra: Record<string, string>) {
  const params = new URLSearchParams({ code: 'a-code', state: request.state, ...extra });
  return judgeCallback(provider, await metadataFor(provider), request, params);
}

describe('GitHub’s issuer (RFC 9207)', () => {
  it('is https://github.com/login/oauth for github.com, as GitHub documents, and required there', () => {
    const provider = github('https://github.com');
    expect(provider.issuer).toBe('https://github.com/login/oauth');
    expect(provider.policy.iss).toBe('required');
  });

  it('is <url>/login/oauth for an Enterprise Server host, checked only when present', () => {
    const provider = github('https://ghe.example.com');
    expect(provider.issuer).toBe('https://ghe.example.com/login/oauth');
    expect(provider.policy.iss).toBe('checked-if-present');
  });

  it('accepts a github.com response carrying iss=https://github.com/login/oauth', async () => {
    const result = await verdict(github('https://github.com'), { iss: 'https://github.com/login/oauth' });
    expect(result.kind).toBe('accept');
  });

  it.each([
    ['the bare web URL Signet used to expect', 'https://github.com'],
    ['another host', 'https://evil.example/login/oauth'],
    ['an Enterprise host', 'https://ghe.example.com/login/oauth'],
    ['a trailing slash', 'https://github.com/login/oauth/'],
  ])('refuses a github.com response whose iss is %s', async (_what, iss) => {
    const result = await verdict(github('https://github.com'), { iss });
    expect(result.kind).toBe('fail');
    expect(result.kind === 'fail' && result.error.code).toBe('iss-mismatch');
  });

  it('refuses a github.com response without iss: github.com always sends one', async () => {
    const result = await verdict(github('https://github.com'), {});
    expect(result.kind).toBe('fail');
    expect(result.kind === 'fail' && result.error.code).toBe('iss-mismatch');
  });

  it('accepts an Enterprise Server response without iss, as older versions send none', async () => {
    expect((await verdict(github('https://ghe.example.com'), {})).kind).toBe('accept');
  });

  it('accepts an Enterprise Server response with its own iss and refuses github.com’s', async () => {
    const ghe = github('https://ghe.example.com');
    expect((await verdict(ghe, { iss: 'https://ghe.example.com/login/oauth' })).kind).toBe('accept');
    const wrong = await verdict(ghe, { iss: 'https://github.com/login/oauth' });
    expect(wrong.kind === 'fail' && wrong.error.code).toBe('iss-mismatch');
  });
});

describe('currentIssuer: identities stored before the RFC 9207 issuer', () => {
  it.each([
    ['github', 'https://github.com', 'https://github.com/login/oauth'],
    ['github', 'https://github.com/', 'https://github.com/login/oauth'],
    ['github', 'https://ghe.example.com', 'https://ghe.example.com/login/oauth'],
    ['github', 'https://github.com/login/oauth', 'https://github.com/login/oauth'],
    ['google', 'https://accounts.google.com', 'https://accounts.google.com'],
    ['discord', 'https://discord.com', 'https://discord.com'],
  ])('%s %s → %s', (provider, stored, expected) => {
    expect(currentIssuer(provider, stored)).toBe(expected);
  });
});
