import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ensureDevServer, stopDevServer } from '../temporal/dev-server.js';
import { ensureBuilt } from './support/build.js';
import { freePort } from '../temporal/free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `127.0.0.1:<port>` of the run's shared Temporal dev server (namespace `default`). */
    temporalAddress: string;
    temporalUiUrl: string;
    /** The prebuilt workflow bundle (dist/workflow-bundle.js). */
    workflowBundlePath: string;
  }
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Starts ONE real `temporal server start-dev` for the whole run on free ports
 * (db in a temp dir, deleted afterwards) while making sure dist/ is built.
 */
/** A port can still be taken between choosing it and binding it; one such race must not fail the whole run. */
async function startOnFreePorts(env: NodeJS.ProcessEnv, stateDir: string) {
  for (let attempt = 1; ; attempt++) {
    const [port, uiPort] = [await freePort(), await freePort()];
    try {
      return { server: await ensureDevServer({ env, stateDir, port, uiPort }), port, uiPort };
    } catch (error) {
      if (attempt >= 3) throw error;
      process.stderr.write(`[global-setup] dev server start failed (attempt ${attempt}), retrying on other ports: ${String(error)}\n`);
    }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stateDir = await mkdtemp(join(tmpdir(), 'tandem-test-server-'));
  const env = { ...process.env, TANDEM_HOME: stateDir };
  const started = Date.now();
  const [{ server, port, uiPort }] = await Promise.all([startOnFreePorts(env, stateDir), ensureBuilt(root)]);
  process.stderr.write(
    `[global-setup] Temporal dev server at ${server.status.address} (UI ${server.status.uiUrl}) ready in ${server.startupMs ?? 0} ms; setup took ${Date.now() - started} ms\n`,
  );
  project.provide('temporalAddress', server.status.address);
  project.provide('temporalUiUrl', server.status.uiUrl);
  project.provide('workflowBundlePath', join(root, 'dist', 'workflow-bundle.js'));
  return async () => {
    await stopDevServer({ env, stateDir, port, uiPort, graceMs: 5000 });
    await rm(stateDir, { recursive: true, force: true });
  };
}
