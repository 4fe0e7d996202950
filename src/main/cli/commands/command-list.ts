import type { Command } from '../command.js';
import { accountsCommand } from './accounts.js';
import { activityCommand } from './activity.js';
import { agentCommand } from './agent.js';
import { completeCommand } from './complete.js';
import { completionCommand } from './completion.js';
import { doctorCommand } from './doctor.js';
import { execCommand } from './exec.js';
import { gitCredentialCommand } from './git-credential.js';
import { loginCommand } from './login.js';
import { logoutCommand } from './logout.js';
import { metricsCommand } from './metrics.js';
import { providersCommand } from './providers.js';
import { refreshCommand } from './refresh.js';
import { setupGitCommand } from './setup-git.js';
import { statusCommand } from './status.js';
import { syncCommand } from './sync.js';
import { tokenCommand } from './token.js';

/** Every `signet` command, in the order `--help` lists them: the one list usage and completions read. */
export const commands: readonly Command[] = [
  providersCommand,
  loginCommand,
  accountsCommand,
  tokenCommand,
  execCommand,
  refreshCommand,
  logoutCommand,
  statusCommand,
  activityCommand,
  metricsCommand,
  agentCommand,
  syncCommand,
  doctorCommand,
  setupGitCommand,
  gitCredentialCommand,
  completionCommand(() => commands),
  completeCommand,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.name === name);
}
