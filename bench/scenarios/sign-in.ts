// Sign-in overhead: from the callback reaching the loopback server to the account stored and
// `accounts-changed` emitted, against zero-latency emulators. The baseline replays the HTTP
// requests that sign-in made (code exchange, profile, avatar) with global fetch: the network floor.
import { performance } from 'node:perf_hooks';
import { createCore } from '../../src/main/core/create-core.js';
import { createHttpClient, type FetchLike } from '../../src/main/core/http/http-client.js';
import { MemorySecretStore } from '../../src/main/core/secrets/memory-secret-store.js';
import {
  startDiscordEmulator,
  startGithubEmulator,
  startGoogleEmulator,
  type BaseEmulator,
} from '../../emulators/index.js';
import { RecordingOpener } from '../../test/helpers/browser-sign-in.js';
import { discordEnv, githubEnv, googleEnv } from '../../test/helpers/test-core.js';
import { makeTempDir } from '../../test/helpers/temp-dir.js';
import { silent } from '../fixtures.js';
import { round, summaryDetail, type ScenarioResult } from '../report.js';
import { collectGarbage, summarize } from '../timing.js';

interface RecordedRequest {
  url: string;
  init: RequestInit | undefined;
}

export async function signInScenarios(scale: number): Promise<ScenarioResult[]> {
  const iterations = Math.max(5, Math.round(50 * scale));
  const warmup = 5;
  const discord = await startDiscordEmulator();
  const github = await startGithubEmulator();
  const google = await startGoogleEmulator();
  const temp = makeTempDir('signet-bench-sign-in-');
  const recorded: RecordedRequest[] = [];
  const transport = createHttpClient();
  const http: FetchLike = (url, init) => {
    recorded.push({ url, init });
    return transport(url, init);
  };
  const opener = new RecordingOpener();
  const core = await createCore({
    dataDir: temp.dir,
    env: { ...discordEnv(discord), ...githubEnv(github), ...googleEnv(google) },
    secrets: new MemorySecretStore(),
    opener,
    http,
    logger: silent,
  });
  const providers: { id: string; emulator: BaseEmulator<object>; user: (i: number) => object }[] = [
    { id: 'discord', emulator: discord, user: (i) => ({ id: String(500_000 + i), username: `user${i}` }) },
    { id: 'github', emulator: github, user: (i) => ({ id: 500_000 + i, login: `user${i}` }) },
    {
      id: 'google',
      emulator: google,
      user: (i) => ({ sub: String(500_000 + i), email: `user${i}@bench.test` }),
    },
  ];
  try {
    const results: ScenarioResult[] = [];
    for (const { id, emulator, user } of providers) {
      const signInMs: number[] = [];
      const bareMs: number[] = [];
      // Five sign-ins first, not counted: discovery, JWKS and the HTTP stack load once per
      // process, and the code is compiled over the first few runs.
      for (let i = -warmup; i < iterations; i += 1) {
        emulator.setUser(user(i + warmup));
        // The emulators and the replays make garbage at a rate no app does: collected between
        // sign-ins, so that none is charged to the next one.
        collectGarbage();
        const { ms, requests } = await timedSignIn(core, opener, id, recorded);
        if (i < 0) continue;
        signInMs.push(ms);
        bareMs.push(await replay(requests));
      }
      const subject = summarize(signInMs);
      const bare = summarize(bareMs);
      results.push({
        name: `sign-in overhead (${id})`,
        value: round(subject.median),
        unit: 'ms median',
        baseline: round(bare.median),
        ratio: round(subject.median / bare.median),
        target: '< 20 ms (median)',
        met: subject.median < 20,
        detail: {
          ...summaryDetail('subject', subject),
          ...summaryDetail('baseline', bare),
          baselineIs: 'the same HTTP requests replayed with global fetch',
        },
      });
    }
    return results;
  } finally {
    await core.close();
    await Promise.all([discord.close(), github.close(), google.close()]);
    temp.cleanup();
  }
}

async function timedSignIn(
  core: Awaited<ReturnType<typeof createCore>>,
  opener: RecordingOpener,
  provider: string,
  recorded: RecordedRequest[],
): Promise<{ ms: number; requests: RecordedRequest[] }> {
  const { result } = core.signIn(provider, { method: 'browser' });
  const authorizationUrl = await opener.next();
  // The user approves at the provider (not timed): the emulator redirects to the loopback port.
  const approved = await fetch(authorizationUrl, { redirect: 'manual' });
  await approved.arrayBuffer();
  const callback = approved.headers.get('location');
  if (!callback) throw new Error(`${provider} did not redirect back`);
  let emittedAt = 0;
  const off = core.on('accounts-changed', () => {
    emittedAt ||= performance.now();
  });
  recorded.length = 0;
  const started = performance.now();
  const landing = await fetch(callback, { redirect: 'manual' });
  await landing.arrayBuffer();
  await result;
  off();
  const requests = [...recorded];
  if (!emittedAt) throw new Error('no accounts-changed event');
  return { ms: emittedAt - started, requests };
}

/** The same requests, one after another, with Node's fetch and no processing. */
async function replay(requests: RecordedRequest[]): Promise<number> {
  const started = performance.now();
  for (const { url, init } of requests) {
    const response = await fetch(url, { ...init, redirect: 'manual' } as RequestInit);
    await response.arrayBuffer();
  }
  return performance.now() - started;
}
