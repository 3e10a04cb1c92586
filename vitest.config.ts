import { configDefaults, defineConfig, type ViteUserConfig } from 'vitest/config';
import { testFilesNeedingIsolation } from './test/isolation-needs.js';

type TestOptions = NonNullable<ViteUserConfig['test']>;

/** How files that start processes and servers run; the drills and the history capture use it too. */
export const processTestOptions = {
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
} satisfies TestOptions;

/** One real Temporal dev server for the whole run; tests get its address via inject(). */
export const devServerSetup = ['test/global-setup.ts'];

// The pack-and-install test takes minutes: `npm run test:install` runs it. The real
// local model needs a llama.cpp build and a slow CPU model: `npm run test:local-model`.
const exclude = [...configDefaults.exclude, 'test/install/**', 'test/local-model/**'];
const isolated = testFilesNeedingIsolation(import.meta.dirname);

export default defineConfig({
  test: {
    ...processTestOptions,
    // The unit project's pool. Vitest reads pool options from the root config only. Two threads
    // beside the three forks: the machine is oversubscribed only for the minute they take.
    poolOptions: { threads: { isolate: false, maxThreads: 2, minThreads: 1 } },
    projects: [
      {
        extends: true,
        test: { name: 'integration', include: isolated, exclude, globalSetup: devServerSetup },
      },
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...exclude, ...isolated],
          // Pure files share threads: a fresh process per file cost more than most of them take to
          // run (test/isolation-needs.ts says which files need one of their own, and why).
          pool: 'threads',
        },
      },
    ],
  },
});
