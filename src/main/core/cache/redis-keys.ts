/**
 * Key names on the sync server. The account part is a keyed hash of (provider, issuer, subject)
 * under the sync key (`SyncKey.accountTag`): the same on every machine of the person, and no
 * login, email or subject for the server to read. As a Redis Cluster hash tag it keeps an
 * account's keys on one slot, so the lock and the token can be used together.
 */
export const redisKeys = {
  accessToken: (tag: string) => `signet:v2:{${tag}}:access_token`,
  refreshLock: (tag: string) => `signet:v2:{${tag}}:refresh_lock`,
};
