#!/usr/bin/env node
// The README's two commands land here: `npm start` and `npm test`.
// On a fresh machine with only Node and npm this installs pnpm (through npx, from the npm
// registry), the workspace's dependencies, and for the tests Debian's Chromium; then it runs
// the product or every test.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmSpec = pkg.packageManager; // e.g. pnpm@10.34.8
const mode = process.argv[2];
const extra = process.argv.slice(3);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function pnpm(args) {
  return run('npx', ['--yes', pnpmSpec, ...args]);
}

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  console.log('[accord] installing Debian chromium for the browser tests');
  const sudo = process.getuid && process.getuid() === 0 ? [] : ['sudo'];
  const apt = (args) =>
    run(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt(['update', '-qq']);
  if (apt(['install', '-y', '-qq', 'chromium']) !== 0) {
    console.error('[accord] could not install chromium: browser tests will fail');
  }
}

const install = pnpm(['install', '--frozen-lockfile', '--reporter=append-only']);
if (install !== 0) process.exit(install);

if (mode === 'test') {
  ensureChromium();
  process.exit(pnpm(['run', 'test:all', ...extra]));
} else if (mode === 'start') {
  process.exit(pnpm(['run', 'demo', ...extra]));
} else {
  console.error('usage: node scripts/bootstrap.mjs start|test');
  process.exit(2);
}
