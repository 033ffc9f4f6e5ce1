import path from 'node:path';
import { defineConfig } from 'prisma/config';

// The native schema engine cannot be downloaded offline; `prisma generate` does not need it.
// Where a real engine is installed or downloadable, setting PRISMA_SCHEMA_ENGINE_BINARY wins.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve('scripts/schema-engine-stub.sh');

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/hookrelay' },
});
