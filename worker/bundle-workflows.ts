import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { controlBundlePath, controlGuardModule, PREBUILT_BUNDLE_PATH } from './workflow-source.js';
import { workflowTracingModule } from './tracing.js';

/**
 * Bundles `workflows/index` (next to this module) into one file that workers load
 * without webpack at startup, and a second copy with the control worker's guard
 * (control-worker-guard.ts) for the workers of control commands. Part of
 * `npm run build`: `node dist/worker/bundle-workflows.js`.
 */
export async function bundleWorkflows(outPath: string = PREBUILT_BUNDLE_PATH): Promise<string> {
  await Promise.all([bundleTo(outPath, []), bundleTo(controlBundlePath(outPath), [controlGuardModule()])]);
  return outPath;
}

async function bundleTo(outPath: string, extraModules: string[]): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const { code } = await bundleWorkflowCode({
    workflowsPath: join(here, '..', 'workflows', `index.${extension}`),
    // Inert unless a run was started with a trace (see workflow-tracing.ts).
    workflowInterceptorModules: [workflowTracingModule(), ...extraModules],
    // webpack's progress chatter is noise in build output; errors still throw.
    logger: quietLogger,
  });
  await writeFile(outPath, code);
}

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const outPath = await bundleWorkflows();
  console.log(`Bundled workflows into ${outPath} in ${Date.now() - started} ms`);
}
