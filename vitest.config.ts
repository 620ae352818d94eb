import { defineConfig } from 'vitest/config';

// Three projects: `unit` is pure logic (no servers); `api` runs the API clients against the
// simulators over HTTP; `integration` runs against a real Temporal dev
// server and a real PostgreSQL that test/global-setup.ts starts once for the whole run, and
// against the simulators over HTTP.
export default defineConfig({
  test: {
    pool: 'forks',
    // `npm run coverage` (scripts/coverage-summary.ts prints it per folder). Istanbul, so the
    // counters of workflow code, which runs from a webpack bundle in the worker's sandbox, can
    // join them (test/support/workflow-coverage.ts instruments the bundle): vitest leaves
    // workflows/ to that instrumentation.
    coverage: {
      provider: 'istanbul',
      include: ['activities', 'cli', 'clients', 'config', 'control', 'db', 'domain', 'workers', 'simulators', 'telemetry'].map((folder) => `${folder}/**/*.ts`),
      exclude: ['db/migrations/**', '**/*.d.ts'],
      reporter: ['json-summary', 'json', 'html'],
      reportOnFailure: true,
    },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 },
      },
      {
        extends: true,
        // Clients against the simulators over HTTP; no Temporal, no database.
        test: { name: 'api', include: ['test/api/**/*.test.ts'], testTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
