/**
 * Catches obviously wrong sync server addresses before they reach the main process, which checks
 * them again. Empty is valid: it means "no sync server".
 */
export function validateSyncServerUrl(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (!/^rediss?:\/\//i.test(trimmed)) {
    return 'The address must start with redis:// or rediss://, for example redis://localhost:6379.';
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return 'That address isn’t valid. Use the form redis://host:port.';
  }
  if (url.hostname === '') return 'The address needs a host name, for example redis://localhost:6379.';
  return null;
}
