import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from './finding.js';

/**
 * Whether Signet can write its data directory (or create it): by writing a file, not by reading
 * mode bits, which a root shell or an ACL would make lie.
 */
export function checkDataDir(dataDir: string): Finding | null {
  let folder = dataDir;
  while (!existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
  const probe = path.join(folder, `.signet-doctor-${process.pid}`);
  try {
    writeFileSync(probe, '', { flag: 'wx' });
    rmSync(probe, { force: true });
    return null;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'error';
    return {
      code: 'data-dir-not-writable',
      severity: 'error',
      message: `Signet cannot write ${folder === dataDir ? 'its data directory' : `${folder}, where its data directory would go`}, ${dataDir} (${reason}).`,
      fix: `Make it writable for you (chown -R "$USER" "${dataDir}"; chmod u+rwx "${dataDir}"), or point SIGNET_HOME at a folder you can write.`,
    };
  }
}
