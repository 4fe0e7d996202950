/**
 * What each provider scope lets Signet's holder do, in words a person understands, for the
 * account card and the CLI. A scope not listed is shown raw: nothing is guessed.
 */
import { canonicalScope } from './scope-coverage.js';

const oidc: Record<string, string> = {
  openid: 'Confirm who you are',
  email: 'See your email address',
  profile: 'See your name and profile picture',
  offline_access: 'Stay signed in when you are away',
};

/**
 * @see https://developers.google.com/identity/protocols/oauth2/scopes (read 2026-12-02)
 */
const google: Record<string, string> = {
  openid: oidc['openid']!,
  'https://www.googleapis.com/auth/userinfo.email': oidc['email']!,
  'https://www.googleapis.com/auth/userinfo.profile': oidc['profile']!,
  'https://www.googleapis.com/auth/drive': 'See, edit, create and delete all your Google Drive files',
  'https://www.googleapis.com/auth/drive.readonly': 'See and download all your Google Drive files',
  'https://www.googleapis.com/auth/drive.file': 'Use the Google Drive files you open or create with the app',
  'https://www.googleapis.com/auth/gmail.readonly': 'Read your Gmail messages and settings',
  'https://www.googleapis.com/auth/gmail.send': 'Send email as you',
  'https://www.googleapis.com/auth/calendar': 'See, edit, share and delete your calendars',
  'https://www.googleapis.com/auth/calendar.readonly': 'See your calendars',
  'https://www.googleapis.com/auth/cloud-platform': 'Use your Google Cloud data and services',
};

/**
 * @see https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/scopes-for-oauth-apps (read 2026-12-02)
 */
const github: Record<string, string> = {
  repo: 'Access private repositories',
  public_repo: 'Change your public repositories',
  'repo:status': 'Change commit statuses',
  repo_deployment: 'Change deployment statuses',
  'repo:invite': 'Accept repository invitations',
  security_events: 'Read and change security events',
  workflow: 'Change GitHub Actions workflows',
  gist: 'Create gists',
  notifications: 'Read your notifications',
  user: 'Change your profile',
  'read:user': 'Read your profile',
  'user:email': 'See your email addresses',
  'user:follow': 'Follow and unfollow people',
  'read:org': 'See your organizations and teams',
  'write:org': 'Change organization and team membership',
  'admin:org': 'Manage your organizations',
  'read:packages': 'Download packages',
  'write:packages': 'Publish packages',
  'delete:packages': 'Delete packages',
  'read:public_key': 'See your SSH keys',
  'admin:public_key': 'Manage your SSH keys',
  'read:gpg_key': 'See your GPG keys',
  'admin:repo_hook': 'Manage repository webhooks',
  delete_repo: 'Delete repositories',
  codespace: 'Manage your codespaces',
  project: 'Change your projects',
  'read:project': 'See your projects',
  copilot: 'Use GitHub Copilot',
};

/**
 * @see https://discord.com/developers/docs/topics/oauth2#shared-resources-oauth2-scopes (read 2026-12-02)
 */
const discord: Record<string, string> = {
  identify: 'Read your username and avatar',
  email: 'See your email address',
  guilds: 'See the servers you are in',
  'guilds.join': 'Join servers for you',
  'guilds.members.read': 'Read your member info in your servers',
  connections: 'See your linked accounts',
  'messages.read': 'Read your messages in the local client',
};

/**
 * Microsoft Graph; compared lower-case, as Microsoft does.
 * @see https://learn.microsoft.com/en-us/graph/permissions-reference (read 2026-12-02)
 */
const microsoft: Record<string, string> = {
  ...oidc,
  'user.read': 'Read your profile',
  'user.readbasic.all': 'Read the basic profiles of people in your organization',
  'mail.read': 'Read your email',
  'mail.send': 'Send email as you',
  'calendars.read': 'Read your calendars',
  'calendars.readwrite': 'Change your calendars',
  'files.read': 'Read your files',
  'files.readwrite': 'Change your files',
  'contacts.read': 'Read your contacts',
};

const byProvider: Record<string, Record<string, string>> = { google, github, discord, microsoft };

/** One scope for showing: the words (null when unknown) and the raw scope beside them. */
export interface ScopeDescription {
  scope: string;
  words: string | null;
}

/** Describes one scope of this provider; an OpenID provider of config.json gets OpenID's words. */
export function describeScope(provider: string, scope: string): ScopeDescription {
  const table = byProvider[provider] ?? oidc;
  return { scope, words: table[canonicalScope(provider, scope)] ?? null };
}

/**
 * Every scope Signet has words for at this provider, in the order of its table: what the window
 * offers when a person adds permissions to an account.
 */
export function knownScopes(provider: string): ScopeDescription[] {
  return Object.entries(byProvider[provider] ?? oidc).map(([scope, words]) => ({ scope, words }));
}
