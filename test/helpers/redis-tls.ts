import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throwaway certificate authority and a server certificate it signed, as files for redis-server. */
export interface TestCertificates {
  dir: string;
  /** The CA certificate (PEM file): what Signet is told to trust. */
  caFile: string;
  ca: string;
  certFile: string;
  keyFile: string;
  /** redis-server's TLS arguments for these files (the port is the caller's). */
  serverArgs: string[];
  cleanup(): void;
}

/**
 * Makes a CA and a server certificate for 127.0.0.1 and localhost with `openssl`, in a temp
 * folder. `openssl` comes from the system (scripts/test.sh installs it on Debian). The server
 * certificate may also serve as a client certificate, as the Cluster bus over TLS uses it.
 */
export function makeTestCertificates(commonName = 'Signet test CA'): TestCertificates {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'signet-tls-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe', cwd: dir });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-days',
    '2',
    '-subj',
    `/CN=${commonName}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl(
    'req',
    ...ecKey,
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    '/CN=127.0.0.1',
  );
  writeFileSync(
    file('server.ext'),
    [
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth,clientAuth',
      '',
    ].join('\n'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.crt'),
    '-days',
    '2',
    '-extfile',
    file('server.ext'),
  );
  return {
    dir,
    caFile: file('ca.crt'),
    ca: readFileSync(file('ca.crt'), 'utf8'),
    certFile: file('server.crt'),
    keyFile: file('server.key'),
    serverArgs: [
      '--tls-cert-file',
      file('server.crt'),
      '--tls-key-file',
      file('server.key'),
      '--tls-ca-cert-file',
      file('ca.crt'),
      // Signet authenticates with a password, not a client certificate.
      '--tls-auth-clients',
      'no',
    ],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** redis-cli's arguments to reach a TLS port of these certificates. */
export function cliTlsArgs(certs: TestCertificates): string[] {
  return ['--tls', '--cacert', certs.caFile];
}
