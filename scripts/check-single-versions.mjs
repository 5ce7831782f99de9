#!/usr/bin/env node
// Fails when the lockfile holds two versions of a runtime library that must be shared:
// two copies of yjs, prosemirror-* or y-protocols break them silently (instanceof checks,
// plugin keys, "Yjs was already imported").
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = readFileSync(join(root, 'pnpm-lock.yaml'), 'utf8');
const SHARED = /^(yjs|y-protocols|y-prosemirror|lib0|prosemirror-[a-z-]+)$/;

/** name -> set of versions, from the lockfile's `packages:` keys such as `  yjs@13.6.33:`. */
const versions = new Map();
const section = lock.slice(lock.indexOf('\npackages:\n'), lock.indexOf('\nsnapshots:\n'));
for (const match of section.matchAll(/^ {2}'?((?:@[^/@\s]+\/)?[^@\s']+)@([^:'\s(]+)/gm)) {
  const [, name, version] = match;
  if (!SHARED.test(name)) continue;
  if (!versions.has(name)) versions.set(name, new Set());
  versions.get(name).add(version);
}

const duplicated = [...versions].filter(([, set]) => set.size > 1);
if (versions.size === 0) {
  console.error('check-single-versions: found none of the shared libraries in pnpm-lock.yaml');
  process.exit(1);
}
if (duplicated.length > 0) {
  for (const [name, set] of duplicated) {
    console.error(
      `check-single-versions: ${name} has ${set.size} versions: ${[...set].join(', ')}`,
    );
  }
  console.error("hint: align the ranges in the packages' package.json files, then pnpm install");
  process.exit(1);
}
console.log(`check-single-versions: one version each of ${[...versions.keys()].sort().join(', ')}`);
