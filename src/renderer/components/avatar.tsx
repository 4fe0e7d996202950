import { initials, safeAvatar } from '../lib/profile';

/**
 * The cached avatar, or initials when there is none. Decorative: the name is always shown next to
 * it. Only `data:image/…` URLs are rendered, so a profile cannot make the window fetch anything.
 */
export function Avatar({ name, avatar }: { name: string; avatar: string | null }) {
  const src = safeAvatar(avatar);
  if (src) return <img className="avatar" src={src} alt="" width={40} height={40} />;
  return (
    <span className="avatar avatar--initials" aria-hidden="true">
      {initials(name)}
    </span>
  );
}
