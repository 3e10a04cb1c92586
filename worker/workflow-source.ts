import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workflowBundleSetting } from '../settings/environment.js';

/** Either a prebuilt bundle (fast worker start) or a workflows module to bundle now (slow, seconds). */
export type WorkflowSource = { kind: 'bundle'; codePath: string } | { kind: 'source'; workflowsPath: string };

const here = dirname(fileURLToPath(import.meta.url));
const runningFromSource = import.meta.url.endsWith('.ts');

/** Where `npm run build` writes the bundle: `dist/workflow-bundle.js`, next to the compiled `worker/`. */
export const PREBUILT_BUNDLE_PATH = runningFromSource
  ? join(here, '..', 'dist', 'workflow-bundle.js')
  : join(here, '..', 'workflow-bundle.js');

/** The control workers' copy of a bundle (control-worker-guard.ts), written next to it: `workflow-bundle-control.js`. */
export function controlBundlePath(bundlePath: string): string {
  return bundlePath.replace(/(\.js)?$/, '-control.js');
}

/** control-worker-guard.(ts|js) next to this module, for bundleWorkflowCode's workflowInterceptorModules. */
export function controlGuardModule(): string {
  const ts = join(here, 'control-worker-guard.ts');
  return runningFromSource && existsSync(ts) ? ts : join(here, 'control-worker-guard.js');
}

/**
 * The bundle given (or named by TANDEM_WORKFLOW_BUNDLE); else the prebuilt one
 * when present (from a source checkout, only when it is newer than every
 * workflow file); else `workflows/index.(js|ts)` next to this module for the
 * worker to bundle at startup. A control command's worker (`control`) takes the
 * copy of that bundle with its guard, where there is one.
 */
export function resolveWorkflowSource(bundlePath?: string, env: NodeJS.ProcessEnv = process.env, options: { control?: boolean } = {}): WorkflowSource {
  const variant = (path: string) => (options.control && existsSync(controlBundlePath(path)) ? controlBundlePath(path) : path);
  // Workflow code from another build: the bundle of the Tandem version that started a run, or a changed one in the upgrade tests.
  const chosen = bundlePath ?? workflowBundleSetting(env);
  if (chosen !== undefined) return { kind: 'bundle', codePath: variant(chosen) };
  if (existsSync(PREBUILT_BUNDLE_PATH) && !(runningFromSource && isOlderThanWorkflows(PREBUILT_BUNDLE_PATH))) {
    return { kind: 'bundle', codePath: variant(PREBUILT_BUNDLE_PATH) };
  }
  const workflowsPath = join(here, '..', 'workflows', runningFromSource ? 'index.ts' : 'index.js');
  if (existsSync(workflowsPath)) return { kind: 'source', workflowsPath };
  throw new Error(`No workflow bundle at ${PREBUILT_BUNDLE_PATH} and no ${workflowsPath}; run \`npm run build\`.`);
}

function isOlderThanWorkflows(bundlePath: string): boolean {
  const builtAt = statSync(bundlePath).mtimeMs;
  const dir = join(here, '..', 'workflows');
  return readdirSync(dir).some((name) => name.endsWith('.ts') && statSync(join(dir, name)).mtimeMs > builtAt);
}
