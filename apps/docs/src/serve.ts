// A tiny static server for the built site, sending the headers that make pages cross-origin
// isolated (COOP/COEP), so the wasm backend may use threads. `vitepress preview` sends none.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/** The file a URL path names: `/guide/` → `guide/index.html`, `/backends` → `backends.html`. */
export function resolveFile(root: string, urlPath: string): string | null {
  const clean = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '/');
  const file = path.resolve(root, `.${clean}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  for (const candidate of [file, path.join(file, 'index.html'), `${file}.html`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

export interface StaticServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function serveStatic(root: string, port = 0, host = '127.0.0.1'): Promise<StaticServer> {
  const absRoot = path.resolve(root);
  const server = createServer((req, res) => {
    const file = resolveFile(absRoot, req.url ?? '/');
    const notFound = file === null ? resolveFile(absRoot, '/404.html') : null;
    const served = file ?? notFound;
    res.writeHead(file ? 200 : 404, { ...ISOLATION_HEADERS, 'Content-Type': served ? (TYPES[path.extname(served)] ?? 'application/octet-stream') : 'text/plain' });
    if (!served || req.method === 'HEAD') res.end(served ? undefined : 'Not found');
    else createReadStream(served).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actual}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
