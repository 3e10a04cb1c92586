/**
 * `npm run histories:capture`: regenerates test/histories/*.json from real
 * runs, on the same shared Temporal dev server and build as the test suite.
 */
import { defineConfig } from 'vitest/config';
import { devServerSetup, processTestOptions } from '../../vitest.config.js';

export default defineConfig({
  test: {
    ...processTestOptions,
    globalSetup: devServerSetup,
    include: ['test/histories/**/*.capture.ts'],
    // The scenarios write into the same folder: one after the other.
    fileParallelism: false,
  },
});
