// What an emulator counts, so tests can assert how many requests Signet made and how many ran at once.

export interface EmulatorStats {
  /** Every POST to the token endpoint, whatever its grant type or outcome. */
  tokenRequests: number;
  /** Token requests with grant_type=refresh_token. */
  refreshRequests: number;
  /** Token requests with grant_type=authorization_code. */
  codeExchanges: number;
  /** Token requests being answered right now (including latency, delays and hangs). */
  inFlight: number;
  /** Highest inFlight seen since the last resetStats(). */
  maxInFlight: number;
  /** tokenId() of every token revoked through the provider's revocation endpoint. */
  revoked: string[];
  /** Requests to the profile API (user, emails, userinfo, @me); not avatars. */
  apiRequests: number;
  /** Requests to the authorization endpoint. */
  authorizeRequests: number;
  /** Requests to the revocation endpoint(s). */
  revokeRequests: number;
  /** Requests to the device authorization endpoint. */
  deviceCodeRequests: number;
  /** Token requests with the device_code grant type. */
  devicePolls: number;
}

export function emptyStats(): EmulatorStats {
  return {
    tokenRequests: 0,
    refreshRequests: 0,
    codeExchanges: 0,
    inFlight: 0,
    maxInFlight: 0,
    revoked: [],
    apiRequests: 0,
    authorizeRequests: 0,
    revokeRequests: 0,
    deviceCodeRequests: 0,
    devicePolls: 0,
  };
}
