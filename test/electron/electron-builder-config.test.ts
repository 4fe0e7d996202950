/**
 * electron-builder's configuration, loaded and checked the way `electron-builder` itself does
 * before a build: its own config loader and its own schema validation (app-builder-lib's
 * `getConfig` and `validateConfiguration` over its scheme.json), then the values the app relies on.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cliArgvFrom } from '../../src/main/electron/cli-mode.js';

vi.mock('electron', () => import('./fake-electron.js'));

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..', '..');

interface BuilderConfig {
  appId?: string;
  files?: { filter?: string[] }[];
  electronFuses?: Record<string, boolean>;
  linux?: {
    executableName?: string;
    syncDesktopName?: boolean;
    extraResources?: { from: string; to: string }[];
  };
  deb?: { afterInstall?: string; afterRemove?: string };
  [key: string]: unknown;
}

async function loadConfig(overrides: Record<string, unknown> | null = null): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig(dir: string, file: string | null, extra: unknown): Promise<BuilderConfig>;
    validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(root, null, overrides);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('dev.signet.app');
  });

  it('the same validation refuses a key electron-builder does not know (so the check is real)', async () => {
    await expect(loadConfig({ electronFuses: { runAsNodeTypo: false } })).rejects.toThrow(
      /Invalid configuration object/,
    );
  });

  it('keeps RunAsNode off and the file protocol without extra privileges, and re-signs ad hoc', async () => {
    const { electronFuses } = await loadConfig();
    expect(electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('names the Linux binary signet-app, keeps the desktop name in sync, and ships the tray icon', async () => {
    const config = await loadConfig();
    expect(config.linux?.executableName).toBe('signet-app');
    expect(config.linux?.syncDesktopName).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { desktopName?: string };
    expect(pkg.desktopName).toBe(`${config.linux?.executableName}.desktop`);
    expect(config.files?.flatMap((entry) => entry.filter ?? [])).toContain('build/icon.png');
  });

  it('puts signet on the PATH from the .deb: the wrapper as a resource, linked by the after-install', async () => {
    const config = await loadConfig();
    expect(config.linux?.extraResources).toContainEqual({ from: 'build/linux/signet', to: 'signet' });
    expect(config.deb).toEqual({
      afterInstall: 'build/linux/after-install.sh',
      afterRemove: 'build/linux/after-remove.sh',
    });
    const install = readFileSync(path.join(root, 'build/linux/after-install.sh'), 'utf8');
    expect(install).toContain("ln -sf '/opt/${sanitizedProductName}/resources/signet' '/usr/bin/signet'");
    // What electron-builder's default after-install does stays: the sandbox helper and AppArmor.
    expect(install).toContain('chrome-sandbox');
    expect(install).toContain('apparmor_parser');
    for (const script of ['after-install.sh', 'after-remove.sh']) {
      execFileSync('bash', ['-n', path.join(root, 'build/linux', script)]);
    }
    expect(statSync(path.join(root, 'build/linux/signet')).mode & 0o111).not.toBe(0);
  });

  it('the wrapper runs the app binary with the CLI argv the app entry selects, every argument intact', () => {
    const script = readFileSync(path.join(root, 'build/linux/signet'), 'utf8');
    const exec = /^exec "\$here\/\.\.\/signet-app" (.*) "\$@"$/m.exec(script);
    expect(exec).not.toBeNull();
    const argv = ['/opt/Signet/signet-app', ...exec![1]!.split(' '), 'exec', '--', 'git', '--inspect', 'x y'];
    expect(cliArgvFrom(argv)).toEqual(['exec', '--', 'git', '--inspect', 'x y']);
  });
});
