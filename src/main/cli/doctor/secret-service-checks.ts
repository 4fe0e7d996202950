import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from './finding.js';

type Env = Record<string, string | undefined>;

const secrets = 'org.freedesktop.secrets';

/**
 * What stands between Signet and a Secret Service on Linux, asked of the session bus with
 * `dbus-send` (part of every D-Bus install): a bus at all, a Secret Service on it (or one it can
 * start), and a default collection that is unlocked. Returns the findings, and whether the
 * keychain is worth trying after them (a locked one would only wait on a prompt).
 * @see https://specifications.freedesktop.org/secret-service-spec/latest/ (read 2026-12-02)
 */
export async function checkSecretService(env: Env): Promise<{ findings: Finding[]; tryKeychain: boolean }> {
  const overSsh = Boolean(env['SSH_CONNECTION'] || env['SSH_TTY']);
  const runtimeBus = env['XDG_RUNTIME_DIR'] ? path.join(env['XDG_RUNTIME_DIR'], 'bus') : undefined;
  if (!env['DBUS_SESSION_BUS_ADDRESS'] && !(runtimeBus && existsSync(runtimeBus))) {
    return { findings: [noBus(overSsh, 'DBUS_SESSION_BUS_ADDRESS is not set')], tryKeychain: false };
  }
  const owned = await busCall(env, [
    '--dest=org.freedesktop.DBus',
    '/org/freedesktop/DBus',
    'org.freedesktop.DBus.NameHasOwner',
    `string:${secrets}`,
  ]);
  if (owned.kind === 'no-tool') return { findings: [], tryKeychain: true };
  if (owned.kind === 'failed') {
    return { findings: [noBus(overSsh, 'the session bus does not answer')], tryKeychain: false };
  }
  if (!/boolean true/.test(owned.output)) {
    const activatable = await busCall(env, [
      '--dest=org.freedesktop.DBus',
      '/org/freedesktop/DBus',
      'org.freedesktop.DBus.ListActivatableNames',
    ]);
    if (activatable.kind !== 'ok' || !activatable.output.includes(`"${secrets}"`)) {
      return { findings: [keePassXcRunning() ? keePassXcOff() : noSecretService()], tryKeychain: false };
    }
  }
  const locked = await busCall(env, [
    `--dest=${secrets}`,
    '/org/freedesktop/secrets/aliases/default',
    'org.freedesktop.DBus.Properties.Get',
    'string:org.freedesktop.Secret.Collection',
    'string:Locked',
  ]);
  if (locked.kind === 'ok' && /boolean true/.test(locked.output)) {
    return {
      findings: [
        {
          code: 'keyring-locked',
          severity: 'error',
          message: 'The default keyring is locked, so Signet cannot read or keep credentials.',
          fix: 'Unlock it: log in to the desktop session, or open Passwords and Keys (seahorse) and unlock "Login"; over SSH, run: gnome-keyring-daemon --replace --unlock --components=secrets and type the password.',
        },
      ],
      tryKeychain: false,
    };
  }
  if (locked.kind === 'failed' && /NoSuchObject|UnknownObject|No such|doesn't exist/i.test(locked.output)) {
    return {
      findings: [
        {
          code: 'no-default-keyring',
          severity: 'warning',
          message: 'The Secret Service has no default keyring yet; the first sign-in will ask to create one.',
          fix: 'Create one in your keyring app (Passwords and Keys: File → New → Password Keyring, then Set as default), or in KeePassXC pick a database group to expose.',
        },
      ],
      tryKeychain: true,
    };
  }
  return { findings: [], tryKeychain: true };
}

function noBus(overSsh: boolean, why: string): Finding {
  return overSsh
    ? {
        code: 'ssh-without-session-bus',
        severity: 'error',
        message: `This SSH session has no D-Bus session bus (${why}), so no keychain can be reached.`,
        fix: 'Start one for this shell: dbus-run-session -- bash, then unlock a keyring in it: gnome-keyring-daemon --unlock --components=secrets. Or choose session-only mode: SIGNET_SECRET_STORE=memory.',
      }
    : {
        code: 'no-session-bus',
        severity: 'error',
        message: `There is no D-Bus session bus (${why}), so no keychain can be reached.`,
        fix: 'Run Signet inside your desktop session, or start a bus: dbus-run-session -- bash. Without a keychain, session-only mode works: SIGNET_SECRET_STORE=memory.',
      };
}

function noSecretService(): Finding {
  return {
    code: 'no-secret-service',
    severity: 'error',
    message: 'No Secret Service is running on the session bus, and none can be started.',
    fix: 'Install and start one: sudo apt-get install gnome-keyring (or KeePassXC with its Secret Service integration on), then log out and in. Or choose session-only mode: SIGNET_SECRET_STORE=memory.',
  };
}

function keePassXcOff(): Finding {
  return {
    code: 'keepassxc-secret-service-off',
    severity: 'error',
    message:
      'KeePassXC is running, but its Secret Service integration is off, so nothing answers for the keychain.',
    fix: 'In KeePassXC: Tools → Settings → Secret Service Integration → Enable KeePassXC Freedesktop.org Secret Service integration, then in the database settings expose a group under Secret Service Integration.',
  };
}

/** Whether a KeePassXC process runs for anyone on this machine (Linux /proc). */
function keePassXcRunning(): boolean {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return false;
  }
  return pids.some((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().toLowerCase() === 'keepassxc';
    } catch {
      return false;
    }
  });
}

type BusAnswer = { kind: 'ok'; output: string } | { kind: 'failed'; output: string } | { kind: 'no-tool' };

function busCall(env: Env, args: string[]): Promise<BusAnswer> {
  return new Promise((resolve) => {
    execFile(
      'dbus-send',
      ['--session', '--print-reply', '--reply-timeout=2000', ...args],
      { env: { ...env }, timeout: 4000 },
      (error, stdout, stderr) => {
        if (!error) return resolve({ kind: 'ok', output: stdout });
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return resolve({ kind: 'no-tool' });
        resolve({ kind: 'failed', output: `${stderr}${stdout}` });
      },
    );
  });
}
