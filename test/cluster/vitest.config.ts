/**
 * `npm run drill:cluster`: the many-workers tests of issue 13, and the kill drill
 * with lanes, against a Temporal
 * set up from docker-compose.yml's own scripts on PostgreSQL (global-setup.ts),
 * not the dev server. Needs Go (the server is built once, about 3 minutes) and
 * PostgreSQL (apt-get install postgresql); too slow for CI.
 */
import { defineConfig } from 'vitest/config';
import { processTestOptions } from '../../vitest.config.js';

export default defineConfig({
  test: {
    ...processTestOptions,
    globalSetup: ['test/cluster/global-setup.ts'],
    include: [
      'test/cluster/**/*.drill.ts',
      'test/drills/kill-parallel.drill.ts',
      'test/run/isolation.test.ts',
      'test/run/parallel.test.ts',
      'test/run/remote.test.ts',
      'test/run/workspace-holders.test.ts',
    ],
    // A cluster's first workflow tasks are slower than the dev server's.
    testTimeout: 5 * 60_000,
    hookTimeout: 10 * 60_000,
  },
});
