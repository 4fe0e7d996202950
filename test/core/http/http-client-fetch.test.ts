import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/main/core/http/http-client.js';
import { signetFailure } from '../../helpers/signet-failure.js';

describe('the HTTP client over a transport the front gives', () => {
  it('sends through the given fetch, with the caller signal folded into its own', async () => {
    const seen: { url: string; method: string | undefined; signal: boolean }[] = [];
    const client = createHttpClient({
      fetch: async (url, init) => {
        seen.push({ url, method: init?.method, signal: init?.signal instanceof AbortSignal });
        return new Response(JSON.stringify({ ok: true }), { status: 200 });
      },
    });
    const response = await client('https://provider.example/token', { method: 'POST' });
    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toEqual([{ url: 'https://provider.example/token', method: 'POST', signal: true }]);
  });

  it('keeps the body cap and the error translation', async () => {
    const big = createHttpClient({
      maxBodyBytes: 10,
      fetch: async () => new Response('x'.repeat(100), { status: 200 }),
    });
    expect(await signetFailure(big('https://provider.example/'))).toMatchObject({ code: 'provider-error' });
    const down = createHttpClient({
      fetch: async () => {
        throw Object.assign(new TypeError('fetch failed'), { code: 'ERR_NAME_NOT_RESOLVED' });
      },
    });
    const failure = await signetFailure(down('https://provider.example/?code=secret'));
    expect(failure).toMatchObject({ code: 'network' });
    expect(failure.message).toContain('provider.example');
    expect(failure.message).not.toContain('secret');
  });

  it('times out a transport that never answers', async () => {
    const stuck = createHttpClient({
      timeoutMs: 50,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    });
    expect(await signetFailure(stuck('https://provider.example/'))).toMatchObject({ code: 'timeout' });
  });
});
