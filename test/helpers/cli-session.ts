import { afterAll, beforeAll, expect } from 'vitest';
import { KeytarSecretStore } from '../../src/main/core/secrets/keytar-secret-store.js';
import type { StoredCredential } from '../../src/main/core/secrets/secret-store.js';
import { isolatedCliEnv, recordingSignet, type CliResult } from './cli.js';
import { forgetKeychainService } from './forget-keychain-service.js';
import { findSecrets, findSecretsInFiles } from './secret-scan.js';
import { makeTempDir } from './temp-dir.js';

interface Begun {
  env: Record<string, string>;
  keychain: KeytarSecretStore;
}

/**
 * A person at a terminal running `signet` on one data directory and keychain service, as an e2e
 * file sees them: every output is kept for the end-of-file leak scan, and so is every token seen.
 */
export class CliSession {
  private current: Begun | null = null;
  private readonly homes: ReturnType<typeof makeTempDir>[] = [];
  private readonly seen: string[] = [];
  private readonly recorder = recordingSignet(() => this.env);

  /** Starts the session on a fresh data directory and keychain service with the provider settings given. */
  begin(providerEnv: Record<string, string>): void {
    const env = isolatedCliEnv(this.newHome(), providerEnv);
    this.current = { env, keychain: new KeytarSecretStore({ service: env['SIGNET_KEYCHAIN_SERVICE']! }) };
  }

  /** The environment every run gets. */
  get env(): Record<string, string> {
    return this.begun().env;
  }

  /** The data directory. */
  get home(): string {
    return this.env['SIGNET_HOME']!;
  }

  /** Every token `signet token` printed. */
  get printed(): readonly string[] {
    return this.recorder.issued;
  }

  readonly run = (...args: string[]): Promise<CliResult> => this.recorder.run(args);

  /** A run with some of the environment changed (another data directory, another URL); still recorded. */
  readonly runWith = (overrides: Record<string, string>, ...args: string[]): Promise<CliResult> =>
    this.recorder.run(args, { ...this.env, ...overrides });

  /** `signet login <provider> --json` (and `flags`), which has to succeed: the account it printed. */
  async login(provider: string, ...flags: string[]): Promise<Record<string, unknown> & { id: string }> {
    const result = await this.run('login', provider, '--json', ...flags);
    expect(result.stderr).not.toMatch(/Error|at .*\(/);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  }

  /** Parses `signet providers --json`, which has to succeed. */
  async providers(): Promise<unknown> {
    const result = await this.run('providers', '--json');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout);
  }

  /** Another fresh data directory, scanned and removed with the session's. */
  newHome(): string {
    const home = makeTempDir();
    this.homes.push(home);
    return home.dir;
  }

  /** The last token `signet token` printed. */
  lastToken(): string {
    const token = this.printed.at(-1);
    if (token === undefined) throw new Error('no token was printed yet');
    return token;
  }

  /** What Signet keeps in the keychain for an account; its token joins the secrets the scan looks for. */
  async credential(accountId: string): Promise<StoredCredential | null> {
    const credential = await this.begun().keychain.getCredential(accountId);
    if (credential) this.seen.push(credential.token);
    return credential;
  }

  /** The refresh token Signet keeps for an account, straight from the keychain. */
  async storedRefreshToken(accountId: string): Promise<string> {
    const credential = await this.credential(accountId);
    expect(credential?.kind).toBe('refresh_token');
    return credential!.token;
  }

  /** Every token the session saw: printed by `signet token`, or read from the keychain. */
  secretsSeen(): string[] {
    return [...this.printed, ...this.seen];
  }

  /**
   * Fails unless no output but `signet token`'s held a secret, and no file under the session's data
   * directories did: the tokens seen, `known` ones, and anything secret-shaped.
   */
  expectNoSecrets(known: readonly string[] = []): void {
    const secrets = [...this.secretsSeen(), ...known];
    for (const output of this.recorder.outputs) {
      expect(findSecrets(output.stdout + output.stderr, secrets)).toEqual([]);
    }
    for (const home of this.homes) expect(findSecretsInFiles(home.dir, secrets)).toEqual([]);
  }

  /** Removes the data directories and what the session left in the keychain. */
  async end(): Promise<void> {
    if (this.current) await forgetKeychainService(this.current.env['SIGNET_KEYCHAIN_SERVICE']!);
    for (const home of this.homes) home.cleanup();
  }

  private begun(): Begun {
    if (!this.current) throw new Error('the CLI session has not begun');
    return this.current;
  }
}

/** A CLI session with the provider's server it talks to. */
export class CliSessionAgainst<S extends { close(): Promise<void> }> extends CliSession {
  private started: S | null = null;

  get server(): S {
    if (this.started === null) throw new Error('the server has not started');
    return this.started;
  }

  /** Starts the server and begins the session pointed at it. */
  async start(start: () => Promise<S>, env: (server: S) => Record<string, string>): Promise<void> {
    this.started = await start();
    this.begin(env(this.started));
  }

  override async end(): Promise<void> {
    await this.started?.close();
    await super.end();
  }
}

/** A CLI session for the enclosing describe block: begin() it in beforeAll; it ends with the block. */
export function useCliSession(): CliSession {
  const session = new CliSession();
  afterAll(() => session.end());
  return session;
}

/**
 * A CLI session for the enclosing describe block against a provider's server: the server starts
 * before the block's tests, Signet is pointed at it with `env`, and both end with the block.
 */
export function useCliSessionAgainst<S extends { close(): Promise<void> }>(
  start: () => Promise<S>,
  env: (server: S) => Record<string, string>,
): CliSessionAgainst<S> {
  const session = new CliSessionAgainst<S>();
  beforeAll(() => session.start(start, env));
  afterAll(() => session.end());
  return session;
}
