/** keytar's module type, for the stores that load it on first use. */
export type Keytar = typeof import('keytar');

/**
 * Loads keytar (a native addon) on first use rather than at import. Kept apart from
 * `KeytarSecretStore`, which validates entries with zod, so the lean token path can read the
 * data key without loading a validation library.
 */
export async function loadKeytar(): Promise<Keytar> {
  const module = (await import('keytar')) as Keytar & { default?: Keytar };
  return module.default ?? module;
}
