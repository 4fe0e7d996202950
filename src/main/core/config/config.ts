import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { builtInProviderIds } from '../../../shared/domain.js';
import { SignetError } from '../../../shared/errors.js';
import { isLoopbackHost } from '../../../shared/loopback.js';
import { allowPlaintextKey, parseSyncUrl, plaintextProblem } from '../../../shared/sync-url.js';
import { appPreferencesSchema } from './app-preferences.js';
import { gitSettingsSchema, type GitCredentialRule } from './git-credential-rules.js';

const port = z.number().int().min(1024).max(65535);
const scopes = z.array(z.string().min(1).max(256)).max(50);
const secretish = z.string().min(1).max(512);

const providerIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a lowercase id such as "gitlab"');

const builtInEntry = z.strictObject({
  clientId: z.string().min(1).max(512).optional(),
  clientSecret: secretish.optional(),
  redirectPort: port.optional(),
  scopes: scopes.optional(),
});

const fileSchema = z.strictObject({
  google: builtInEntry.extend({ issuer: z.string().optional() }).optional(),
  github: builtInEntry.extend({ url: z.string().optional(), apiUrl: z.string().optional() }).optional(),
  discord: builtInEntry.extend({ url: z.string().optional(), cdnUrl: z.string().optional() }).optional(),
  // A public client: Entra refuses a secret from native apps, so there is no key for one.
  microsoft: builtInEntry
    .omit({ clientSecret: true })
    .extend({ tenant: z.string().optional(), authority: z.string().optional() })
    .optional(),
  oidc: z
    .array(
      builtInEntry.extend({
        id: providerIdSchema,
        name: z.string().min(1).max(64),
        issuer: z.string(),
        clientId: z.string().min(1).max(512),
        tokenEndpointAuthMethod: z.enum(['none', 'client_secret_basic', 'client_secret_post']).optional(),
      }),
    )
    .max(20)
    .optional(),
  // GitHub Enterprise Server hosts, each a provider of its own beside github.com.
  githubEnterprise: z
    .array(
      builtInEntry.extend({
        id: providerIdSchema,
        name: z.string().min(1).max(64),
        url: z.string(),
        apiUrl: z.string().optional(),
        clientId: z.string().min(1).max(512),
      }),
    )
    .max(20)
    .optional(),
  syncServerUrl: z.string().optional(),
  /** A PEM file of the CA that signs the sync server's certificate (SIGNET_REDIS_CA overrides). */
  syncServerCa: z.string().min(1).optional(),
  /** The loud opt-out: a sync server on another machine without TLS. */
  [allowPlaintextKey]: z.boolean().optional(),
  git: gitSettingsSchema.optional(),
  /** `memory`: session-only mode (SIGNET_SECRET_STORE overrides). */
  secretStore: z.enum(['keychain', 'memory']).optional(),
  browser: z.string().optional(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  /** The desktop app's own preferences, which its Settings write (`app-preferences.ts`). */
  app: appPreferencesSchema.optional(),
});

export type ConfigFile = z.infer<typeof fileSchema>;

export interface ClientConfig {
  clientId: string | null;
  clientSecret: string | null;
  redirectPort: number | null;
  scopes: string[] | null;
}

export interface OidcProviderConfig extends ClientConfig {
  id: string;
  name: string;
  issuer: string;
  tokenEndpointAuthMethod: 'none' | 'client_secret_basic' | 'client_secret_post' | null;
}

export interface GithubEnterpriseConfig extends ClientConfig {
  id: string;
  name: string;
  url: string;
  apiUrl: string;
}

export interface SignetConfig {
  dataDir: string;
  keychainService: string;
  /** From SIGNET_REDIS_URL or config.json; the settings page may add one at run time. */
  redisUrl: string | null;
  redisUrlFromEnvironment: boolean;
  /** The CA file the sync server's certificate is checked against; null: the public roots. */
  syncServerCa: string | null;
  /** `"syncServerAllowPlaintext": true`: a non-loopback `redis://` is allowed. */
  syncServerAllowPlaintext: boolean;
  browserCommand: string | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  google: ClientConfig & { issuer: string | null };
  github: ClientConfig & { url: string; apiUrl: string };
  discord: ClientConfig & { url: string; cdnUrl: string };
  microsoft: Omit<ClientConfig, 'clientSecret'> & { tenant: string; authority: string };
  oidc: OidcProviderConfig[];
  githubEnterprise: GithubEnterpriseConfig[];
  /** Which account answers `signet git-credential` for a host, owner or path. */
  gitRules: GitCredentialRule[];
  /**
   * `memory`: session-only mode, chosen by the person (SIGNET_SECRET_STORE or config.json):
   * credentials live in this process only and nothing of an account is written to disk.
   */
  secretStore: 'keychain' | 'memory';
}

export type Env = Record<string, string | undefined>;

export const configFileName = 'config.json';

/**
 * Reads `config.json` from the data directory and applies the environment on top. Anything
 * invalid fails here, at start, with one line that names the key and the fix.
 * @see docs/ARCHITECTURE.md §7
 */
export function loadConfig(dataDir: string, env: Env = process.env): SignetConfig {
  const file = readConfigFile(dataDir);
  const pick = (name: string) => nonEmpty(env[name]);
  const portFrom = (name: string, fallback: number | undefined): number | null => {
    const raw = pick(name);
    if (raw === undefined) return fallback ?? null;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1024 || value > 65535) {
      throw configError(name, 'must be a port number from 1024 to 65535');
    }
    return value;
  };
  const client = (prefix: string, entry: z.infer<typeof builtInEntry> | undefined): ClientConfig => ({
    clientId: pick(`SIGNET_${prefix}_CLIENT_ID`) ?? entry?.clientId ?? null,
    clientSecret: pick(`SIGNET_${prefix}_CLIENT_SECRET`) ?? entry?.clientSecret ?? null,
    redirectPort: portFrom(`SIGNET_${prefix}_REDIRECT_PORT`, entry?.redirectPort),
    scopes: entry?.scopes ?? null,
  });

  const googleIssuer = pick('SIGNET_GOOGLE_ISSUER') ?? file.google?.issuer ?? null;
  if (googleIssuer) checkProviderUrl('SIGNET_GOOGLE_ISSUER', googleIssuer);
  const githubUrl = trimSlash(pick('SIGNET_GITHUB_URL') ?? file.github?.url ?? 'https://github.com');
  checkProviderUrl('SIGNET_GITHUB_URL', githubUrl);
  const githubApiDefault =
    githubUrl === 'https://github.com' ? 'https://api.github.com' : `${githubUrl}/api/v3`;
  const githubApiUrl = trimSlash(pick('SIGNET_GITHUB_API_URL') ?? file.github?.apiUrl ?? githubApiDefault);
  checkProviderUrl('SIGNET_GITHUB_API_URL', githubApiUrl);
  const discordUrl = trimSlash(pick('SIGNET_DISCORD_URL') ?? file.discord?.url ?? 'https://discord.com');
  checkProviderUrl('SIGNET_DISCORD_URL', discordUrl);
  const discordCdn = trimSlash(
    file.discord?.cdnUrl ??
      (discordUrl === 'https://discord.com' ? 'https://cdn.discordapp.com' : discordUrl),
  );
  checkProviderUrl('discord.cdnUrl', discordCdn);
  const microsoftAuthority = trimSlash(
    pick('SIGNET_MICROSOFT_AUTHORITY') ?? file.microsoft?.authority ?? 'https://login.microsoftonline.com',
  );
  checkProviderUrl('SIGNET_MICROSOFT_AUTHORITY', microsoftAuthority);
  const microsoftTenant = pick('SIGNET_MICROSOFT_TENANT') ?? file.microsoft?.tenant ?? 'common';
  if (!/^[a-z0-9][a-z0-9.-]{0,252}$/i.test(microsoftTenant)) {
    throw configError(
      'SIGNET_MICROSOFT_TENANT',
      'must be common, organizations, consumers, a tenant id or a tenant domain',
    );
  }

  const oidc = (file.oidc ?? []).map((entry, index) => {
    checkProviderUrl(`oidc[${index}].issuer`, entry.issuer);
    if ((builtInProviderIds as readonly string[]).includes(entry.id)) {
      throw configError(`oidc[${index}].id`, `"${entry.id}" is a built-in provider; choose another id`);
    }
    const prefix = entry.id.toUpperCase().replace(/-/g, '_');
    return {
      id: entry.id,
      name: entry.name,
      issuer: trimSlash(entry.issuer),
      clientId: entry.clientId,
      clientSecret: pick(`SIGNET_${prefix}_CLIENT_SECRET`) ?? entry.clientSecret ?? null,
      redirectPort: portFrom(`SIGNET_${prefix}_REDIRECT_PORT`, entry.redirectPort),
      scopes: entry.scopes ?? null,
      tokenEndpointAuthMethod: entry.tokenEndpointAuthMethod ?? null,
    };
  });

  const githubEnterprise = (file.githubEnterprise ?? []).map((entry, index) => {
    const url = trimSlash(entry.url);
    checkProviderUrl(`githubEnterprise[${index}].url`, url);
    const apiUrl = trimSlash(entry.apiUrl ?? `${url}/api/v3`);
    checkProviderUrl(`githubEnterprise[${index}].apiUrl`, apiUrl);
    const prefix = entry.id.toUpperCase().replace(/-/g, '_');
    return {
      id: entry.id,
      name: entry.name,
      url,
      apiUrl,
      clientId: entry.clientId,
      clientSecret: pick(`SIGNET_${prefix}_CLIENT_SECRET`) ?? entry.clientSecret ?? null,
      redirectPort: portFrom(`SIGNET_${prefix}_REDIRECT_PORT`, entry.redirectPort),
      scopes: entry.scopes ?? null,
    };
  });
  // One id, one provider: a declared id names neither a built-in provider nor another entry.
  const seen = new Set<string>(builtInProviderIds);
  for (const [key, entries] of [
    ['githubEnterprise', file.githubEnterprise ?? []],
    ['oidc', file.oidc ?? []],
  ] as const) {
    entries.forEach((entry, index) => {
      if (seen.has(entry.id)) {
        throw configError(
          `${key}[${index}].id`,
          `"${entry.id}" names another provider already; choose another id`,
        );
      }
      seen.add(entry.id);
    });
  }

  const envRedis = pick('SIGNET_REDIS_URL');
  const redisUrl = envRedis ?? file.syncServerUrl ?? null;
  const syncServerAllowPlaintext = file[allowPlaintextKey] === true;
  if (redisUrl) {
    const key = envRedis ? 'SIGNET_REDIS_URL' : 'syncServerUrl';
    const parsed = parseSyncUrl(redisUrl);
    // The problem never quotes the address: it may hold a password.
    if (!parsed.ok) throw configError(key, parsed.problem);
    const refusal = plaintextProblem(parsed.url, syncServerAllowPlaintext);
    if (refusal) throw new SignetError('config-invalid', `Configuration ${key}: ${refusal}`);
  }
  const caSetting = pick('SIGNET_REDIS_CA') ?? file.syncServerCa ?? null;
  const syncServerCa = caSetting ? path.resolve(dataDir, caSetting) : null;
  if (syncServerCa) checkCaFile(pick('SIGNET_REDIS_CA') ? 'SIGNET_REDIS_CA' : 'syncServerCa', syncServerCa);
  const secretStore = pick('SIGNET_SECRET_STORE') ?? file.secretStore ?? 'keychain';
  if (secretStore !== 'keychain' && secretStore !== 'memory') {
    throw configError('SIGNET_SECRET_STORE', 'must be keychain or memory (session only)');
  }
  const logLevel = pick('SIGNET_LOG_LEVEL') ?? file.logLevel ?? 'warn';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw configError('SIGNET_LOG_LEVEL', 'must be one of debug, info, warn, error');
  }

  return {
    dataDir,
    keychainService: pick('SIGNET_KEYCHAIN_SERVICE') ?? 'signet',
    redisUrl,
    redisUrlFromEnvironment: envRedis !== undefined,
    syncServerCa,
    syncServerAllowPlaintext,
    browserCommand: pick('SIGNET_BROWSER') ?? file.browser ?? pick('BROWSER') ?? null,
    logLevel: logLevel as SignetConfig['logLevel'],
    google: { ...client('GOOGLE', file.google), issuer: googleIssuer ? trimSlash(googleIssuer) : null },
    github: { ...client('GITHUB', file.github), url: githubUrl, apiUrl: githubApiUrl },
    discord: { ...client('DISCORD', file.discord), url: discordUrl, cdnUrl: discordCdn },
    microsoft: {
      clientId: pick('SIGNET_MICROSOFT_CLIENT_ID') ?? file.microsoft?.clientId ?? null,
      redirectPort: portFrom('SIGNET_MICROSOFT_REDIRECT_PORT', file.microsoft?.redirectPort),
      scopes: file.microsoft?.scopes ?? null,
      tenant: microsoftTenant,
      authority: microsoftAuthority,
    },
    oidc,
    githubEnterprise,
    gitRules: file.git?.rules ?? [],
    secretStore,
  };
}

