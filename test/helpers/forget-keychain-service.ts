/** Removes every entry under a test's own keychain service (account credentials and the data key). */
export async function forgetKeychainService(service: string): Promise<void> {
  const module = (await import('keytar')) as typeof import('keytar') & { default?: typeof import('keytar') };
  const keytar = module.default ?? module;
  const entries = await keytar.findCredentials(service).catch(() => []);
  for (const { account } of entries) await keytar.deletePassword(service, account).catch(() => false);
}
