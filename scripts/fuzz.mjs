// `npm run fuzz -- --runs N [--seed S]`: the SCIM property tests (test/property/) with N cases in
// total, split between properties and databases as the test file weighs them. Without --seed a
// fresh one is drawn and printed, so a failing run can be replayed.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(option('runs') ?? 20000);
const seed = Number(option('seed') ?? Math.floor(Math.random() * 2 ** 31));
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('usage: npm run fuzz -- --runs N [--seed S]\n');
  process.exit(2);
}
process.stdout.write(`fuzz: ${runs} cases, seed ${seed}\n`);
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-timeout=0', 'test/property/scim.property.test.ts'],
  { stdio: 'inherit', env: { ...process.env, ROSTER_FUZZ_RUNS: String(runs), ROSTER_FUZZ_SEED: String(seed) } },
);
process.stdout.write(`fuzz: ${runs} cases, seed ${seed}, exit ${r.status}\n`);
process.exit(r.status ?? 1);
