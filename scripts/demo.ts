// `npm run demo`: try Signet without registering an OAuth app anywhere. Starts a local demo identity
// provider (the GitHub-style and Google-style OpenID Connect emulators from emulators/, on fixed
// loopback ports, with a demo user who consents at once), writes a demo data directory (.demo/)
// whose config.json points Signet at it, then opens the app there, or, without an Electron binary
// (or with --cli-only), prints the command-line version of the same demo and keeps the provider
// running until Ctrl+C.
//
//   npm run demo [-- --cli-only] [--reset] [--home <dir>] [--github-port <n>] [--google-port <n>]
//
// The keychain service is `signet-demo` (or SIGNET_KEYCHAIN_SERVICE when set), so demo sign-ins
// never mix with a real Signet's.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  startGithubEmulator,
  startGoogleEmulator,
  type GithubEmulator,
  type GoogleEmulator,
} from '../emulators/index.js';
import { findElectronBinary, projectRoot } from './find-electron-binary.js';

const usage = `Usage: npm run demo [-- --cli-only] [--reset] [--home <dir>] [--github-port <n>] [--google-port <n>]

  --cli-only         do not open the app; print the command-line demo and keep the provider running
  --reset            forget earlier demo accounts (the data directory and its keychain entries) first
  --home <dir>       the demo data directory (default .demo in the repository)
  --github-port <n>  port of the GitHub-style provider on 127.0.0.1 (default 47011)
  --google-port <n>  port of the Google-style provider on 127.0.0.1 (default 47012)`;

const DEMO_USER = { login: 'dana', name: 'Dana Demo', email: 'dana@demo.signet.test' };
/** Short-lived tokens, so the window shows Signet refreshing them. */
const TOKEN_MINUTES = 15;
/** Public demo values: this client exists only on this machine, while the demo runs. */
const GITHUB_CLIENT = { id: 'signet-demo', secret: 'signet-demo-secret' };
const GOOGLE_CLIENT = { id: 'signet-demo.apps.googleusercontent.test', secret: 'signet-demo-secret' };
/** Marks a folder as the demo's, so --reset never deletes anything else. */
const MARKER = 'demo.env';
/** Provider settings a shell may carry that would override the demo's config.json. */
const OVERRIDING = [
  'SIGNET_GITHUB_CLIENT_ID',
  'SIGNET_GITHUB_CLIENT_SECRET',
  'SIGNET_GITHUB_URL',
  'SIGNET_GITHUB_API_URL',
  'SIGNET_GOOGLE_CLIENT_ID',
  'SIGNET_GOOGLE_CLIENT_SECRET',
  'SIGNET_GOOGLE_ISSUER',
];

interface Options {
  cliOnly: boolean;
  reset: boolean;
  home: string;
  githubPort: number;
  googlePort: number;
}

function fail(message: string, code = 1): never {
  process.stderr.write(`signet demo: ${message}\n`);
  process.exit(code);
}

function readOptions(): Options {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'cli-only': { type: 'boolean', default: false },
        reset: { type: 'boolean', default: false },
        home: { type: 'string' },
        'github-port': { type: 'string' },
        'google-port': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const port = (name: string, raw: string | undefined, fallback: number) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1024 || value > 65535) {
      fail(`--${name} must be a port number from 1024 to 65535`, 2);
    }
    return value;
  };
  return {
    cliOnly: values['cli-only'],
    reset: values.reset,
    home: path.resolve(values.home ?? path.join(projectRoot, '.demo')),
    githubPort: port('github-port', values['github-port'], 47011),
    googlePort: port('google-port', values['google-port'], 47012),
  };
}

