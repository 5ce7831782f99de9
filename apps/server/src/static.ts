/** The web app's static files, with the single-page-app fallback to `index.html`. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

async function fileAt(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/** Serves `path` from `root` (or `index.html` for app routes); false when there is nothing to serve. */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  root: string | null,
): Promise<boolean> {
  if (!root) return false;
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '');
  } catch {
    return false;
  }
  if (rel.split(sep).includes('..')) return false;
  let file = join(root, rel);
  let size = rel ? await fileAt(file) : null;
  // Only known file types count as assets: a join link's token (`<payload>.<signature>`) also
  // ends with a dot and letters, and must fall back to the app.
  const looksLikeAsset = extname(rel).toLowerCase() in TYPES;
  if (size === null) {
    if (looksLikeAsset) return false;
    file = join(root, 'index.html');
    size = await fileAt(file);
    if (size === null) return false;
  }
  const immutable = rel.startsWith('assets/');
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  createReadStream(file).pipe(res);
  return true;
}
