// Writing answers: JSON, forms, HTML pages, PNGs, redirects. Every helper is a no-op on a response
// that has already started or whose socket is gone, so a handler racing close() never throws.

import type { ServerResponse } from 'node:http';

/** Headers RFC 6749 §5.1 requires on token responses. */
export const NO_STORE: Readonly<Record<string, string>> = { 'cache-control': 'no-store', pragma: 'no-cache' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function sendBody(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, {
    ...headers,
    'content-type': contentType,
    'content-length': String(payload.length),
  });
  res.end(payload);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendBody(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

/** An x-www-form-urlencoded body; null and undefined values are left out. */
export function sendForm(
  res: ServerResponse,
  status: number,
  body: Record<string, string | number | null | undefined>,
  headers: Record<string, string> = {},
): void {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    if (value !== null && value !== undefined) form.set(key, String(value));
  }
  sendBody(res, status, form.toString(), 'application/x-www-form-urlencoded; charset=utf-8', headers);
}

/** A minimal HTML page with a title and one paragraph (both escaped). */
export function sendHtml(
  res: ServerResponse,
  status: number,
  title: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
  sendBody(res, status, html, 'text/html; charset=utf-8', headers);
}

export function sendNoContent(res: ServerResponse, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(204, headers);
  res.end();
}

/** An image a browser may cache for a day, as avatar CDNs let it. */
export function sendPng(res: ServerResponse, png: Buffer): void {
  sendBody(res, 200, png, 'image/png', { 'cache-control': 'public, max-age=86400' });
}

export function redirect(res: ServerResponse, location: string, status = 302): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { location, 'content-length': '0', 'cache-control': 'no-store' });
  res.end();
}
