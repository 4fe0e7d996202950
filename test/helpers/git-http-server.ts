// A git server for the tests: `git http-backend` (CGI) behind a small HTTP server on 127.0.0.1
// that asks for Basic credentials and checks the password as GitHub would, by asking the GitHub
// emulator's API whose token it is. Everything that is not a repository path is passed on to the
// emulator, so one origin serves both git and sign-in, as https://github.com does.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface GitRequestRecord {
  path: string;
  username: string | null;
  /** The login the token belongs to, or null when it was refused. */
  tokenLogin: string | null;
  status: number;
}

export interface GitHttpServer {
  readonly url: string;
  /** `127.0.0.1:<port>`, as git sends it to credential helpers. */
  readonly host: string;
  /** Every repository request that carried credentials, in order (no secrets kept). */
  readonly requests: GitRequestRecord[];
  /** A bare repository `<owner>/<name>.git` that only `allowed` may read and push. */
  createRepository(owner: string, name: string, allowed: string[]): string;
  /** Where everything that is not a repository goes (the GitHub emulator). */
  forwardTo(target: { url: string; apiUrl: string; isAccessTokenValid(token: string): boolean }): void;
  close(): Promise<void>;
}

const repositoryPath = /^\/([^/]+)\/([^/]+\.git)(\/.*)$/;

export async function startGitHttpServer(root: string): Promise<GitHttpServer> {
  const access = new Map<string, string[]>();
  const requests: GitRequestRecord[] = [];
  let target: Parameters<GitHttpServer['forwardTo']>[0] | undefined;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = repositoryPath.exec(url.pathname);
    if (!match) {
      if (!target) return void res.writeHead(502).end();
      return forward(req, res, target.url);
    }
    const [, owner, repo, rest] = match as unknown as [string, string, string, string];
    const allowed = access.get(`${owner}/${repo}`.toLowerCase());
    if (!allowed) return void res.writeHead(404).end('Repository not found.\n');
    const credentials = basicCredentials(req.headers.authorization);
    if (!credentials) {
      return void res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="GitHub"' }).end();
    }
    void whoseToken(credentials.password).then((login) => {
      const ok = login !== null && allowed.includes(login) && credentials.username === login;
      requests.push({
        path: `${owner}/${repo}`,
        username: credentials.username,
        tokenLogin: login,
        status: ok ? 200 : 401,
      });
      if (!ok) return void res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="GitHub"' }).end();
      runBackend(req, res, root, `/${owner}/${repo}${rest}`, url.search.slice(1), login);
    });
  });

  /** The login behind a token, as the emulator's API answers GET /user; null when refused. */
  async function whoseToken(token: string): Promise<string | null> {
    if (!target || !target.isAccessTokenValid(token)) return null;
    const response = await fetch(`${target.apiUrl}/user`, {
      headers: { authorization: `Bearer ${token}`, 'user-agent': 'signet-test-git-server' },
    });
    if (!response.ok) return null;
    return ((await response.json()) as { login: string }).login;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    createRepository(owner, name, allowed) {
      const dir = path.join(root, owner, `${name}.git`);
      mkdirSync(dir, { recursive: true });
      execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', dir]);
      execFileSync('git', ['-C', dir, 'config', 'http.receivepack', 'true']);
      access.set(`${owner}/${name}.git`.toLowerCase(), allowed);
      return dir;
    },
    forwardTo(next) {
      target = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function basicCredentials(header: string | undefined): { username: string; password: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Runs `git http-backend` as CGI for one request and relays its answer. */
function runBackend(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  root: string,
  pathInfo: string,
  query: string,
  remoteUser: string,
): void {
  const backend = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env['PATH'],
      GIT_PROJECT_ROOT: root,
      GIT_HTTP_EXPORT_ALL: '1',
      GIT_CONFIG_NOSYSTEM: '1',
      REQUEST_METHOD: req.method ?? 'GET',
      PATH_INFO: pathInfo,
      QUERY_STRING: query,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_USER: remoteUser,
      REMOTE_ADDR: '127.0.0.1',
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
      ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
    },
  });
  req.pipe(backend.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  backend.stdout.on('data', (chunk: Buffer) => {
    if (headersDone) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    const endLf = head.indexOf('\n\n');
    const at = end >= 0 ? end : endLf;
    if (at < 0) return;
    headersDone = true;
    const separator = end >= 0 ? 4 : 2;
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, at).toString('latin1').split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    res.write(head.subarray(at + separator));
  });
  backend.stdout.on('end', () => {
    if (!headersDone) res.writeHead(502);
    res.end();
  });
  backend.on('error', () => res.writeHead(502).end());
}

/** Passes a request on to the emulator unchanged and relays its answer. */
function forward(req: http.IncomingMessage, res: http.ServerResponse, base: string): void {
  const upstream = http.request(
    new URL(req.url ?? '/', base),
    { method: req.method, headers: { ...req.headers, host: new URL(base).host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.writeHead(502).end());
  req.pipe(upstream);
}
