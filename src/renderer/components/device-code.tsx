import { useState } from 'react';
import { api } from '../api';

export interface DeviceCodeProps {
  /** The sign-in whose code the main process copies. */
  flowId: string | null | undefined;
  userCode: string;
  verificationUri: string | undefined;
}

/**
 * The device flow's code, large and easy to copy, and the address to type it into. "Copy code"
 * asks the main process: the window's session grants no clipboard permission (electron/electron
 * #37158), so `navigator.clipboard` would always fail there.
 */
export function DeviceCode({ flowId, userCode, verificationUri }: DeviceCodeProps) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      if (!flowId) throw new Error('no sign-in');
      await api.signInCopyCode({ flowId });
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <div className="device-code">
      <p className="device-code-instructions">
        {verificationUri ? (
          <>
            On any device, open <span className="device-code-uri">{verificationUri}</span> and enter this
            code:
          </>
        ) : (
          'Enter this code on the provider’s page:'
        )}
      </p>
      <div className="device-code-row">
        <p className="device-code-box">
          <span className="visually-hidden">Your code: </span>
          <span className="device-code-value">{userCode}</span>
        </p>
        <button type="button" className="button" onClick={copy}>
          Copy code
        </button>
      </div>
      <p className="device-code-feedback" role="status">
        {copied === 'yes'
          ? 'Code copied.'
          : copied === 'failed'
            ? 'Couldn’t copy; select the code instead.'
            : ''}
      </p>
    </div>
  );
}
