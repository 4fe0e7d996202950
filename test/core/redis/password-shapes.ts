/**
 * Passwords in every shape that has leaked from a sync URL before: `@`, `/`, `:` and `%`, alone
 * and together, written as they are. Each part between those characters is distinctive, so a
 * test can tell a partial leak (the tail after an `@`) from a coincidence.
 */
export const passwordShapes: [string, string][] = [
  ['an @', 'alpha7Q@bravo8Q'],
  ['a /', 'charlie9Q/delta0Q'],
  ['a :', 'echo1Q:foxtrot2Q'],
  ['a % that starts no escape', 'golf3Q%hotel4Q'],
  ['a trailing %', 'india5Q%'],
  ['all of them, twice', 'juliet6Q@kilo7Q/lima8Q:mike9Q%zzNov0Q@oscar1Q/'],
];

/** The password's distinctive parts (3+ characters between the special ones) found in `text`. */
export function leakedParts(text: string, password: string): string[] {
  const parts = password.split(/[@/:%]/).filter((part) => part.length >= 3);
  const found = parts.filter((part) => text.includes(part));
  if (text.includes(password) || text.includes(encodeURIComponent(password))) found.unshift(password);
  return found;
}

/** The address shapes a password travels in: plain and encoded, with a user or alone, every form. */
export function passwordUrls(password: string): { url: string; username: string | undefined }[] {
  const encoded = encodeURIComponent(password);
  return [
    { url: `redis://signet:${password}@127.0.0.1:6379`, username: 'signet' },
    { url: `rediss://signet:${encoded}@h2.example:6380/2`, username: 'signet' },
    { url: `redis://:${password}@[::1]:6379`, username: undefined },
    // A lone part without `:` is the password; with a `:` in it, the part before is a user name.
    ...(password.includes(':') ? [] : [{ url: `redis://${password}@127.0.0.1:6379`, username: undefined }]),
    { url: `redis-cluster://signet:${password}@127.0.0.1:7000,127.0.0.1:7001`, username: 'signet' },
    { url: `rediss-sentinel://signet:${encoded}@[::1]:26379,h2.example/prod`, username: 'signet' },
  ];
}
