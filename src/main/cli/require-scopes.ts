import type { AccountView } from '../../shared/domain.js';
import { missingScopes } from '../../shared/scope-coverage.js';
import type { CliIo } from './cli-io.js';
import type { OptionSpec } from './command.js';

/** `--scope <scope>`, repeatable: the scopes a command needs the account to hold. */
export function scopeOption(description: string): OptionSpec {
  return { type: 'string', multiple: true, description, value: 'scope' };
}

/** What `lacksScopes` reads of an account: who it is, for the command it names, and its scopes. */
export type ScopedAccount = Pick<AccountView, 'provider' | 'login' | 'scopes'>;

/**
 * Whether the account lacks any of `wanted` (in the provider's terms: GitHub's `repo` holds
 * `public_repo`). If it does, one line on stderr names what is missing and the command that adds
 * it, so a script's log says how to fix it; the caller exits 7 (`exitCodes.missingScope`).
 */
export function lacksScopes(account: ScopedAccount, wanted: readonly string[], io: CliIo): boolean {
  const missing = missingScopes(account.provider, account.scopes, wanted);
  if (missing.length === 0) return false;
  const which = missing.length === 1 ? `scope ${missing[0]}` : `scopes ${missing.join(' ')}`;
  const add = missing.map((scope) => `--scope ${quoteArg(scope)}`).join(' ');
  io.stderr(
    `signet: ${account.provider}:${account.login} lacks ${which}; add it with: signet login ${quoteArg(`${account.provider}:${account.login}`)} ${add}\n`,
  );
  return true;
}

/** Quotes an argument for a POSIX shell only when it needs it (Google scopes are URLs). */
function quoteArg(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
