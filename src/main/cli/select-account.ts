// Choosing an account from a selector is shared with the agent, which answers the same selectors.
export { selectAccount, type SelectableAccount } from '../../shared/select-account.js';
