/**
 * Switches that would let another program drive a packaged Signet: a debugger or DevTools port,
 * V8 flags, a different renderer. The fuses already turn off `--inspect` for Node; Chromium's own
 * switches are refused here, before anything opens.
 */
export const refusedSwitches = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-allow-origins',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'inspect-publish-uid',
  'debug',
  'debug-brk',
  'js-flags',
  'renderer-cmd-prefix',
  'utility-cmd-prefix',
  'gpu-launcher',
  'browser-subprocess-path',
  'load-extension',
] as const;

/**
 * The refused switches found in `argv` (up to a `--`, after which arguments are the CLI's and
 * not Chromium's) or reported by `hasSwitch` (Electron's `app.commandLine.hasSwitch`).
 */
export function refusedSwitchesIn(
  argv: readonly string[],
  hasSwitch: (name: string) => boolean = () => false,
): string[] {
  const end = argv.indexOf('--');
  const options = end >= 0 ? argv.slice(0, end) : argv;
  const found = new Set<string>();
  for (const arg of options) {
    const match = /^--?([a-z0-9-]+)(?:=.*)?$/i.exec(arg);
    const name = match?.[1]?.toLowerCase();
    if (name && (refusedSwitches as readonly string[]).includes(name)) found.add(name);
  }
  for (const name of refusedSwitches) if (hasSwitch(name)) found.add(name);
  return [...found];
}

/** The one line a packaged app prints before it exits on a refused switch. */
export function refusalMessage(found: readonly string[]): string {
  return `Signet: refusing to start with ${found.map((name) => `--${name}`).join(', ')}: a packaged Signet cannot be debugged from outside.\n`;
}
