/**
 * `npm run drill:cluster`: instead of the dev server, the suite's files named in
 * vitest.config.ts run against a Temporal set up as docker-compose.yml sets it up
 * (PostgreSQL, the schema job, temporal-server, the namespace job: compose-cluster.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { ensureBuilt } from '../support/build.js';
import { startComposeCluster } from './compose-cluster.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-cluster-'));
  const log = (line: string) => process.stderr.write(`[cluster] ${line}\n`);
  const started = Date.now();
  // Both to their end, so a failed build never leaves a cluster starting with no one to stop it.
  const [startedCluster, built] = await Promise.allSettled([startComposeCluster({ root, dir, log }), ensureBuilt(root)]);
  if (startedCluster.status === 'rejected' || built.status === 'rejected') {
    if (startedCluster.status === 'fulfilled') await startedCluster.value.stop();
    if (!process.env.TANDEM_CLUSTER_KEEP) await rm(dir, { recursive: true, force: true });
    throw startedCluster.status === 'rejected' ? startedCluster.reason : (built as PromiseRejectedResult).reason;
  }
  const cluster = startedCluster.value;
  log(`ready at ${cluster.address} (namespace ${cluster.namespace}) in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${cluster.logDir}`);
  project.provide('temporalAddress', cluster.address);
  project.provide('temporalUiUrl', '');
  project.provide('workflowBundlePath', join(root, 'dist', 'workflow-bundle.js'));
  return async () => {
    await cluster.stop();
    if (!process.env.TANDEM_CLUSTER_KEEP) await rm(dir, { recursive: true, force: true });
  };
}
