import type { AccountView } from './domain.js';
import { SignetError } from './errors.js';

/** The parts of an account a selector can name. */
export type SelectableAccount = Pick<AccountView, 'id' | 'provider' | 'login' | 'email'>;

/**
 * Finds the account a command line names: an account id, a provider name when that provider has
 * exactly one account, or `<provider>:<login or email>` (case-insensitive).
 */
export function selectAccount<A extends SelectableAccount>(accounts: readonly A[], selector: string): A {
  const byId = accounts.find((account) => account.id === selector);
  if (byId) return byId;
  const colon = selector.indexOf(':');
  const providerPart = colon < 0 ? selector : selector.slice(0, colon);
  const ofProvider = accounts.filter((account) => account.provider === providerPart);
  const noMatch = () =>
    new SignetError('not-found', `No account matches "${selector}". List them with: signet accounts`);
  if (colon < 0) {
    if (ofProvider.length === 1) return ofProvider[0]!;
    if (ofProvider.length > 1) {
      throw new SignetError(
        'ambiguous-account',
        `${ofProvider.length} ${providerPart} accounts: say which, as ${providerPart}:<login or email>.`,
      );
    }
    throw noMatch();
  }
  const who = selector.slice(colon + 1).toLowerCase();
  const matches = ofProvider.filter(
    (account) => account.login.toLowerCase() === who || account.email?.toLowerCase() === who,
  );
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw new SignetError('ambiguous-account', `Several accounts match "${selector}": use the id.`);
  throw noMatch();
}
