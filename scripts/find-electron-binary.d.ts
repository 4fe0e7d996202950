/** The Electron executable's path, or null when none is installed. */
export function findElectronBinary(env?: Record<string, string | undefined>): string | null;

export const projectRoot: string;
