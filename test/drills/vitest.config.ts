/**
 * `npm run drill:kill`: the drills, too long for CI, on the same shared
 * Temporal dev server and build as the test suite.
 */
import { defineConfig } from 'vitest/config';
import { devServerSetup, processTestOptions } from '../../vitest.config.js';

export default defineConfig({
  test: {
    ...processTestOptions,
    globalSetup: devServerSetup,
    include: ['test/drills/**/*.drill.ts'],
    testTimeout: 30 * 60_000,
  },
});
