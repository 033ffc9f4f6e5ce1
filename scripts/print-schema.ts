import { writeFileSync } from 'node:fs';
import { printSchemaFile } from '../src/graphql/print.ts';

// Writes schema.graphql from the Pothos schema; a test fails while the checked-in copy is stale.
writeFileSync(new URL('../schema.graphql', import.meta.url), printSchemaFile());
console.log('schema.graphql written');
