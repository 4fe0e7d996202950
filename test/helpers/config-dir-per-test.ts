import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import {
  configFileName,
  loadConfig,
  type Env,
  type SignetConfig,
} from '../../src/main/core/config/config.js';
import { makeTempDir } from './temp-dir.js';

export interface ConfigDir {
  /** This test's data directory. */
  readonly dir: string;
  /** Writes config.json: a string as it is (to test broken files), anything else as JSON. */
  writeFile(json: unknown): void;
  /** loadConfig on this test's data directory with only the variables given. */
  load(env?: Env): SignetConfig;
}

/** A fresh, empty data directory for each test of the config loader, removed after it. */
export function configDirPerTest(): ConfigDir {
  let temp: ReturnType<typeof makeTempDir> | undefined;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp?.cleanup());
  const dir = () => {
    if (!temp) throw new Error('configDirPerTest is used inside a test only');
    return temp.dir;
  };
  return {
    get dir() {
      return dir();
    },
    writeFile(json) {
      writeFileSync(path.join(dir(), configFileName), typeof json === 'string' ? json : JSON.stringify(json));
    },
    load(env = {}) {
      return loadConfig(dir(), env);
    },
  };
}
