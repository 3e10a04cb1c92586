import { answersHttpOk, isPortOpen, sleep } from './net.js';

export interface WaitForDevServerOptions {
  host: string;
  port: number;
  /** Also wait for the Web UI to answer 200 at this URL. */
  uiUrl?: string;
  /** Absolute time (ms since epoch) after which waiting gives up. */
  deadline: number;
  /** Lets the caller stop the wait early, e.g. when the server process died. */
  abortReason?: () => string | undefined;
}

const POLL_MS = 50;

/**
 * Waits until a dev server accepts gRPC, reports SERVING, has its `default`
 * namespace, and (optionally) serves its UI. Returns `undefined` when ready,
 * otherwise why it gave up. Polls every 50 ms: a fresh dev server is up in well under a second.
 */
export async function waitForDevServer(options: WaitForDevServerOptions): Promise<string | undefined> {
  const failure = () => options.abortReason?.() ?? (Date.now() > options.deadline ? 'timed out' : undefined);
  while (!(await isPortOpen(options.host, options.port, 250))) {
    const reason = failure();
    if (reason) return reason;
    await sleep(POLL_MS);
  }
  let lastError = '';
  for (;;) {
    try {
      await isTemporalServing(`${options.host}:${options.port}`);
      break;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    const reason = failure();
    if (reason) return `${reason} (${lastError})`;
    await sleep(POLL_MS);
  }
  if (options.uiUrl) {
    while (!(await answersHttpOk(options.uiUrl, 1000))) {
      const reason = failure();
      if (reason) return `${reason} waiting for the Web UI at ${options.uiUrl}`;
      await sleep(POLL_MS);
    }
  }
  return undefined;
}

/** Resolves when the server at `address` is SERVING and knows the `default` namespace; rejects otherwise. */
export async function isTemporalServing(address: string): Promise<void> {
  // Loaded on use: `tandem server status` and `--help` should not load the SDK's native module.
  const { NativeConnection } = await import('@temporalio/worker');
  const connection = await NativeConnection.connect({ address });
  try {
    const deadline = Date.now() + 2000;
    const health = await connection.withDeadline(deadline, () => connection.healthService.check({}));
    // 1 = SERVING in grpc.health.v1.
    if (health.status !== 1) throw new Error(`health status ${String(health.status)}`);
    await connection.withDeadline(deadline, () => connection.workflowService.describeNamespace({ namespace: 'default' }));
  } finally {
    await connection.close();
  }
}
