import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';

// The import boundaries of STYLE.md are enforced by eslint.config.js; these cases prove the
// rules bite, so that a config change cannot silently switch the check off.
const eslint = new ESLint({ cwd: process.cwd() });

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('dependency boundaries', () => {
  const cases: [file: string, code: string, allowed: boolean][] = [
    ['src/core/directory/x.ts', "import { Kysely } from 'kysely';\nexport const k = Kysely;\n", false],
    ['src/core/directory/x.ts', "import Fastify from 'fastify';\nexport const f = Fastify;\n", false],
    [
      'src/core/directory/x.ts',
      "import { openDatabase } from '../../storage/db.js';\nexport const o = openDatabase;\n",
      false,
    ],
    [
      'src/core/directory/x.ts',
      "import { ScimError } from '../../adapters/scim/scim-error.js';\nexport const e = ScimError;\n",
      false,
    ],
    ['src/core/directory/x.ts', "import { DomainError } from '../errors.js';\nexport const e = DomainError;\n", true],
    [
      'src/adapters/scim/x.ts',
      "import { createStore } from '../../storage/store.js';\nexport const s = createStore;\n",
      false,
    ],
    [
      'src/adapters/scim/x.ts',
      "import { toProblem } from '../admin-api/problem.js';\nexport const p = toProblem;\n",
      false,
    ],
    [
      'src/adapters/admin-api/x.ts',
      "import { ScimError } from '../scim/scim-error.js';\nexport const s = ScimError;\n",
      false,
    ],
    [
      'src/adapters/scim/x.ts',
      "import { DomainError } from '../../core/errors.js';\nexport const e = DomainError;\n",
      true,
    ],
    [
      'src/storage/migrations/x.ts',
      "import { DomainError } from '../../core/errors.js';\nexport const e = DomainError;\n",
      false,
    ],
    [
      'src/storage/x.ts',
      "import { ScimError } from '../adapters/scim/scim-error.js';\nexport const e = ScimError;\n",
      false,
    ],
    [
      'console/src/pages/x.tsx',
      "import { DomainError } from '../../../src/core/errors.js';\nexport const e = DomainError;\n",
      false,
    ],
    ['console/src/pages/x.tsx', "import { apiJson } from '../api/http';\nexport const a = apiJson;\n", true],
  ];
  for (const [file, code, allowed] of cases) {
    test(`${file}: ${code.split('\n')[0]} is ${allowed ? 'allowed' : 'refused'}`, async () => {
      const found = await violations(file, code);
      assert.equal(found.length === 0, allowed, found.join('; '));
    });
  }
});
