import type { FetchLike } from '../http/http-client.js';

const imageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
export const maxAvatarBytes = 256 * 1024;

/**
 * Downloads a profile picture once and keeps it as a `data:` URL, so the window shows it offline.
 * Anything that is not a small image over https (or loopback http) is skipped: no avatar is
 * better than a failed sign-in.
 */
export async function fetchAvatar(
  http: FetchLike,
  url: string | null,
  allowLoopbackHttp: boolean,
): Promise<string | null> {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    const loopback = /^127(\.\d{1,3}){3}$/.test(parsed.hostname) || parsed.hostname === 'localhost';
    if (parsed.protocol !== 'https:' && !(allowLoopbackHttp && parsed.protocol === 'http:' && loopback))
      return null;
    const response = await http(parsed.href, { headers: { accept: 'image/*' } });
    const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!response.ok || !imageTypes.has(type)) return null;
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length === 0 || bytes.length > maxAvatarBytes) return null;
    return `data:${type};base64,${bytes.toString('base64')}`;
  } catch {
    return null;
  }
}
