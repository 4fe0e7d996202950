import type { ProviderView, SignInMethod } from '../../shared/domain';
import type { Loaded } from '../hooks/use-load';
import type { SignInTarget } from '../hooks/use-sign-in';
import { Dialog } from './dialog';
import { ProviderPicker } from './provider-picker';

export interface AddAccountDialogProps {
  providers: Loaded<ProviderView[]>;
  onStart: (provider: SignInTarget, method: SignInMethod) => void;
  onClose: () => void;
}

export function AddAccountDialog({ providers, onStart, onClose }: AddAccountDialogProps) {
  return (
    <Dialog title="Add an account" onClose={onClose}>
      <p className="dialog-body">
        Signet opens your browser so you can sign in on the provider’s own page. Your password never passes
        through Signet.
      </p>
      <ProviderPicker providers={providers} onStart={onStart} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
