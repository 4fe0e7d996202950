import os from 'node:os';
import path from 'node:path';

/** A file that starts the agent at login: a systemd user unit, or a launchd agent. */
export interface AgentUnit {
  path: string;
  content: string;
  /** The command that starts it now and at every login. */
  enable: string;
}

export interface AgentUnitOptions {
  /** The command that runs `signet`, as argv: e.g. [node, /…/bin/signet.js]. */
  command: readonly string[];
  /** Set when the agent serves a data directory other than the default. */
  dataDir?: string;
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
}

/**
 * The unit `signet agent --install` writes: `~/.config/systemd/user/signet-agent.service` on
 * Linux (XDG_CONFIG_HOME respected), `~/Library/LaunchAgents/app.signet.agent.plist` on macOS.
 * It runs `signet agent` and restarts it if it fails. Windows has no such writer yet.
 * @see https://www.freedesktop.org/software/systemd/man/latest/systemd.unit.html
 * @see https://developer.apple.com/library/archive/documentation/MacOSX/Conceptual/BPSystemStartup/Chapters/CreatingLaunchdJobs.html
 */
export function agentUnit(options: AgentUnitOptions): AgentUnit | undefined {
  const env = options.env ?? process.env;
  const argv = [...options.command, 'agent'];
  switch (options.platform ?? process.platform) {
    case 'linux': {
      const config = env['XDG_CONFIG_HOME'] || path.join(os.homedir(), '.config');
      const lines = [
        '[Unit]',
        'Description=Signet agent: access tokens for scripts, refreshed ahead of expiry',
        '',
        '[Service]',
        `ExecStart=${argv.map(systemdQuote).join(' ')}`,
        ...(options.dataDir ? [`Environment=${systemdQuote(`SIGNET_HOME=${options.dataDir}`)}`] : []),
        'Restart=on-failure',
        'RestartSec=5',
        '',
        '[Install]',
        'WantedBy=default.target',
        '',
      ];
      return {
        path: path.join(config, 'systemd', 'user', 'signet-agent.service'),
        content: lines.join('\n'),
        enable: 'systemctl --user daemon-reload && systemctl --user enable --now signet-agent',
      };
    }
    case 'darwin': {
      const file = path.join(os.homedir(), 'Library', 'LaunchAgents', 'app.signet.agent.plist');
      const strings = (values: readonly string[]) =>
        values.map((v) => `    <string>${xml(v)}</string>`).join('\n');
      const environment = options.dataDir
        ? `  <key>EnvironmentVariables</key>\n  <dict>\n    <key>SIGNET_HOME</key>\n    <string>${xml(options.dataDir)}</string>\n  </dict>\n`
        : '';
      return {
        path: file,
        content: `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>app.signet.agent</string>
  <key>ProgramArguments</key>
  <array>
${strings(argv)}
  </array>
${environment}  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
</dict>
</plist>
`,
        enable: `launchctl bootstrap gui/$(id -u) ${file}`,
      };
    }
    default:
      return undefined;
  }
}

/** systemd's quoting: double quotes, with backslash, quote, `$` and `%` escaped. */
function systemdQuote(value: string): string {
  if (/^[A-Za-z0-9_./=:@+-]+$/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, '\\$&').replace(/\$/g, '$$$$').replace(/%/g, '%%')}"`;
}

function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
