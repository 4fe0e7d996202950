/**
 * Key names on the sync server. The `{accountId}` hash tag keeps every key of one account on one
 * Redis Cluster slot, so the lock and the token can be used together.
 */
export const redisKeys = {
  accessToken: (accountId: string, provider: string) =>
    `signet:oauth:{${accountId}}:${provider}:access_token`,
  refreshLock: (accountId: string) => `signet:oauth:{${accountId}}:refresh_lock`,
};
