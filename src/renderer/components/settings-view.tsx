import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SettingsView as Settings, SyncServerTestResult } from '../../shared/domain';
import { api, toErrorDetails, type ErrorDetails } from '../api';
import { useLoad } from '../hooks/use-load';
import { validateSyncServerUrl } from '../lib/sync-url';
import { AppPreferencesSection } from './app-preferences-section';
import { ErrorMessage } from './error-message';
import { LoadError } from './load-error';
import { PairingCode } from './pairing-code';

/** The data folder, and the optional sync server that shares access tokens between machines. */
export function SettingsView() {
  const settings = useLoad(api.settingsGet);
  const value = settings.value;

  return (
    <div className="view">
      <h2 className="view-title">Settings</h2>
      {settings.error && !value && (
        <LoadError error={settings.error} lead="Couldn’t load the settings." onRetry={settings.reload} />
      )}
      {!value && !settings.error && <p className="muted">Loading settings…</p>}
      {value && (
        <>
          <DataDirectory dataDir={value.dataDir} />
          <AppPreferencesSection />
          <SyncServerForm settings={value} onSaved={settings.setValue} />
        </>
      )}
    </div>
  );
}

function DataDirectory({ dataDir }: { dataDir: string }) {
  const inputId = useId();
  const hintId = useId();
  return (
    <section className="card" aria-labelledby={`${inputId}-title`}>
      <h3 id={`${inputId}-title`} className="card-title">
        Data folder
      </h3>
      <label htmlFor={inputId} className="field-label">
        Location
      </label>
      <input
        id={inputId}
        className="input input--mono"
        value={dataDir}
        readOnly
        aria-describedby={hintId}
        onFocus={(event) => event.currentTarget.select()}
      />
      <p id={hintId} className="field-hint">
        Accounts and settings live here; the command line uses the same folder. Refresh tokens stay in your
        system keychain. Set <code>SIGNET_HOME</code> to move it.
      </p>
    </section>
  );
}

type Outcome =
  | { kind: 'tested'; result: SyncServerTestResult }
  | { kind: 'saved'; cleared: boolean }
  | { kind: 'declined' }
  | { kind: 'failed'; error: ErrorDetails };

function SyncServerForm({
  settings,
  onSaved,
}: {
  settings: Settings;
  onSaved: (settings: Settings) => void;
}) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const saved = settings.syncServerUrl ?? '';
  const [url, setUrl] = useState(saved);
  const [showValidation, setShowValidation] = useState(false);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const locked = settings.syncServerFromEnvironment;

  useEffect(() => setUrl(saved), [saved]);

  const trimmed = url.trim();
  const validation = validateSyncServerUrl(trimmed);
  const invalid = showValidation && validation !== null;
  // The saved URL comes back redacted (`***` for a password); saving it unchanged would store the stars.
  const changed = trimmed !== saved;

  async function test() {
    setShowValidation(true);
    if (validation !== null || trimmed === '') return;
    setBusy('test');
    setOutcome(null);
    try {
      setOutcome({ kind: 'tested', result: await api.settingsTestSyncServer({ url: trimmed }) });
    } catch (failure) {
      setOutcome({ kind: 'failed', error: toErrorDetails(failure) });
    } finally {
      setBusy(null);
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setShowValidation(true);
    if (validation !== null || !changed || locked) return;
    setBusy('save');
    setOutcome(null);
    try {
      const next = await api.settingsSetSyncServer({ url: trimmed === '' ? null : trimmed });
      onSaved(next);
      setOutcome({ kind: 'saved', cleared: trimmed === '' });
      setShowValidation(false);
    } catch (failure) {
      const error = toErrorDetails(failure);
      // The main process asked in its own dialog and the person said no: not a failure to explain.
      setOutcome(error.code === 'user-cancelled' ? { kind: 'declined' } : { kind: 'failed', error });
    } finally {
      setBusy(null);
    }
  }

  const describedBy = [hintId, invalid ? errorId : null].filter(Boolean).join(' ');

  return (
    <section className="card" aria-labelledby={`${inputId}-title`}>
      <h3 id={`${inputId}-title`} className="card-title">
        Sync server
      </h3>
      <p className="card-text">
        Optional. With a Redis sync server, Signet on several computers and your scripts share fresh access
        tokens. Refresh tokens stay on this computer and never go to the server.
      </p>
      {settings.syncServerPlaintextAllowed && (
        <p className="sync-plaintext-warning" role="note">
          Plain connections are allowed: <code>syncServerAllowPlaintext</code> is on in config.json, so a sync
          server on another computer may be reached without TLS, and its password and the sealed tokens cross
          the network unencrypted. Turn it off unless the network itself is private.
        </p>
      )}
      <form className="sync-form" onSubmit={save} noValidate>
        <label htmlFor={inputId} className="field-label">
          Server address
        </label>
        <input
          id={inputId}
          className="input input--mono"
          type="text"
          inputMode="url"
          spellCheck={false}
          autoComplete="off"
          placeholder="redis://localhost:6379"
          value={url}
          readOnly={locked}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => {
            setUrl(event.target.value);
            setOutcome(null);
          }}
          onBlur={() => setShowValidation(trimmed !== '')}
        />
        {invalid && (
          <p id={errorId} className="field-error">
            {validation}
          </p>
        )}
        <p id={hintId} className="field-hint">
          {locked ? (
            <>
              Set by the <code>SIGNET_REDIS_URL</code> environment variable. Unset it and restart Signet to
              change it here.
            </>
          ) : (
            <>
              Starts with <code>redis://</code> or <code>rediss://</code> (TLS). Leave it empty and save to
              use local storage only.
            </>
          )}
        </p>
        {!locked && (
          <div className="form-actions">
            <button
              type="button"
              className="button"
              onClick={test}
              disabled={busy !== null || trimmed === ''}
            >
              {busy === 'test' ? 'Testing…' : 'Test connection'}
            </button>
            <button type="submit" className="button button--primary" disabled={busy !== null || !changed}>
              {busy === 'save' ? 'Saving…' : 'Save'}
            </button>
          </div>
        )}
      </form>
      <div aria-live="polite">
        {outcome?.kind === 'tested' && (
          <p className={`form-result form-result--${outcome.result.ok ? 'success' : 'danger'}`}>
            {outcome.result.ok ? 'Connected.' : 'Couldn’t connect.'}
            {testDetail(outcome.result)}
          </p>
        )}
        {outcome?.kind === 'saved' && (
          <p className="form-result form-result--success">
            {outcome.cleared
              ? 'Saved. Signet now uses local storage only.'
              : 'Saved. Signet now uses this sync server.'}
          </p>
        )}
        {outcome?.kind === 'declined' && (
          <p className="form-result">
            Not saved: you chose Cancel when Signet asked to confirm this server, so the sync server is
            unchanged.
          </p>
        )}
      </div>
      {outcome?.kind === 'failed' && <ErrorMessage error={outcome.error} />}
      {/* Keyed by the address: a code shown for one server is gone once another is saved. */}
      {settings.syncServerUrl !== null && <PairingCode key={settings.syncServerUrl} />}
    </section>
  );
}

/** The test's detail after the verdict, unless it only repeats it ("Connected. Connected"). */
function testDetail(result: SyncServerTestResult): string {
  const detail = result.detail.trim();
  if (detail === '' || (result.ok && /^connected\.?$/i.test(detail))) return '';
  return ` ${detail}`;
}
