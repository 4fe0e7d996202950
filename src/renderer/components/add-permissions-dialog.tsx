import { useId, useState, type FormEvent } from 'react';
import type { AccountView } from '../../shared/domain';
import { describeScope, knownScopes } from '../../shared/scope-descriptions';
import { effectiveScopes, canonicalScope, parseScopeValue } from '../../shared/scope-coverage';
import { accountName } from '../lib/profile';
import { Dialog } from './dialog';

export interface AddPermissionsDialogProps {
  account: AccountView;
  /** Starts the consent for these scopes (never empty, none already held). */
  onStart: (scopes: string[]) => void;
  onClose: () => void;
}

/** A scope as a provider takes it (RFC 6749 §3.3 scope-token): what `account:add-scopes` accepts. */
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/;

/**
 * What an account may do now, and what more to ask its provider for: the scopes Signet has words
 * for (each with the raw scope beside it), or any scope typed raw. Continuing opens the browser
 * for the same account; the provider asks the person, who may grant all, some or none.
 */
export function AddPermissionsDialog({ account, onStart, onClose }: AddPermissionsDialogProps) {
  const listId = useId();
  const otherId = useId();
  const hintId = useId();
  const errorId = useId();
  const [chosen, setChosen] = useState<string[]>([]);
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | null>(null);

  const held = effectiveScopes(account.provider, account.scopes);
  const isHeld = (scope: string) => held.has(canonicalScope(account.provider, scope));
  const offered = knownScopes(account.provider).filter(({ scope }) => !isHeld(scope));
  const name = accountName(account);

  function toggle(scope: string, on: boolean) {
    setChosen((list) => (on ? [...list, scope] : list.filter((item) => item !== scope)));
    setError(null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const typed = parseScopeValue(other);
    const invalid = typed.find((scope) => !scopeToken.test(scope));
    if (invalid !== undefined) {
      setError(`“${invalid}” is not a scope: use the provider’s name for it, without quotes.`);
      return;
    }
    const wanted = [...new Set([...chosen, ...typed])].filter((scope) => !isHeld(scope));
    if (wanted.length === 0) {
      setError(
        typed.length > 0 && chosen.length === 0
          ? `${name} already has ${typed.join(' ')}.`
          : 'Choose a permission, or type a scope.',
      );
      return;
    }
    onStart(wanted);
  }

  return (
    <Dialog title={`Add permissions for ${name}`} onClose={onClose}>
      <form className="add-permissions" onSubmit={submit} noValidate>
        <p className="dialog-body">
          Signet opens your browser at {account.providerName}, which asks you to approve the permissions you
          choose here for this same account. You can approve all, some or none of them.
        </p>

        <section aria-labelledby={`${listId}-held`}>
          <h3 id={`${listId}-held`} className="add-permissions-heading">
            It can already
          </h3>
          {account.scopes.length === 0 ? (
            <p className="muted">Nothing yet that {account.providerName} has told Signet about.</p>
          ) : (
            <ul className="scope-list">
              {account.scopes.map((scope) => (
                <li key={scope}>
                  <ScopeText provider={account.provider} scope={scope} />
                </li>
              ))}
            </ul>
          )}
        </section>

        <fieldset className="add-permissions-choices">
          <legend className="add-permissions-heading">Ask {account.providerName} for</legend>
          {offered.length === 0 ? (
            <p className="muted">Signet knows no more {account.providerName} permissions by name.</p>
          ) : (
            <ul className="scope-list scope-list--choices">
              {offered.map(({ scope }) => (
                <li key={scope}>
                  <label className="scope-choice">
                    <input
                      type="checkbox"
                      checked={chosen.includes(scope)}
                      onChange={(event) => toggle(scope, event.currentTarget.checked)}
                    />
                    <ScopeText provider={account.provider} scope={scope} />
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>

        <div>
          <label htmlFor={otherId} className="field-label">
            Another scope
          </label>
          <input
            id={otherId}
            className="input input--mono"
            type="text"
            spellCheck={false}
            autoComplete="off"
            value={other}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            aria-invalid={error !== null}
            onChange={(event) => {
              setOther(event.currentTarget.value);
              setError(null);
            }}
          />
          <p id={hintId} className="field-hint">
            The raw scope, as {account.providerName} documents it. Separate several with spaces.
          </p>
          {error && (
            <p id={errorId} className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>

        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary">
            Continue in browser
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A scope in words with the raw scope beside it, or raw alone when Signet has no words for it. */
export function ScopeText({ provider, scope }: { provider: string; scope: string }) {
  const { words } = describeScope(provider, scope);
  return (
    <span className="scope-text">
      {words && <span className="scope-words">{words}</span>} <code className="scope-raw">{scope}</code>
    </span>
  );
}
