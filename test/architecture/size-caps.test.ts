import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';

// The size caps of STYLE.md (files ≤ 300 lines, functions ≤ 60, blank lines and comments not
// counted) are lint rules in eslint.config.js; these cases prove they bite where they should and
// stay out of tests and migrations, so that a config change cannot silently switch them off.
const eslint = new ESLint({ cwd: process.cwd() });

async function capViolations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'max-lines' || m.ruleId === 'max-lines-per-function')
    .map((m) => m.ruleId as string);
}

/** A module of `n` one-line constant declarations. */
const lines = (n: number, prefix = 'c'): string =>
  Array.from({ length: n }, (_, i) => `export const ${prefix}${i} = ${i};`).join('\n') + '\n';

/** A function whose body has `n` statements, so `n + 2` lines with its braces. */
const fn = (n: number): string =>
  `export function f(): number {\n  let x = 0;\n${'  x += 1;\n'.repeat(n - 2)}  return x;\n}\n`;

describe('size caps', () => {
  const cases: [name: string, file: string, code: string, expected: string[]][] = [
    ['a 300-line module is allowed', 'src/core/directory/x.ts', lines(300), []],
    ['a 301-line module is refused', 'src/core/directory/x.ts', lines(301), ['max-lines']],
    ['blank lines do not count', 'src/core/directory/x.ts', lines(300).replaceAll('\n', '\n\n'), []],
    ['comments do not count', 'src/core/directory/x.ts', `${'// why\n'.repeat(50)}${lines(300)}`, []],
    ['a 60-line function is allowed', 'src/core/directory/x.ts', fn(58), []],
    ['a 61-line function is refused', 'src/core/directory/x.ts', fn(59), ['max-lines-per-function']],
    ['the caps hold in bench/', 'bench/lifecycle/x.ts', lines(301), ['max-lines']],
    ['the caps hold in the console', 'console/src/pages/x.tsx', lines(301), ['max-lines']],
    ['tests are tables of cases: exempt', 'test/integration/x.test.ts', lines(400) + fn(100), []],
    ['unit tests beside core files: exempt', 'src/core/directory/x.test.ts', lines(400), []],
    ['migrations are frozen history: exempt', 'src/storage/migrations/2026-01-01-0001-x.ts', lines(400), []],
  ];
  for (const [name, file, code, expected] of cases) {
    test(`${name} (${file})`, async () => {
      assert.deepEqual(await capViolations(file, code), expected);
    });
  }
});
