import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../emulators/index.js';
import { isolatedCliEnv, runSignet, runSignetUnder, type CliResult } from '../helpers/cli.js';
import { githubEnv } from '../helpers/test-core.js';
import { startRedis, stopAndClean } from '../helpers/redis-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';

interface DoctorReport {
  ok: boolean;
  findings: { code: string; severity: string; message: string; fix: string }[];
}

const report = (result: CliResult): DoctorReport => JSON.parse(result.stdout) as DoctorReport;
const codes = (result: CliResult) => report(result).findings.map((finding) => finding.code);

/** A session bus with no services it can start, like a server without a desktop. */
const bareBusConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

/** A private bus with a gnome-keyring of its own, unlocked; `lock` then locks it over D-Bus. */
const keyringSession = (lock: boolean) => [
  'dbus-run-session',
  '--',
  'bash',
  '-c',
  `export XDG_DATA_HOME="$(mktemp -d)"
   eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
   ${
     lock
       ? 'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null'
       : 'true'
   }
   exec "$@"`,
  '_',
];

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('signet doctor: each problem with its stable code and a fix', () => {
  let github: GithubEmulator;
  let temp: ReturnType<typeof makeTempDir>;
  let env: Record<string, string>;
  const homes: string[] = [];
  const newHome = () => {
    const dir = path.join(temp.dir, `home-${homes.length}`);
    mkdirSync(dir);
    homes.push(dir);
    return dir;
  };
  const baseEnv = () => env;
  const doctor = (overrides: Record<string, string | undefined> = {}, wrapper: string[] = []) =>
    runSignetUnder(wrapper, ['doctor', '--json'], { ...env, ...overrides });

  beforeAll(async () => {
    github = await startGithubEmulator({ mode: 'github-app' });
    temp = makeTempDir();
    env = { ...isolatedCliEnv(newHome(), githubEnv(github)), TMPDIR: temp.dir };
  });
  afterAll(async () => {
    await github.close();
    for (const dir of homes) chmodSync(dir, 0o700);
    temp.cleanup();
  });

  it('finds nothing wrong in a working setup, and exits 0', async () => {
    const result = await doctor();
    expect(result.code, result.stderr).toBe(0);
    expect(report(result)).toEqual({ ok: true, findings: [] });
    const text = await runSignet(['doctor'], env);
    expect(text.stdout).toBe('No problems found: the keychain, data directory and sync server work.\n');
  });

  it('without a session bus: no-session-bus, and over SSH ssh-without-session-bus; exit 1', async () => {
    const runtime = path.join(temp.dir, 'runtime-empty');
    mkdirSync(runtime, { mode: 0o700 });
    const noBus = { DBUS_SESSION_BUS_ADDRESS: undefined, XDG_RUNTIME_DIR: runtime };
    const local = await doctor(noBus);
    expect(local.code).toBe(1);
    expect(codes(local)).toEqual(['no-session-bus']);
    expect(report(local)).toMatchObject({
      ok: false,
      findings: [{ severity: 'error', fix: /dbus-run-session/ }],
    });
    const ssh = await doctor({ ...noBus, SSH_CONNECTION: '192.0.2.1 50000 192.0.2.2 22' });
    expect(codes(ssh)).toEqual(['ssh-without-session-bus']);
  });

  it('with a locked keyring: keyring-locked; the same keyring unlocked passes', async () => {
    const runtime = path.join(temp.dir, 'runtime-keyring');
    mkdirSync(runtime, { mode: 0o700 });
    const locked = await doctor({ XDG_RUNTIME_DIR: runtime }, keyringSession(true));
    expect(codes(locked), locked.stderr).toEqual(['keyring-locked']);
    expect(report(locked).findings[0]!.fix).toMatch(/[Uu]nlock/);
    const unlocked = await doctor({ XDG_RUNTIME_DIR: runtime }, keyringSession(false));
    expect(report(unlocked), unlocked.stderr).toEqual({ ok: true, findings: [] });
  });

  it('with no Secret Service on the bus: no-secret-service, or keepassxc-secret-service-off while KeePassXC runs', async () => {
    const config = path.join(temp.dir, 'bare-bus.conf');
    writeFileSync(config, bareBusConfig);
    const bareBus = ['dbus-run-session', `--config-file=${config}`, '--'];
    expect(codes(await doctor({}, bareBus))).toEqual(['no-secret-service']);
    // A process named keepassxc is what the check looks for; a copy of sleep stands in for it.
    const fake = path.join(temp.dir, 'keepassxc');
    copyFileSync('/bin/sleep', fake);
    chmodSync(fake, 0o755);
    const withKeePassXc = [...bareBus, 'bash', '-c', `"${fake}" 30 & trap 'kill $!' EXIT; "$@"`, '_'];
    const result = await doctor({}, withKeePassXc);
    expect(codes(result)).toEqual(['keepassxc-secret-service-off']);
    expect(report(result).findings[0]!.fix).toMatch(/Secret Service Integration/);
  });

  it('with a read-only data directory: data-dir-not-writable', async () => {
    const home = newHome();
    chmodSync(home, 0o500);
    // Root ignores modes; without CAP_DAC_OVERRIDE it obeys them, as any user would.
    const withoutDacOverride = ['setpriv', '--inh-caps=-dac_override', '--bounding-set=-dac_override'];
    const result = await doctor({ SIGNET_HOME: home }, withoutDacOverride);
    expect(codes(result)).toEqual(['data-dir-not-writable']);
    expect(report(result).findings[0]!.message).toContain(home);
  });

  it('with an unreachable sync server: sync-server-unreachable, a warning', async () => {
    const result = await doctor({ SIGNET_REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    expect(report(result)).toEqual({
      ok: true,
      findings: [expect.objectContaining({ code: 'sync-server-unreachable', severity: 'warning' })],
    });
    expect(result.code).toBe(0);
  });

  it('with a sync server but no sync key: sync-server-not-paired, until `signet sync pair` makes one', async () => {
    const redis = await startRedis();
    try {
      const env = { SIGNET_HOME: newHome(), SIGNET_REDIS_URL: redis.url };
      const before = await doctor(env);
      expect(report(before).findings).toEqual([
        expect.objectContaining({ code: 'sync-server-not-paired', severity: 'info' }),
      ]);
      expect(before.code).toBe(0);
      expect((await runSignetUnder([], ['sync', 'pair'], { ...baseEnv(), ...env })).code).toBe(0);
      expect(codes(await doctor(env))).toEqual([]);
    } finally {
      await stopAndClean(redis);
    }
  });

  it('with no provider configured, invalid configuration, or session-only mode: each its code', async () => {
    const noProviders = await doctor({
      SIGNET_HOME: newHome(),
      SIGNET_GITHUB_CLIENT_ID: '',
      SIGNET_GITHUB_CLIENT_SECRET: '',
      SIGNET_GOOGLE_CLIENT_ID: '',
      SIGNET_DISCORD_CLIENT_ID: '',
      SIGNET_MICROSOFT_CLIENT_ID: '',
    });
    expect(codes(noProviders)).toEqual(['no-provider-configured']);
    const invalid = await doctor({ SIGNET_GITHUB_URL: 'http://example.com' });
    expect(codes(invalid)).toEqual(['config-invalid']);
    expect(report(invalid).findings[0]!.message).toMatch(/SIGNET_GITHUB_URL/);
    const sessionOnly = await doctor({ SIGNET_SECRET_STORE: 'memory' });
    expect(report(sessionOnly)).toEqual({
      ok: true,
      findings: [expect.objectContaining({ code: 'session-only', severity: 'info' })],
    });
  });
});
