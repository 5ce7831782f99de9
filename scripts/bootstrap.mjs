#!/usr/bin/env node
// The README's two commands land here: `npm start` and `npm test`.
// On a fresh machine with only Node and npm this installs pnpm (through npx, from the npm
// registry), the workspace's dependencies, and for the tests Debian's Chromium; then it runs
// the product or every test.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
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

// Debian packages the tests use: Chromium for the browser tests, LibreOffice and poppler to
// check that a real word processor opens the DOCX we produce, PostgreSQL and Redis for the
// several-servers tests (started by the tests on their own ports, as the `postgres` user; no
// system service is needed).
const DEBIAN_NEEDS = [
  { bin: '/usr/bin/chromium', pkg: 'chromium' },
  { bin: '/usr/bin/libreoffice', pkg: 'libreoffice-writer-nogui' },
  { bin: '/usr/bin/pdftotext', pkg: 'poppler-utils' },
  { bin: '/usr/lib/postgresql/15/bin/postgres', alt: '/usr/lib/postgresql', pkg: 'postgresql' },
  { bin: '/usr/bin/redis-server', pkg: 'redis-server' },
];

function ensureDebianPackages() {
  const missing = DEBIAN_NEEDS.filter(
    (n) => !existsSync(n.bin) && !(n.alt && existsSync(n.alt)),
  ).map((n) => n.pkg);
  if (missing.length === 0) return;
  console.log(`[accord] installing Debian packages for the tests: ${missing.join(' ')}`);
  const root = process.getuid && process.getuid() === 0;
  const apt = (args) =>
    run(root ? 'apt-get' : 'sudo', root ? args : ['apt-get', ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt(['update', '-qq']);
  if (apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]) !== 0) {
    console.error(
      `[accord] could not install ${missing.join(' ')}: the tests that need them will fail`,
    );
  }
}

/**
 * Prints one closing line over every Vitest run (unit and browser), read from their JSON reports:
 * `tests: N passed, N failed, N skipped`.
 */
function summarize(dir, status) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const missing = [];
  for (const name of ['unit', 'e2e']) {
    const file = join(dir, `${name}.json`);
    if (!existsSync(file)) {
      missing.push(name);
      continue;
    }
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  if (missing.length > 0) {
    console.log(`[accord] no results from: ${missing.join(', ')} (an earlier step failed)`);
  }
  // A step that failed before any test ran (formatter, linter, types) counts as one failure.
  if (status !== 0 && failed === 0) failed = 1;
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}

if (mode === 'packages') {
  // Only the Debian packages of the tests (what `test` installs before it runs them).
  ensureDebianPackages();
  process.exit(0);
}

const install = pnpm(['install', '--frozen-lockfile', '--reporter=append-only']);
if (install !== 0) process.exit(install);

if (mode === 'test') {
  ensureDebianPackages();
  const results = join(root, '.test-results');
  rmSync(results, { recursive: true, force: true });
  const status = pnpm(['run', 'test:all', ...extra]);
  summarize(results, status);
  process.exit(status);
} else if (mode === 'start') {
  process.exit(pnpm(['run', 'demo', ...extra]));
} else {
  console.error('usage: node scripts/bootstrap.mjs start|test|packages');
  process.exit(2);
}