function readConfigFile(dataDir: string): ConfigFile {
  const file = path.join(dataDir, configFileName);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SignetError('config-invalid', `Cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SignetError('config-invalid', `${file} is not valid JSON: fix or delete it.`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.join('.') || '(top level)';
    throw new SignetError('config-invalid', `${file}: "${key}" ${issue.message}.`);
  }
  return parsed.data;
}

/** Provider URLs are https, except on a loopback host, where http is allowed for local servers. */
export function checkProviderUrl(key: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(key, `must be an absolute URL such as https://example.com (got "${value}")`);
  }
  if (url.protocol === 'https:' && url.hostname) return;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
  throw configError(key, 'must use https (http is allowed only on 127.0.0.1, [::1] or localhost)');
}

/** The sync server's CA: a readable PEM file holding at least one certificate (relative: to the data directory). */
function checkCaFile(key: string, file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw configError(key, 'must name a readable PEM file with the CA certificate of the sync server');
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw configError(key, 'must name a PEM file holding a CA certificate (-----BEGIN CERTIFICATE-----)');
  }
}

function configError(key: string, fix: string): SignetError {
  return new SignetError('config-invalid', `Configuration ${key} ${fix}.`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function trimSlash(value: string): string {
  return value.replace(/\/+$/, '');
}
