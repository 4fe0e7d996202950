/**
 * The core's one public entry. The fronts (the Electron shell, the CLI, the IPC handlers) import
 * this module and nothing deeper; a lint rule and the dependency check in `npm test` hold them to
 * it. What is here is what a front needs: the composition root, the facade and its types, the
 * data directory and logger the core uses, the refresh schedule, and error translation.
 * @see docs/ARCHITECTURE.md
 */
export { createCore, type CoreOptions } from './create-core.js';
export { electronNativeModules, type NativeModules } from './native-modules.js';
export type { AccountService, AccountServiceEvents } from './account-service.js';
export type { AccountSummary } from './accounts/account-state.js';
export { launchRefreshConcurrency } from './accounts/token-access.js';
export type { CachedAccessToken } from './cache/access-token-cache.js';
export { appName, resolveDataDir } from './config/data-dir.js';
export { readAppPreferences, writeAppPreferences, type AppPreferences } from './config/app-preferences.js';
export type { Env, SignetConfig } from './config/config.js';
export { toSignetError } from './errors/translate-error.js';
export { CommandBrowserOpener, PrintingBrowserOpener, type BrowserOpener } from './flows/browser-opener.js';
export { createLogger, silentLogger, type Logger, type LogSink } from './logging/logger.js';
export { createLogFileSink, logFilePath, type LogFileSink } from './logging/log-file-sink.js';
export type { FetchLike } from './http/http-client.js';
export {
  RefreshScheduler,
  type RefreshAllOptions,
  type RefreshAllSummary,
  type RefreshSchedulerOptions,
} from './refresh/refresh-scheduler.js';
export { startAgent, type AgentOptions, type AgentTarget, type RunningAgent } from './agent/agent-server.js';
export { agentPaths, type AgentPaths } from './agent/agent-paths.js';
export { agentUnit, type AgentUnit, type AgentUnitOptions } from './agent/agent-unit.js';
