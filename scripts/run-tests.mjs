// Runs every *.test.ts under test/ and src/ with node's own test runner (Node 20 has no
// glob support in `node --test`, so the files are listed here). Extra arguments are passed on.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const selected = files.length ? files : [...find('src'), ...find('test')].sort();
// The browser tests serve the built console: build it once here, before test files run in
// parallel (two builds into one folder at a time would race).
if (selected.some((f) => f.includes('e2e'))) {
  const b = spawnSync(process.execPath, ['scripts/build-console.mjs'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...flags, ...selected], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
