/**
 * An environment for the CLI with a dev server of its own (no TEMPORAL_ADDRESS,
 * a private TANDEM_HOME, free ports), for tests that start, stop or restart it
 * without disturbing the shared one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.js';
import { freePort } from '../../temporal/free-port.js';

export interface PrivateServerEnv {
  env: Record<string, string | undefined>;
  /** Stops the server if it runs and removes its home. */
  dispose(): Promise<void>;
}

export async function privateServerEnv(prefix: string): Promise<PrivateServerEnv> {
  const home = await mkdtemp(join(tmpdir(), `${prefix}-`));
  const env = {
    TEMPORAL_ADDRESS: undefined,
    TANDEM_HOME: home,
    TANDEM_TEMPORAL_PORT: String(await freePort()),
    TANDEM_TEMPORAL_UI_PORT: String(await freePort()),
  };
  return {
    env,
    dispose: async () => {
      await runCli(['server', 'stop'], { env, timeoutMs: 60_000 });
      await rm(home, { recursive: true, force: true });
    },
  };
}
