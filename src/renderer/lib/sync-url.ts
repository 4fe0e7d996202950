import { parseSyncUrl } from '../../shared/sync-url';

/**
 * Catches wrong sync server addresses before they reach the main process, which checks them
 * again, with the grammar the main process uses (every form, every shape of password). Empty is
 * valid: it means "no sync server". The message never quotes the address: it may hold a password.
 */
export function validateSyncServerUrl(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (!/^rediss?(-cluster|-sentinel)?:\/\//i.test(trimmed)) {
    return 'The address must start with redis:// or rediss://, for example redis://localhost:6379.';
  }
  const parsed = parseSyncUrl(trimmed);
  if (!parsed.ok) {
    return parsed.problem.startsWith('needs a host')
      ? 'The address needs a host name, for example redis://localhost:6379.'
      : `The address ${parsed.problem}.`;
  }
  return null;
}
