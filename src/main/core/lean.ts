/**
 * The core's second public entry, for what a `signet token` needs before any core is built: the
 * data directory, where the agent's socket is, and (with no agent) reading a cached token. It
 * loads no protocol library, HTTP client, validation library or Redis client, so the command
 * line's fast paths stay fast; anything more goes through `index.ts`.
 * @see docs/ARCHITECTURE.md §6 (the lean paths)
 */
export { agentPaths, type AgentPaths } from './agent/agent-paths.js';
export { resolveDataDir } from './config/data-dir.js';
export {
  readCachedToken,
  type LeanFallback,
  type LeanTokenRead,
  type ReadCachedTokenOptions,
} from './cache/read-cached-token.js';
