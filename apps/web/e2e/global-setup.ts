/**
 * Builds the web app once before the end-to-end files run (`vite build` into `apps/web/dist`,
 * which `accord serve` serves). Set `ACCORD_E2E_SKIP_BUILD=1` to reuse an existing build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { webDir } from './harness';

export default function setup(): void {
  if (process.env.ACCORD_E2E_SKIP_BUILD === '1' && existsSync(join(webDir, 'dist/index.html'))) {
    return;
  }
  execFileSync(join(webDir, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: webDir,
    stdio: 'inherit',
  });
}
