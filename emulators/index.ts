// Local OAuth provider emulators: the package's public entry, for Signet's tests, its benchmarks
// and the demo (see README.md). Import from here, not from the files behind it.

export { makeIdenticon, makePng, TINY_PNG } from './avatars.js';
export type { BaseEmulator, EmulatorOptions, TokenRequestSummary } from './emulator-base.js';
export type { EmulatorStats } from './emulator-stats.js';
export type { Fault, FaultEndpoint } from './http/faults.js';
export { BodyTooLargeError } from './http/request-body.js';
export type { ClientAuthMethod } from './oauth/client-authentication.js';
export { isLoopbackRedirectUri } from './oauth/loopback-redirect.js';
export { verifyPkceS256 } from './oauth/pkce.js';
export { randomToken, tokenId } from './oauth/secret-values.js';

export { GITHUB_DEFAULT_USER, startGithubEmulator } from './github-emulator.js';
export type { GithubEmulator, GithubEmulatorOptions, GithubMode, GithubUser } from './github-emulator.js';

export { GOOGLE_DEFAULT_USER, startGoogleEmulator } from './google-emulator.js';
export type {
  GoogleEmulator,
  GoogleEmulatorOptions,
  GoogleUser,
  IdTokenClaims,
  IdTokenSigning,
} from './google-emulator.js';

export { DISCORD_DEFAULT_USER, startDiscordEmulator } from './discord-emulator.js';
export type { DiscordEmulator, DiscordEmulatorOptions, DiscordUser } from './discord-emulator.js';

export {
  MICROSOFT_CONSUMER_TENANT_ID,
  MICROSOFT_DEFAULT_TENANT_ID,
  MICROSOFT_DEFAULT_USER,
  MICROSOFT_PERSONAL_USER,
  startMicrosoftEmulator,
} from './microsoft-emulator.js';
export type { MicrosoftEmulator, MicrosoftEmulatorOptions, MicrosoftUser } from './microsoft-emulator.js';

/** Prefixes of every token the emulators issue, for leak scans of logs, output and files. */
export const TOKEN_PREFIXES = [
  'gho_',
  'ghu_',
  'ghr_',
  'ya29.',
  '1//0',
  'dsc_at_',
  'dsc_rt_',
  'ms_at_',
  'ms_rt_',
] as const;
