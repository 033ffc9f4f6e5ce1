import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchemaFile } from '../src/graphql/print.ts';

describe('schema.graphql', () => {
  it('is the schema printed from the Pothos builder (run `npm run schema:print` when this fails)', () => {
    expect(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8')).toBe(printSchemaFile());
  });

  it('holds the due parts of the public contract', () => {
    const output = execFileSync(process.execPath, ['../shared/tools/check-contract.mjs', 'rules', 'security', 'operations'], {
      cwd: new URL('..', import.meta.url),
      encoding: 'utf8',
    });
    expect(output).toContain('contract (core, rules, security, operations): complete');
  });
});