/** A word for a POSIX shell, quoted only when it must be. */
function shellWord(value: string): string {
  return /^[\w./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Forgets earlier demo accounts: their keychain entries, then the folder. */
async function reset(home: string, keychainService: string): Promise<void> {
  if (existsSync(home) && !existsSync(path.join(home, MARKER))) {
    fail(`${home} is not a demo data directory (no ${MARKER}); not deleting it`);
  }
  try {
    const module = (await import('keytar')) as typeof import('keytar') & {
      default?: typeof import('keytar');
    };
    const keytar = module.default ?? module;
    for (const { account } of await keytar.findCredentials(keychainService)) {
      await keytar.deletePassword(keychainService, account);
    }
  } catch {
    // No keychain here: then there is nothing in it to forget either.
  }
  rmSync(home, { recursive: true, force: true });
}

async function startProviders(options: Options): Promise<{ github: GithubEmulator; google: GoogleEmulator }> {
  const started: { close(): Promise<void> }[] = [];
  try {
    const github = await startGithubEmulator({
      port: options.githubPort,
      mode: 'github-app',
      clientId: GITHUB_CLIENT.id,
      clientSecret: GITHUB_CLIENT.secret,
      accessTokenTtlSeconds: TOKEN_MINUTES * 60,
      deviceInterval: 2,
      user: { id: 7001, login: DEMO_USER.login, name: DEMO_USER.name, primaryEmail: DEMO_USER.email },
    });
    started.push(github);
    const google = await startGoogleEmulator({
      port: options.googlePort,
      clientId: GOOGLE_CLIENT.id,
      clientSecret: GOOGLE_CLIENT.secret,
      accessTokenTtlSeconds: TOKEN_MINUTES * 60,
      user: {
        sub: '7001',
        email: DEMO_USER.email,
        name: DEMO_USER.name,
        givenName: 'Dana',
        familyName: 'Demo',
      },
    });
    return { github, google };
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      fail(
        'a demo port is already in use: is another demo running? Stop it, or choose others with --github-port and --google-port',
      );
    }
    throw error;
  }
}

/** config.json for Signet (the app and the CLI read it from the data directory) and demo.env for shells. */
function writeDataDir(
  home: string,
  github: GithubEmulator,
  google: GoogleEmulator,
  keychainService: string,
): Record<string, string> {
  mkdirSync(home, { recursive: true });
  const config = {
    github: {
      clientId: github.clientId,
      clientSecret: GITHUB_CLIENT.secret,
      url: github.url,
      apiUrl: github.apiUrl,
    },
    google: { clientId: google.clientId, clientSecret: GOOGLE_CLIENT.secret, issuer: google.url },
  };
  writeFileSync(path.join(home, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const env = {
    SIGNET_HOME: home,
    SIGNET_KEYCHAIN_SERVICE: keychainService,
    SIGNET_GITHUB_CLIENT_ID: github.clientId,
    SIGNET_GITHUB_CLIENT_SECRET: GITHUB_CLIENT.secret,
    SIGNET_GITHUB_URL: github.url,
    SIGNET_GITHUB_API_URL: github.apiUrl,
    SIGNET_GOOGLE_CLIENT_ID: google.clientId,
    SIGNET_GOOGLE_CLIENT_SECRET: GOOGLE_CLIENT.secret,
    SIGNET_GOOGLE_ISSUER: google.url,
  };
  writeFileSync(
    path.join(home, MARKER),
    [
      '# The Signet demo as environment variables (config.json holds the same provider settings).',
      '# In a POSIX shell: set -a; . ./demo.env; set +a',
      ...Object.entries(env).map(([name, value]) => `${name}=${shellWord(value)}`),
      '',
    ].join('\n'),
  );
  return env;
}

/** The command-line demo, each command with the environment it needs inline. */
function cliInstructions(home: string, keychainService: string, github: GithubEmulator): string[] {
  const relative = path.relative(process.cwd(), home);
  const shownHome = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : home;
  const windows = process.platform === 'win32';
  const prefix = windows
    ? ''
    : `SIGNET_HOME=${shellWord(shownHome)} SIGNET_KEYCHAIN_SERVICE=${shellWord(keychainService)} `;
  const command = (args: string, note = '') => `  ${prefix}npx signet ${args}${note ? `    # ${note}` : ''}`;
  return [
    `In another terminal, in ${process.cwd()}:`,
    '',
    ...(windows
      ? [`  $env:SIGNET_HOME='${shownHome}'; $env:SIGNET_KEYCHAIN_SERVICE='${keychainService}'`, '']
      : []),
    command('providers'),
    command('login github', 'your browser opens; the demo signs you in at once'),
    command('login github --device', `or with a code: enter it at ${github.url}/login/device`),
    command('login google'),
    command('accounts'),
    command('token github', 'a fresh access token for scripts'),
    command('refresh --all'),
    command('status'),
    command('logout github'),
    command('logout google'),
    '',
    'No browser on this machine? Add --no-browser to login and open the printed link yourself.',
  ];
}

async function main(): Promise<void> {
  const options = readOptions();
  const keychainService = process.env['SIGNET_KEYCHAIN_SERVICE']?.trim() || 'signet-demo';
  // The ports first: a second demo must fail before it touches the first one's data.
  const { github, google } = await startProviders(options);
  if (options.reset) await reset(options.home, keychainService);
  const hadAccounts = existsSync(path.join(options.home, 'signet.db'));
  const env = writeDataDir(options.home, github, google, keychainService);
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all([github.close(), google.close()]);
    process.stdout.write(
      `\nDemo provider stopped. The demo's accounts stay in ${options.home} (npm run demo -- --reset starts afresh).\n`,
    );
    process.exit(code);
  };

  const lines = [
    'Signet demo: a local identity provider for trying Signet without registering an app anywhere.',
    '',
    `  GitHub-style  ${github.url}   signs in as ${DEMO_USER.login} (${DEMO_USER.name})`,
    `  Google-style  ${google.url}   signs in as ${DEMO_USER.email}`,
    '',
    `Demo data directory: ${options.home} (config.json points Signet at the demo provider).`,
    `Access tokens last ${TOKEN_MINUTES} minutes, so you can watch Signet refresh them.`,
  ];
  if (hadAccounts) {
    lines.push(
      'Accounts from an earlier run are still here; the provider forgot their sign-ins when it stopped,',
      'so they ask you to sign in again. npm run demo -- --reset starts afresh.',
    );
  }
  const overridden = OVERRIDING.filter((name) => process.env[name]);
  if (overridden.length > 0) {
    lines.push(
      '',
      `Note: your shell sets ${overridden.join(', ')}, which overrides the demo's settings for the command line.`,
      `Unset it first: unset ${overridden.join(' ')}`,
    );
  }
  lines.push('');

  const binary = options.cliOnly ? null : findElectronBinary();
  if (binary) {
    lines.push(
      'Starting Signet (npm start) with the demo provider. The command line sees the same accounts:',
      '',
    );
    lines.push(...cliInstructions(options.home, keychainService, github), '');
    process.stdout.write(`${lines.join('\n')}\n`);
    const appEnv: Record<string, string | undefined> = { ...process.env, ...env };
    const windows = process.platform === 'win32';
    const app = spawn(windows ? 'npm.cmd' : 'npm', ['start'], {
      cwd: projectRoot,
      env: appEnv,
      stdio: 'inherit',
      shell: windows,
    });
    // Ctrl+C reaches the app too; the provider stops once the app has closed.
    process.on('SIGINT', () => undefined);
    process.on('SIGTERM', () => app.kill('SIGTERM'));
    app.once('exit', (code) => void stop(code ?? 0));
    app.once('error', (error) => {
      process.stderr.write(`signet demo: could not start the app (${error.message})\n`);
      void stop(1);
    });
    return;
  }

  if (!options.cliOnly) {
    lines.push(
      'No Electron binary is installed here, so the window cannot open. Try the same demo with the command line.',
    );
  }
  lines.push(...cliInstructions(options.home, keychainService, github), '');
  lines.push('Demo provider running. Press Ctrl+C to stop it.');
  process.stdout.write(`${lines.join('\n')}\n`);
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
}

await main();
