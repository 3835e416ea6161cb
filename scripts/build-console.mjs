// Builds the admin console (console/ → console/dist) when its sources are newer than the last
// build, so `npm start` and the browser tests always serve the console of this checkout.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const consoleDir = join(root, 'console');
const built = join(consoleDir, 'dist', 'index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'dist' || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const force = process.argv.includes('--force');
const sourcesAt = Math.max(newest(consoleDir), statSync(join(root, 'package-lock.json')).mtimeMs);
if (!force && existsSync(built) && statSync(built).mtimeMs >= sourcesAt) process.exit(0);
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const r = spawnSync(
  process.execPath,
  [vite, 'build', '--config', join(consoleDir, 'vite.config.ts'), '--logLevel', 'warn'],
  {
    stdio: 'inherit',
    cwd: root,
  },
);
process.exit(r.status ?? 1);
