// What the OpenID Connect emulators (Google, Microsoft) add to every emulator: an ID-token signer,
// and the controls a test uses to tamper with the ID tokens it signs.

import { EmulatorBase } from '../emulator-base.js';
import type { EmulatorDefaults, EmulatorOptions } from '../emulator-base.js';
import type { IdTokenClaims, IdTokenOverrides, IdTokenSigner, IdTokenSigning } from './id-token-signer.js';

/** The ID-token controls of an OpenID Connect emulator. */
export interface IdTokenControls {
  /** Claims of the last ID token issued (after overrides), or null. */
  readonly lastIdTokenClaims: IdTokenClaims | null;
  /**
   * Tamper with the next ID token only: merge these claims (a value of undefined deletes the claim)
   * or map the claims with a function.
   */
  idTokenOverrides(next: IdTokenOverrides): void;
  /** How the next ID token is signed: 'none' (alg none), 'wrong-key' (same kid, other key). */
  signWith(mode: IdTokenSigning): void;
  /** New signing key with a new kid; the JWKS keeps the previous key too. */
  rotateSigningKey(): Promise<void>;
}

export abstract class OidcEmulatorBase<P extends object> extends EmulatorBase<P> implements IdTokenControls {
  protected readonly signer: IdTokenSigner;

  protected constructor(defaults: EmulatorDefaults<P>, options: EmulatorOptions<P>, signer: IdTokenSigner) {
    super(defaults, options);
    this.signer = signer;
  }

  get lastIdTokenClaims(): IdTokenClaims | null {
    return this.signer.lastClaims;
  }

  idTokenOverrides(next: IdTokenOverrides): void {
    this.signer.overrideNext(next);
  }

  signWith(mode: IdTokenSigning): void {
    this.signer.signNextWith(mode);
  }

  rotateSigningKey(): Promise<void> {
    return this.signer.rotate();
  }
}
