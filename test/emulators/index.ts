// Local OAuth provider emulators for Signet's tests. See emulator-base.ts for the shared API.

export {
  BodyTooLargeError,
  TINY_PNG,
  isLoopbackRedirectUri,
  makeIdenticon,
  makePng,
  randomToken,
  tokenId,
  verifyPkceS256,
} from './emulator-base.js';
export type {
  BaseEmulator,
  ClientAuthMethod,
  EmulatorOptions,
  EmulatorStats,
  Fault,
  FaultEndpoint,
  TokenRequestSummary,
} from './emulator-base.js';

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

/** Prefixes of every token the emulators issue, for leak scans of logs, output and files. */
export const TOKEN_PREFIXES = ['gho_', 'ghu_', 'ghr_', 'ya29.', '1//0', 'dsc_at_', 'dsc_rt_'] as const;
