/** Helpers for untrusted profile data: it is rendered as text only. */
import type { AccountView } from '../../shared/domain';

/** Avatars are cached `data:image/…` URLs; anything else (a remote URL, `javascript:`) is dropped. */
export function safeAvatar(avatar: string | null): string | null {
  return avatar !== null && avatar.startsWith('data:image/') ? avatar : null;
}

/** Up to two letters for the avatar fallback; counts code points, so emoji are not split. */
export function initials(name: string): string {
  const letters = name
    .split(/[\s._@-]+/)
    .map((word) => Array.from(word).find((char) => /[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(char)))
    .filter((char): char is string => char !== undefined);
  return letters.slice(0, 2).join('').toUpperCase() || '?';
}

/** The name a person recognises: the display name, else the login. */
export function accountName(account: AccountView): string {
  return account.displayName?.trim() || account.login || account.email || 'Unnamed account';
}

/** The second line under the name: login and email, without repeating the name. */
export function accountDetail(account: AccountView): string {
  const name = accountName(account);
  const parts = [account.login, account.email].filter(
    (part): part is string => typeof part === 'string' && part !== '' && part !== name,
  );
  return [...new Set(parts)].join(' · ');
}
