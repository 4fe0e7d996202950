import { useId, useState } from 'react';
import type { SyncPairingCode } from '../../shared/contract';
import { api, toErrorDetails, type ErrorDetails } from '../api';
import { ErrorMessage } from './error-message';

/**
 * This machine's pairing code, shown only when asked for and dropped again on "Hide". The code
 * is the sync key itself, so it is fetched per showing and never kept in the window's state
 * longer than it is on screen. The QR code is an SVG the main process made; shown as an image,
 * it cannot run anything in the page.
 */
export function PairingCode() {
  const titleId = useId();
  const [shown, setShown] = useState<SyncPairingCode | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorDetails | null>(null);

  async function show() {
    setBusy(true);
    setError(null);
    try {
      setShown(await api.syncPairingCode());
    } catch (failure) {
      setError(toErrorDetails(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="pairing" role="group" aria-labelledby={titleId}>
      <h4 id={titleId} className="pairing-title">
        Pair another computer
      </h4>
      <p className="field-hint">
        The pairing code is this computer’s sync key: anyone with this code and access to the server can read
        your synced tokens. Show it only where no one else can see it.
      </p>
      {shown ? (
        <>
          <div className="pairing-code">
            <img
              className="pairing-qr"
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(shown.qrSvg)}`}
              alt="QR code of the pairing code"
              width={176}
              height={176}
            />
            <p>
              Type this on your other machine with:{' '}
              <code className="pairing-command">signet sync join {shown.code}</code>
            </p>
          </div>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setShown(null)}>
              Hide
            </button>
          </div>
        </>
      ) : (
        <div className="form-actions">
          <button type="button" className="button" onClick={show} disabled={busy}>
            {busy ? 'Getting the code…' : 'Show pairing code'}
          </button>
        </div>
      )}
      {error && <ErrorMessage error={error} lead="Couldn’t show the pairing code." />}
    </div>
  );
}
