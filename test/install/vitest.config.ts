/**
 * `npm run test:install`: pack, install globally into a temp prefix, run the
 * installed `tandem demo`. Two minutes on a busy 2-core machine, so it stays out
 * of `npm test`; same global setup (fresh dist/, shared dev server) as the suite.
 */
import { defineConfig } from 'vitest/config';
import { devServerSetup, processTestOptions } from '../../vitest.config.js';

export default defineConfig({
  test: {
    ...processTestOptions,
    globalSetup: devServerSetup,
    include: ['test/install/**/*.test.ts'],
    exclude: [],
  },
});
