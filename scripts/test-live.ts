// `npm run test:live`: the smoke test a maintainer with network access runs before a release. It is
// never part of `npm test`.
//
// For each of GitHub, Google, Discord and Microsoft whose client id is in the environment, it signs
// in through the system browser with the built CLI (`node bin/signet.js login <p>`), refreshes,
// reads a token and signs out, in a throwaway data directory and keychain service. Then it prints,
// for each behaviour docs/providers.md marks with ◆, what the provider actually sent beside what
// that page says the documentation states. Without a client id or without network it prints
// `not run: <reason>` for that provider; it exits 0 unless a run it started failed.
//
// It watches Signet only from outside: the CLI's output, `SIGNET_LOG_LEVEL=debug` lines on stderr,
// and the providers' public metadata documents. What Signet does not log yet is reported as "not
// observable", naming the debug line that would show it (see `hooks` below).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'signet.js');
const signInTimeoutMs = 6 * 60_000;
const probeTimeoutMs = 5_000;

/**
 * The debug lines that would make the rest observable. Their fields hold no secret (an issuer, a
 * lifetime, booleans), and none is named like one, so the redacting logger lets them through.
 */
const hooks = {
  authorizationResponse: "debug 'authorization response' { provider, iss: string | null }",
  tokenResponse:
    "debug 'token response' { provider, grant, expiresIn, refreshTokenIssued, refreshTokenRotated, idTokenIss }",
};

interface LiveProvider {
  id: string;
  /** The heading of its section in docs/providers.md. */
  section: string;
  /** Variables that must be set for a browser sign-in. */
  required: string[];
  /** A public URL that answers without credentials, to tell "no network" from a failure. */
  probeUrl: string;
  /** The provider's public metadata document, where it publishes one. */
  metadataUrl: string | null;
}

function liveProviders(env: NodeJS.ProcessEnv): LiveProvider[] {
  const githubUrl = env['SIGNET_GITHUB_URL'] ?? 'https://github.com';
  const authority = env['SIGNET_MICROSOFT_AUTHORITY'] ?? 'https://login.microsoftonline.com';
  const tenant = env['SIGNET_MICROSOFT_TENANT'] ?? 'common';
  const googleIssuer = env['SIGNET_GOOGLE_ISSUER'] ?? 'https://accounts.google.com';
  const discordUrl = env['SIGNET_DISCORD_URL'] ?? 'https://discord.com';
  // RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path.
  const githubIssuer = new URL('/login/oauth', githubUrl);
  const githubMetadata = `${githubIssuer.origin}/.well-known/oauth-authorization-server${githubIssuer.pathname}`;
  return [
    {
      id: 'github',
      section: 'GitHub (github.com)',
      // The browser flow needs the secret at GitHub's token endpoint (docs/providers.md).
      required: ['SIGNET_GITHUB_CLIENT_ID', 'SIGNET_GITHUB_CLIENT_SECRET'],
      probeUrl: githubMetadata,
      metadataUrl: githubMetadata,
    },
    {
      id: 'google',
      section: 'Google',
      required: ['SIGNET_GOOGLE_CLIENT_ID', 'SIGNET_GOOGLE_CLIENT_SECRET'],
      probeUrl: `${googleIssuer}/.well-known/openid-configuration`,
      metadataUrl: `${googleIssuer}/.well-known/openid-configuration`,
    },
    {
      id: 'discord',
      section: 'Discord',
      required: ['SIGNET_DISCORD_CLIENT_ID'],
      probeUrl: `${discordUrl}/.well-known/oauth-authorization-server`,
      metadataUrl: `${discordUrl}/.well-known/oauth-authorization-server`,
    },
    {
      id: 'microsoft',
      section: 'Microsoft Entra ID',
      required: ['SIGNET_MICROSOFT_CLIENT_ID'],
      probeUrl: `${authority}/${tenant}/v2.0/.well-known/openid-configuration`,
      metadataUrl: `${authority}/${tenant}/v2.0/.well-known/openid-configuration`,
    },
  ];
}

/** The ◆ rows of one provider's table in docs/providers.md: behaviour → what is documented. */
function documentedRows(markdown: string, section: string): Map<string, string> {
  const rows = new Map<string, string>();
  const start = markdown.indexOf(`\n## ${section}\n`);
  if (start < 0) return rows;
  const next = markdown.indexOf('\n## ', start + 1);
  const body = markdown.slice(start, next < 0 ? undefined : next);
  for (const line of body.split('\n')) {
    if (!line.startsWith('|') || !line.includes('◆')) continue;
    const cells = line
      .slice(1, -1)
      .split(' | ')
      .map((cell) => cell.trim());
    const [behaviour, documented] = cells;
    if (behaviour && documented) rows.set(behaviourKey(behaviour), plainText(documented));
  }
  return rows;
}

