// Injected faults and the counters, through whichever emulator shows them best.

import { describe, expect, it } from 'vitest';

import { startDiscordEmulator, startGithubEmulator, startGoogleEmulator } from '../../../emulators/index.js';
import { closeAfterEach, postForm } from '../oauth-test-client.js';

const track = closeAfterEach();

describe('faults', () => {
  it('replays queued faults once, in order', async () => {
    const discord = track(await startDiscordEmulator());
    const url = `${discord.url}/api/oauth2/token`;
    const body = {
      grant_type: 'refresh_token',
      refresh_token: 'nope',
      client_id: discord.clientId,
      client_secret: 'x',
    };
    discord.pushFault('token', {
      kind: 'status',
      status: 429,
      headers: { 'Retry-After': '1' },
      body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 1, global: false }),
    });
    discord.pushFault('token', { kind: 'status', status: 503 });
    discord.pushFault('token', { kind: 'html' });
    discord.pushFault('token', { kind: 'malformed' });
    discord.pushFault('token', { kind: 'missing-fields' });

    const limited = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ retry_after: 1 });
    const unavailable = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('content-type')).toContain('text/html');
    await unavailable.text();
    const html = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
    expect([html.status, html.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    await html.text();
    const malformed = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
    await expect(malformed.json()).rejects.toThrow();
    const missing = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
    expect(await missing.json()).not.toHaveProperty('access_token');
    const normal = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
    expect(normal.status).toBe(401);
    await normal.text();
    expect(discord.stats).toMatchObject({ tokenRequests: 6, refreshRequests: 6, inFlight: 0 });
  });

  it('resets, streams huge bodies, and closes with hanging requests', async () => {
    const gh = track(await startGithubEmulator());
    gh.pushFault('api', { kind: 'reset' });
    await expect(fetch(`${gh.apiUrl}/user`, { headers: { authorization: 'Bearer x' } })).rejects.toThrow();

    gh.pushFault('api', { kind: 'huge' });
    const huge = await fetch(`${gh.apiUrl}/user`, { headers: { authorization: 'Bearer x' } });
    expect(huge.headers.get('content-length')).toBeNull();
    expect((await huge.arrayBuffer()).byteLength).toBe(20 * 1024 * 1024);

    gh.pushFault('token', { kind: 'hang' });
    const hanging = fetch(`${gh.url}/login/oauth/access_token`, { method: 'POST', body: '' });
    const settled = hanging.then(
      () => 'resolved',
      () => 'rejected',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gh.stats.inFlight).toBe(1);
    const closing = Date.now();
    await gh.close();
    expect(Date.now() - closing).toBeLessThan(2000);
    expect(await settled).toBe('rejected');
    expect(gh.stats.inFlight).toBe(0);
  });

  it('counts concurrent token requests with latency', async () => {
    const google = track(await startGoogleEmulator({ latencyMs: 150 }));
    google.pushFault('token', { kind: 'delay', ms: 100 });
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        postForm(`${google.url}/token`, {
          grant_type: 'refresh_token',
          refresh_token: 'missing',
          client_id: google.clientId,
          client_secret: google.clientSecret ?? '',
        }),
      ),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
    expect(google.stats).toMatchObject({ tokenRequests: 4, refreshRequests: 4, inFlight: 0, maxInFlight: 4 });
    google.resetStats();
    expect(google.stats.maxInFlight).toBe(0);
  });
});
