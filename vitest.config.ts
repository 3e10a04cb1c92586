import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The pack-and-install test takes minutes: `npm run test:install` runs it. The real
    // local model needs a llama.cpp build and a slow CPU model: `npm run test:local-model`.
    exclude: [...configDefaults.exclude, 'test/install/**', 'test/local-model/**'],
    // One real Temporal dev server for the whole run; tests get its address via inject().
    globalSetup: ['test/global-setup.ts'],
    // Forks, not threads: the Temporal worker loads a native (Rust) module per process.
    pool: 'forks',
    // Three on two cores: a file spends much of its time waiting (on the CLI it started, a
    // heartbeat timeout, a held model call), and two files left a core idle (150% CPU).
    maxWorkers: 3,
    minWorkers: 1,
    // Real servers, real processes: allow for a slow CI machine without hiding hangs.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
  },
});
