import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchemaFile } from '../src/graphql/print.ts';

// The contract check reads ../shared, which exists only beside this repository: it runs in .ci/run
// (`npm run contract -- <parts>`), so `npm test` passes on a clone of this repository alone.
describe('schema.graphql', () => {
  it('is the schema printed from the Pothos builder (run `npm run schema:print` when this fails)', () => {
    expect(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8')).toBe(printSchemaFile());
  });
});