/** `ID-token \`iss\` ◆` → `id-token iss`: how rows and observations are matched. */
function behaviourKey(label: string): string {
  return label.replace(/◆/g, '').replace(/`/g, '').trim().toLowerCase();
}

function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ');
}

interface CliResult {
  code: number | null;
  stdout: string;
  /** `SIGNET_LOG_LEVEL=debug` lines, parsed. */
  logs: Record<string, unknown>[];
}

/** Runs the CLI; its non-JSON stderr (prompts, progress) goes to this terminal as it comes. */
function runSignet(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['inherit', 'pipe', 'pipe'] });
    let stdout = '';
    let pending = '';
    const logs: Record<string, unknown>[] = [];
    const timer = setTimeout(() => child.kill('SIGINT'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) takeStderrLine(line, logs);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (pending) takeStderrLine(pending, logs);
      resolve({ code, stdout, logs });
    });
  });
}

function takeStderrLine(line: string, logs: Record<string, unknown>[]): void {
  if (line.startsWith('{')) {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
      return;
    } catch {
      // Not a log line after all: show it.
    }
  }
  process.stderr.write(`    ${line}\n`);
}

async function probe(url: string): Promise<string | null> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(probeTimeoutMs), redirect: 'manual' });
    return null;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return `cannot reach ${new URL(url).host} (${cause ?? (error as Error).name})`;
  }
}

async function fetchMetadata(url: string | null): Promise<Record<string, unknown> | null> {
  if (!url) return null;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(probeTimeoutMs) });
    return response.ok ? ((await response.json()) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

interface AccountJson {
  id: string;
  login: string;
  accessTokenExpiresAt: string | null;
}

function parseAccount(stdout: string): AccountJson | null {
  try {
    const value = JSON.parse(stdout) as unknown;
    const account = Array.isArray(value) ? (value[0] as unknown) : value;
    if (account && typeof account === 'object' && 'id' in account && 'login' in account) {
      return account as AccountJson;
    }
  } catch {
    // Fall through: the caller says what was expected.
  }
  return null;
}

function lifetime(expiresAt: string | null, since: number): string {
  if (expiresAt === null) return 'no expiry (accounts --json says null)';
  const seconds = Math.round((Date.parse(expiresAt) - since) / 1000);
  return `about ${seconds} s (${(seconds / 3600).toFixed(1)} h), from accounts --json`;
}

function logsFor(logs: Record<string, unknown>[], message: string, provider: string) {
  return logs.filter((entry) => entry['message'] === message && entry['provider'] === provider);
}

class RunFailure extends Error {}

/** Signs in, refreshes, reads a token and signs out; returns what was observed per behaviour. */
async function exercise(provider: LiveProvider, baseEnv: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const observed = new Map<string, string>();
  const home = mkdtempSync(join(tmpdir(), 'signet-live-'));
  const service = `signet-live-${process.pid}-${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    SIGNET_HOME: home,
    SIGNET_KEYCHAIN_SERVICE: service,
    SIGNET_LOG_LEVEL: 'debug',
  };
  // A configured sync server would share these throwaway tokens with other machines.
  delete env['SIGNET_REDIS_URL'];
  const logs: Record<string, unknown>[] = [];
  let accountId: string | null = null;
  try {
    const listed = await runSignet(['providers', '--json'], env);
    const entry = (JSON.parse(listed.stdout || '[]') as { id: string; configured: boolean }[]).find(
      (item) => item.id === provider.id,
    );
    if (!entry) throw new RunFailure(`this build of signet has no "${provider.id}" provider`);
    if (!entry.configured) throw new RunFailure(`signet says ${provider.id} is not configured`);

    const metadata = await fetchMetadata(provider.metadataUrl);
    if (provider.metadataUrl) {
      observed.set(
        'issuer',
        metadata ? `${String(metadata['issuer'])} (metadata document)` : 'the metadata document did not load',
      );
    } else {
      observed.set('issuer', 'publishes no metadata document');
    }

    process.stdout.write(
      `  signing in: finish in the browser that opens (${signInTimeoutMs / 60_000} min)\n`,
    );
    const login = await runSignet(['login', provider.id, '--json'], env, signInTimeoutMs);
    logs.push(...login.logs);
    const signedInAt = Date.now();
    const account = login.code === 0 ? parseAccount(login.stdout) : null;
    if (!account) throw new RunFailure(`login exited ${login.code}`);
    accountId = account.id;
    process.stdout.write(`  signed in as ${account.login}\n`);

    const first = await runSignet(['token', accountId], env);
    logs.push(...first.logs);
    if (first.code !== 0 || !first.stdout.trim()) throw new RunFailure(`token exited ${first.code}`);

    const refreshed = await runSignet(['refresh', accountId], env);
    logs.push(...refreshed.logs);
    const refreshedAt = Date.now();
    if (refreshed.code !== 0) throw new RunFailure(`refresh exited ${refreshed.code}`);
    const after = await runSignet(['accounts', '--json'], env);
    const second = await runSignet(['token', accountId], env);
    logs.push(...second.logs);
    if (second.code !== 0) throw new RunFailure(`token after refresh exited ${second.code}`);
    // Compared here and dropped: no token is printed or kept.
    const tokenChanged = first.stdout.trim() !== second.stdout.trim();
    process.stdout.write(`  refreshed; the access token ${tokenChanged ? 'changed' : 'did not change'}\n`);

    const authorization = logsFor(logs, 'authorization response', provider.id)[0];
    let issRow = authorization
      ? `iss=${authorization['iss'] === null ? '(absent)' : String(authorization['iss'])}`
      : `not observable from outside; needs ${hooks.authorizationResponse}`;
    if (metadata && provider.metadataUrl) {
      const declared = metadata['authorization_response_iss_parameter_supported'];
      issRow += `; metadata authorization_response_iss_parameter_supported: ${declared === undefined ? '(absent)' : String(declared)}`;
    }
    observed.set('iss in the authorization response', issRow);

    const tokenResponses = logsFor(logs, 'token response', provider.id);
    const exchange = tokenResponses.find((entry) => entry['grant'] === 'authorization_code');
    const refresh = tokenResponses.find((entry) => entry['grant'] === 'refresh_token');
    observed.set(
      'id-token iss',
      exchange
        ? String(exchange['idTokenIss'] ?? '(no ID token)')
        : `not observable from outside; needs ${hooks.tokenResponse}`,
    );
    const afterAccount = parseAccount(after.stdout);
    observed.set(
      'access-token lifetime',
      [
        `after sign-in ${lifetime(account.accessTokenExpiresAt, signedInAt)}`,
        afterAccount ? `after refresh ${lifetime(afterAccount.accessTokenExpiresAt, refreshedAt)}` : null,
        exchange ? `expires_in ${String(exchange['expiresIn'])}` : null,
      ]
        .filter(Boolean)
        .join('; '),
    );
    observed.set(
      'refresh-token rotation',
      refresh
        ? `a new refresh token: ${String(refresh['refreshTokenRotated'])}`
        : `not observable from outside (the refresh token lives in the keychain); needs ${hooks.tokenResponse}`,
    );
  } finally {
    if (accountId) {
      const logout = await runSignet(['logout', accountId], env);
      process.stdout.write(
        `  ${logout.code === 0 ? logout.stdout.trim() : `logout exited ${logout.code}`}\n`,
      );
      if (logout.code !== 0) observed.set('logout', 'failed');
    }
    await forgetKeychainService(service);
    rmSync(home, { recursive: true, force: true });
  }
  return observed;
}

/** Removes what the throwaway keychain service still holds (the data key), without reading it. */
async function forgetKeychainService(service: string): Promise<void> {
  try {
    const module = (await import('keytar')) as typeof import('keytar') & {
      default?: typeof import('keytar');
    };
    const keytar = module.default ?? module;
    for (const { account } of await keytar.findCredentials(service)) {
      await keytar.deletePassword(service, account);
    }
  } catch (error) {
    process.stdout.write(`  could not empty keychain service ${service}: ${(error as Error).message}\n`);
  }
}

function report(rows: Map<string, string>, observed: Map<string, string>): void {
  for (const [behaviour, documented] of rows) {
    process.stdout.write(`  ${behaviour}\n`);
    process.stdout.write(`    sent: ${observed.get(behaviour) ?? 'not observed by this test'}\n`);
    process.stdout.write(`    docs: ${documented}\n`);
  }
}

async function main(): Promise<number> {
  const env = process.env;
  const markdown = readFileSync(join(root, 'docs', 'providers.md'), 'utf8');
  let failed = 0;
  let built = false;
  for (const provider of liveProviders(env)) {
    process.stdout.write(`${provider.id}\n`);
    const missing = provider.required.filter((name) => !env[name]);
    if (missing.length > 0) {
      process.stdout.write(
        `  not run: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set\n`,
      );
      continue;
    }
    const unreachable = await probe(provider.probeUrl);
    if (unreachable) {
      process.stdout.write(`  not run: no network: ${unreachable}\n`);
      continue;
    }
    if (!built) {
      // bin/signet.js runs the bundle when there is one; build it from the current source.
      built =
        spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.js')], { stdio: 'inherit' }).status ===
        0;
    }
    try {
      const observed = await exercise(provider, env);
      if (observed.get('logout') === 'failed') failed += 1;
      report(documentedRows(markdown, provider.section), observed);
    } catch (error) {
      failed += 1;
      process.stdout.write(`  FAILED: ${(error as Error).message}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
