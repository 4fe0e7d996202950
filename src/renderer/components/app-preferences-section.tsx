import { useId, useState } from 'react';
import type { AppPreferencesView } from '../../shared/contract';
import { api, toErrorDetails, type ErrorDetails } from '../api';
import { useLoad } from '../hooks/use-load';
import { ErrorMessage } from './error-message';

type Change = { closeToTray: boolean } | { startAtLogin: boolean };

/**
 * The desktop app's own settings: keep running in the tray, start at login, the log file and the
 * `signet` command. Each change is saved to config.json by the main process. Where no app answers
 * (a browser preview), the section is not shown.
 */
export function AppPreferencesSection() {
  const loaded = useLoad(api.appPreferences);
  const [failure, setFailure] = useState<{ lead: string; error: ErrorDetails } | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState('');
  const titleId = useId();
  const trayId = useId();
  const loginId = useId();
  const logId = useId();
  const value = loaded.value;
  if (!value) return null;

  async function run(lead: string, action: () => Promise<AppPreferencesView | null>, done: string) {
    setBusy(true);
    setFailure(null);
    setNotice('');
    try {
      const next = await action();
      if (next) loaded.setValue(next);
      setNotice(done);
    } catch (error) {
      setFailure({ lead, error: toErrorDetails(error) });
    } finally {
      setBusy(false);
    }
  }
  const change = (next: Change, done: string) =>
    run('Couldn’t save the setting.', () => api.appSetPreferences(next), done);

  return (
    <section className="card" aria-labelledby={titleId}>
      <h3 id={titleId} className="card-title">
        Running in the background
      </h3>
      <div className="preference">
        <p className="preference-check">
          <input
            id={trayId}
            type="checkbox"
            checked={value.closeToTray}
            disabled={busy}
            onChange={(event) =>
              change(
                { closeToTray: event.currentTarget.checked },
                event.currentTarget.checked
                  ? 'Closing the window keeps Signet in the tray.'
                  : 'Closing the window quits Signet.',
              )
            }
          />
          <label htmlFor={trayId}>Keep Signet running in the tray when the window closes</label>
        </p>
        <p className="field-hint">
          Signet refreshes your sign-ins and tells you when one needs you, window or not.
        </p>
      </div>
      <div className="preference">
        <p className="preference-check">
          <input
            id={loginId}
            type="checkbox"
            checked={value.startAtLogin}
            disabled={busy}
            onChange={(event) =>
              change(
                { startAtLogin: event.currentTarget.checked },
                event.currentTarget.checked
                  ? 'Signet will start in the tray when you log in.'
                  : 'Signet won’t start at login.',
              )
            }
          />
          <label htmlFor={loginId}>Start Signet when I log in</label>
        </p>
        <p className="field-hint">It starts in the tray, without opening the window.</p>
      </div>

      <div className="preference">
        <label htmlFor={logId} className="field-label">
          Log file
        </label>
        <input
          id={logId}
          className="input input--mono"
          value={value.logFile}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
        />
        <p className="field-hint">Tokens and codes are never written to it.</p>
        <div className="form-actions">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => run('Couldn’t open the logs.', () => api.appOpenLogs(), 'Opened the log file.')}
          >
            Open logs
          </button>
        </div>
      </div>

      <div className="preference">
        <h4 className="field-label">The signet command</h4>
        <CommandState value={value} />
        {value.command.availability === 'installable' && (
          <div className="form-actions">
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() =>
                run(
                  'Couldn’t install the command.',
                  () => api.appInstallCommand(),
                  'The signet command is installed.',
                )
              }
            >
              Install the signet command
            </button>
          </div>
        )}
      </div>
      <p className="field-hint" role="status">
        {notice}
      </p>
      {failure && <ErrorMessage error={failure.error} lead={failure.lead} />}
    </section>
  );
}

function CommandState({ value }: { value: AppPreferencesView }) {
  const where = value.command.path ? <code>{value.command.path}</code> : null;
  switch (value.command.availability) {
    case 'on-path':
      return (
        <p className="field-hint">
          Installed with the package: {where}. Try <code>signet --help</code>.
        </p>
      );
    case 'installed':
      return (
        <p className="field-hint">
          Installed at {where}. Open a new terminal and try <code>signet --help</code>.
        </p>
      );
    case 'installable':
      return (
        <p className="field-hint">
          Puts {where} on your PATH, running this app’s own copy of the command line.
        </p>
      );
    default:
      return (
        <p className="field-hint">
          In a source checkout, run <code>npx signet</code>.
        </p>
      );
  }
}
