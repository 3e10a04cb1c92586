/**
 * `npm run test:local-model`: Tandem against a real llama.cpp server and a 135M
 * model. The first run builds llama-server (about 8 minutes on 2 cores) into a
 * cache outside the repository, and a small model is slow on a CPU, so it stays
 * out of `npm test` and CI; same global setup (fresh dist/, shared dev server).
 */
import { defineConfig } from 'vitest/config';
import { devServerSetup, processTestOptions } from '../../vitest.config.js';

export default defineConfig({
  test: {
    ...processTestOptions,
    globalSetup: devServerSetup,
    include: ['test/local-model/**/*.test.ts'],
    exclude: [],
  },
});
