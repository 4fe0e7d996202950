import { isLoopbackHost } from '../../../shared/loopback.js';
import type { AccountService } from '../../core/index.js';
import { UsageError, type CliIo } from '../cli-io.js';
import { oneArg, type CoreCommand } from '../command.js';
import { exitCodes } from '../exit-codes.js';
import { chooseGitAccount, type GitAccountChoice } from '../git/choose-git-account.js';
import {
  formatCredential,
  parseCredentialRequest,
  type CredentialRequest,
} from '../git/credential-protocol.js';
import { gitHostsOf } from '../git/git-hosts.js';

/**
 * A push or clone makes several requests with the one credential git got: the token must outlive
 * the whole operation, not only the first request.
 */
const gitMinValiditySeconds = 300;

/**
 * git's credential helper. `get` answers with a fresh token of the chosen account; `store` keeps
 * nothing (Signet already holds the credential, and git must not cache a short-lived token);
 * `erase` forgets only the cached access token, so the next `get` refreshes.
 * @see https://git-scm.com/docs/gitcredentials#_custom_helpers (read 2026-12-02)
 */
export const gitCredentialCommand: CoreCommand = {
  name: 'git-credential',
  synopsis: 'git-credential get|store|erase',
  summary: "git's credential helper (signet setup-git tells git to use it)",
  options: {},
  completes: 'git-action',
  needsCore: true,
  async run(service, { args, io }) {
    const action = oneArg('git-credential', args, 'action (get, store or erase)');
    if (action !== 'get' && action !== 'store' && action !== 'erase') {
      throw new UsageError(`git-credential takes get, store or erase, not "${action}".`);
    }
    const request = parseCredentialRequest((await io.readStdin?.()) ?? '');
    if (action === 'store' || !carriesTokens(request)) return exitCodes.ok;
    const choice = chooseGitAccount(
      request,
      service.config.gitRules,
      service.listAccountSummaries(),
      gitHostsOf(service.config),
    );
    if (action === 'erase') {
      if (choice.kind === 'account') await service.forgetAccessToken(choice.account.id);
      return exitCodes.ok;
    }
    return answer(service, choice, io);
  },
};

async function answer(service: AccountService, choice: GitAccountChoice, io: CliIo): Promise<number> {
  switch (choice.kind) {
    case 'not-ours':
      return exitCodes.ok;
    case 'no-account':
      io.stderr(
        `signet: no ${choice.host.providerName} account for ${choice.host.host}: sign in with signet login ${choice.host.provider}\n`,
      );
      return exitCodes.failed;
    case 'ambiguous':
      io.stderr(`signet: ${ambiguityLine(choice, service.dataDir)}\n`);
      return exitCodes.failed;
    case 'account': {
      const token = await service.getAccessToken(choice.account.id, {
        minValiditySeconds: gitMinValiditySeconds,
      });
      // GitHub takes the account's login as the username and the token as the password.
      // https://docs.github.com/en/enterprise/2.17/user/articles/git-automation-with-oauth-tokens (read 2026-12-02)
      const attributes: [string, string][] = [
        ['username', choice.account.login],
        ['password', token.accessToken],
      ];
      // Git 2.41 and later drop a password past this time rather than use it; older ones ignore it.
      // https://git-scm.com/docs/git-credential#Documentation/git-credential.txt-codepasswordexpiryutccode (read 2026-12-02)
      if (token.expiresAt) {
        attributes.push(['password_expiry_utc', String(Math.floor(token.expiresAt.getTime() / 1000))]);
      }
      io.stdout(formatCredential(attributes));
      return exitCodes.ok;
    }
  }
}

/** A token goes only over https, or plain http to this machine (a local test server). */
function carriesTokens(request: CredentialRequest): boolean {
  if (!request.host) return false;
  if (request.protocol === 'https') return true;
  if (request.protocol !== 'http') return false;
  try {
    return isLoopbackHost(new URL(`http://${request.host}`).hostname);
  } catch {
    return false;
  }
}

/** The one line that says how to choose: a rule to paste into config.json, filled in. */
function ambiguityLine(choice: Extract<GitAccountChoice, { kind: 'ambiguous' }>, dataDir: string): string {
  const names = choice.candidates.map((account) => `${account.provider}:${account.login}`);
  const rule = JSON.stringify({
    host: choice.host,
    ...(choice.owner ? { owner: choice.owner } : { owner: '<owner>' }),
    account: names[0],
  });
  const pathHint = choice.owner ? '' : ' (an owner rule needs git config credential.useHttpPath true)';
  return `${names.length} accounts for ${choice.host} (${names.join(', ')}) and no rule chooses: add ${rule} to "git": { "rules": [...] } in ${dataDir}/config.json${pathHint}`;
}
