import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { contentSecurityPolicy } from './security.js';

/** The window's scheme: `app://signet/index.html`, not `file://` (Electron's security checklist #18). */
export const appScheme = 'app';
export const appHost = 'signet';
export const appIndexUrl = `${appScheme}://${appHost}/index.html`;

/** What `protocol.registerSchemesAsPrivileged` is given, before `ready`. */
export const appSchemePrivileges = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The file under `rendererDir` an `app://signet/…` URL names, or null for anything else: another
 * host, a path that leaves the folder (`..`, encoded or not), a NUL, or a folder.
 */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${appScheme}:` || url.host !== appHost) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) return null;
  if (file === root) return null;
  return file;
}

/**
 * Answers one `app://` request from the built renderer, with the CSP as a real response header
 * (not only the page's meta). Anything outside the folder is a 404, never a read.
 */
export async function serveAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  const file = resolveAppFile(rendererDir, requestUrl);
  const headers = {
    'Content-Security-Policy': contentSecurityPolicy(null),
    'X-Content-Type-Options': 'nosniff',
  };
  if (!file) return new Response('Not found', { status: 404, headers });
  try {
    const body = await readFile(file);
    return new Response(body, {
      status: 200,
      headers: { ...headers, 'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream' },
    });
  } catch {
    return new Response('Not found', { status: 404, headers });
  }
}
