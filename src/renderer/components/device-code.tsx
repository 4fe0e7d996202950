import { useState } from 'react';

export interface DeviceCodeProps {
  userCode: string;
  verificationUri: string | undefined;
}

/** The device flow's code, large and easy to copy, and the address to type it into. */
export function DeviceCode({ userCode, verificationUri }: DeviceCodeProps) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(userCode);
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
