import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/index';

let server: RunningServer;
let data: string;
let web: string;

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'accord-http-'));
  web = mkdtempSync(join(tmpdir(), 'accord-web-'));
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Accord</title>');
  writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir: data, webDist: web });
});
afterAll(async () => {
  await server.close();
  rmSync(data, { recursive: true, force: true });
  rmSync(web, { recursive: true, force: true });
});

describe('the web app and HTTP errors', () => {
  it('serves the web app, with index.html for join links and other app routes', async () => {
    const join1 = await fetch(`${server.url}/join/some.token`);
    expect(join1.status).toBe(200);
    expect(join1.headers.get('content-type')).toMatch(/text\/html/);
    expect(await join1.text()).toContain('<title>Accord</title>');
    const asset = await fetch(`${server.url}/assets/app.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    const missing = await fetch(`${server.url}/assets/nope.js`);
    expect(missing.status).toBe(404);
    const traversal = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`);
    expect(traversal.status).not.toBe(500);
    expect(await traversal.text()).not.toContain('root:');
  });

  it('answers unknown API paths, wrong methods and bad tokens with JSON errors', async () => {
    const health = await fetch(`${server.url}/api/health`);
    expect(await health.json()).toEqual({ ok: true });
    const noToken = await fetch(`${server.url}/api/meetings/x`);
    expect(noToken.status).toBe(401);
    const body = (await noToken.json()) as { error: string; hint?: string };
    expect(body.error).toBe('no token given');
    const post = await fetch(`${server.url}/join/x`, { method: 'POST' });
    expect(post.status).toBe(405);
    const ws = await fetch(`${server.url}/ws/x`);
    expect(ws.status).toBe(426);
    expect(((await ws.json()) as { hint: string }).hint).toMatch(/WebsocketProvider/);
  });
});
