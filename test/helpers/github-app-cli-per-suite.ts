import { afterAll, beforeAll } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../../emulators/index.js';
import { recordingSignet, type CliResult } from './cli.js';
import { makeTempDir } from './temp-dir.js';

export interface GithubAppCliSuite {
  readonly github: GithubEmulator;
  /** The suite's own folder, removed after it. */
  readonly dir: string;
  /** The environment every `signet` run gets. */
  readonly env: Record<string, string>;
  /** Every output, kept for the end-of-file leak scan, and the tokens known to have been issued. */
  readonly recorder: ReturnType<typeof recordingSignet>;
  /** Runs `signet …` with `env`, recorded. */
  signet(...args: string[]): Promise<CliResult>;
}

/**
 * For the describe block this is called in: a GitHub emulator in GitHub App mode and a fresh
 * folder, and `signet` runs recorded with the environment `envFor` builds from them.
 */
export function githubAppCliPerSuite(
  envFor: (github: GithubEmulator, dir: string) => Record<string, string>,
): GithubAppCliSuite {
  let current:
    { github: GithubEmulator; temp: ReturnType<typeof makeTempDir>; env: Record<string, string> } | undefined;
  const now = () => {
    if (!current) throw new Error('githubAppCliPerSuite is used inside a test or hook only');
    return current;
  };
  const recorder = recordingSignet(() => now().env);
  beforeAll(async () => {
    const github = await startGithubEmulator({ mode: 'github-app' });
    const temp = makeTempDir();
    current = { github, temp, env: envFor(github, temp.dir) };
  });
  afterAll(async () => {
    if (!current) return;
    await current.github.close();
    current.temp.cleanup();
    current = undefined;
  });
  return {
    get github() {
      return now().github;
    },
    get dir() {
      return now().temp.dir;
    },
    get env() {
      return now().env;
    },
    recorder,
    signet: (...args) => recorder.run(args),
  };
}
