import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { withFileLock } from '../../temporal/file-lock.js';
import { sourceDirs, tsFiles } from './source-files.js';

const OUTPUTS = ['dist/cli/main.js', 'dist/workflow-bundle.js', 'dist/workflow-bundle-control.js'];

/**
 * Makes sure `dist/` (compiled CLI + workflow bundle) is at least as new as the
 * sources, rebuilding only when needed. Type errors are printed, not fatal:
 * teammates' half-written files must not block everyone's test run (tsc still
 * emits). A failing bundle step is fatal, because no worker could start.
 */
export async function ensureBuilt(root: string): Promise<void> {
  mkdirSync(join(root, 'dist'), { recursive: true });
  // Several people run vitest in one checkout; only one of them should rebuild at a time.
  await withFileLock(join(root, 'dist', '.build.lock'), async () => {
    if (!isStale(root)) return;
    const started = Date.now();
    const tsc = await execa('node', [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, reject: false, all: true });
    if (tsc.exitCode !== 0) {
      process.stderr.write(`[global-setup] tsc reported errors (continuing; dist/ was still emitted):\n${tsc.all}\n`);
    }
    const bundle = await execa('node', ['dist/worker/bundle-workflows.js'], { cwd: root, reject: false, all: true });
    if (bundle.exitCode !== 0) throw new Error(`Bundling workflows failed:\n${bundle.all}`);
    process.stderr.write(`[global-setup] rebuilt dist/ in ${Date.now() - started} ms\n`);
  });
}

function isStale(root: string): boolean {
  const outputs = OUTPUTS.map((file) => join(root, file));
  if (!outputs.every((file) => existsSync(file))) return true;
  const builtAt = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  // The folders tsc compiles, plus the files that change the build itself.
  const sources = [join(root, 'tsconfig.json'), join(root, 'package.json'), ...sourceDirs(root).flatMap((dir) => tsFiles(join(root, dir)))];
  return sources.some((file) => existsSync(file) && statSync(file).mtimeMs > builtAt);
}
