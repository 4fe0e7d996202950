// Exits 0 when node_modules' native addons load in this Node: `scripts/test.sh`'s guard, which
// rebuilds them otherwise. Opening a database is what loads better-sqlite3's addon (a bare
// require() succeeds with an addon of another ABI); keytar loads its addon on require.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  const Database = require('better-sqlite3');
  new Database(':memory:').close();
  require('keytar');
} catch (error) {
  process.stderr.write(`${String(error?.message ?? error).split('\n')[0]}\n`);
  process.exit(1);
}
