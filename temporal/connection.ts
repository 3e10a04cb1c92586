import { probeHttp2 } from './http2-probe.js';
import { Client, isGrpcServiceError } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import { EXIT, TandemError } from '../errors/tandem-error.js';
import { tandemDataConverter } from './data-converter.js';
import { ensureDevServer, type DevServerOptions } from './dev-server.js';
import { loadExternalTarget } from './external-target.js';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client/index.js';
import { activeTelemetry } from '../telemetry/sdk.js';

/** Where Tandem's Temporal server is and how to reach it. */
export interface TemporalTarget {
  /** `external` when TEMPORAL_ADDRESS / TEMPORAL_PROFILE chose the server, `dev-server` for the local one. */
  kind: 'external' | 'dev-server';
  address: string;
  namespace: string;
  connectionOptions: NativeConnectionOptions;
  /** The Web UI, when known (always for the dev server). */
  uiUrl?: string;
}

/** An open connection: `connection` serves workers, `client` starts and queries workflows. */
export interface TemporalConnection {
  target: TemporalTarget;
  connection: NativeConnection;
  client: Client;
  namespace: string;
  close(): Promise<void>;
}

export interface ConnectTemporalOptions extends DevServerOptions {
  /** Overrides the namespace from TEMPORAL_NAMESPACE / the profile. */
  namespace?: string;
}

/**
 * Picks the server: with TEMPORAL_ADDRESS (or TEMPORAL_PROFILE) set, Temporal's
 * standard environment configuration (namespace, TLS, API key, config-file
 * profiles); otherwise the local dev server, started if needed.
 */
export async function resolveTemporalTarget(options: ConnectTemporalOptions = {}): Promise<TemporalTarget> {
  const env = options.env ?? process.env;
  if (env.TEMPORAL_ADDRESS?.trim() || env.TEMPORAL_PROFILE?.trim()) {
    const external = loadExternalTarget(env);
    return { kind: 'external', ...external, namespace: options.namespace ?? external.namespace };
  }
  const { status } = await ensureDevServer(options);
  return {
    kind: 'dev-server',
    address: status.address,
    namespace: options.namespace ?? 'default',
    connectionOptions: { address: status.address },
    uiUrl: status.headless ? undefined : status.uiUrl,
  };
}

/**
 * Resolves the target, connects, and checks the namespace exists. One
 * NativeConnection serves both the Client and any Worker. Throws TandemError
 * `TEMPORAL_CLI_MISSING`, `TEMPORAL_UNREACHABLE` (exit 3), `TEMPORAL_NAMESPACE_NOT_FOUND`,
 * `TEMPORAL_UNAUTHORIZED`, `TEMPORAL_CONFIG_INVALID` or `ENCRYPTION_KEY_INVALID`. The caller must `close()` it.
 */
export async function connectTemporal(options: ConnectTemporalOptions = {}): Promise<TemporalConnection> {
  // First: a bad TANDEM_ENCRYPTION_KEY should fail fast, not after starting a dev server.
  const dataConverter = tandemDataConverter(options.env ?? process.env);
  const target = await resolveTemporalTarget(options);
  const connection = await openConnection(target);
  try {
    await checkNamespace(connection, target);
  } catch (error) {
    await connection.close();
    throw error;
  }
  const client = new Client({
    connection,
    namespace: target.namespace,
    dataConverter,
    // With telemetry on, a started run carries the CLI's trace: its workflows are traced from there (worker/workflow-tracing.ts).
    ...(activeTelemetry() ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {}),
  });
  return { target, connection, client, namespace: target.namespace, close: () => connection.close() };
}

const CONNECT_TIMEOUT_MS = 15_000;

async function openConnection(target: TemporalTarget): Promise<NativeConnection> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([NativeConnection.connect(target.connectionOptions), timeout]);
  } catch (error) {
    const foreign = await foreignProgram(target, error);
    throw new TandemError(`Cannot reach the Temporal server at ${target.address}: ${describe(error, foreign)}.`, {
      code: 'TEMPORAL_UNREACHABLE',
      exitCode: EXIT.infrastructure,
      hint:
        target.kind === 'external'
          ? `Check TEMPORAL_ADDRESS (${target.address}) and its TLS/API key settings, or unset TEMPORAL_ADDRESS to use a local dev server.`
          : devServerHint(target, foreign),
      context: { address: target.address },
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

async function checkNamespace(connection: NativeConnection, target: TemporalTarget): Promise<void> {
  try {
    await connection.withDeadline(Date.now() + 10_000, () =>
      connection.workflowService.describeNamespace({ namespace: target.namespace }),
    );
  } catch (error) {
    const code = isGrpcServiceError(error) ? error.code : undefined;
    // gRPC status codes: 5 NOT_FOUND, 7 PERMISSION_DENIED, 16 UNAUTHENTICATED.
    if (code === 5) {
      throw new TandemError(`Namespace "${target.namespace}" does not exist on the Temporal server at ${target.address}.`, {
        code: 'TEMPORAL_NAMESPACE_NOT_FOUND',
        hint: `Create it with \`temporal operator namespace create -n ${target.namespace} --address ${target.address}\`, or set TEMPORAL_NAMESPACE to an existing one.`,
        context: { namespace: target.namespace, address: target.address },
        cause: error,
      });
    }
    if (code === 7 || code === 16) {
      throw new TandemError(`The Temporal server at ${target.address} refused access to namespace "${target.namespace}": ${describe(error)}.`, {
        code: 'TEMPORAL_UNAUTHORIZED',
        exitCode: EXIT.infrastructure,
        hint: 'Check TEMPORAL_API_KEY or the TEMPORAL_TLS_* client certificate settings (or your config-file profile).',
        context: { namespace: target.namespace, address: target.address },
        cause: error,
      });
    }
    const foreign = await foreignProgram(target, error);
    throw new TandemError(`The Temporal server at ${target.address} did not answer: ${describe(error, foreign)}.`, {
      code: 'TEMPORAL_UNREACHABLE',
      exitCode: EXIT.infrastructure,
      hint: target.kind === 'dev-server' ? devServerHint(target, foreign) : 'Check that the server is healthy and reachable from this machine.',
      context: { address: target.address },
      cause: error,
    });
  }
}

function describe(error: unknown, foreign = false): string {
  const message = error instanceof Error ? error.message : String(error);
  // Core's transport errors are long debug dumps; the kind is the useful part.
  if (/ConnectionRefused|Connection refused/i.test(message)) return 'connection refused';
  if (foreign || speaksNoGrpc(message)) return 'something answers on that port, but not a Temporal server (its replies are not gRPC over HTTP/2)';
  return message.split('\n')[0]!.slice(0, 300);
}

/** The peer answered, but not in HTTP/2 gRPC: another program (a web server, a database) holds the port. */
function speaksNoGrpc(message: string): boolean {
  return /h2 protocol error|FRAME_SIZE_ERROR|GoAway|invalid HTTP version|HTTP\/1\.|frame with invalid size/i.test(message);
}

/**
 * Another program holds the port: its reply was not gRPC, or, when the client's error does
 * not say (a broken pipe races the peer's hang-up), the port does not speak HTTP/2 when asked.
 * Only a local dev server's plain port is asked; a remote one may want TLS first.
 */
async function foreignProgram(target: TemporalTarget, error: unknown): Promise<boolean> {
  const message = error instanceof Error ? error.message : String(error);
  if (speaksNoGrpc(message)) return true;
  if (target.kind !== 'dev-server' || /ConnectionRefused|Connection refused/i.test(message)) return false;
  const at = target.address.lastIndexOf(':');
  const port = Number(target.address.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port)) return false;
  return (await probeHttp2(target.address.slice(0, at).replace(/^\[|\]$/g, ''), port)) === 'other';
}

/** The hint for a dev server that cannot be reached: another program on its port needs another port, not a restart. */
function devServerHint(target: TemporalTarget, foreign: boolean): string {
  if (foreign) return anotherProgramHint(target.address);
  return 'Check the dev server with `tandem server status`, or restart it with `tandem server stop && tandem server start`.';
}

function anotherProgramHint(address: string): string {
  return `Another program listens on ${address}. Stop it, or give Tandem's dev server another port (--port, or TANDEM_TEMPORAL_PORT).`;
}

/**
 * For `tandem server start` finding its port open with no server of its own there:
 * resolves when a Temporal server answers on `address` (it is reused). Otherwise
 * throws TEMPORAL_DEV_SERVER_START_FAILED (exit 3) naming the port: a web server there
 * was "reused", and every command after it failed on it.
 */
export async function assertTemporalOnPort(address: string): Promise<void> {
  let connection: NativeConnection;
  try {
    // Connecting asks the server for its system info: only a Temporal frontend answers that.
    connection = await openConnection({ kind: 'dev-server', address, namespace: 'default', connectionOptions: { address } });
  } catch (error) {
    const cause = error instanceof TandemError ? error.cause : error;
    const message = cause instanceof Error ? cause.message : String(cause);
    // Core's transport errors are debug dumps: a program that hangs up gives "connection closed" or a reset.
    const detail = speaksNoGrpc(message) ? 'its replies are not gRPC over HTTP/2' : /connection closed|ConnectionReset|broken pipe/i.test(message) ? 'it hung up on a gRPC call' : describe(cause);
    const why = `does not speak Temporal's gRPC (${detail})`;
    const port = address.slice(address.lastIndexOf(':') + 1);
    throw new TandemError(`Port ${port} (${address}) is held by a process that ${why}: there is no Temporal server to reuse, and the dev server cannot start there.`, {
      code: 'TEMPORAL_DEV_SERVER_START_FAILED',
      exitCode: EXIT.infrastructure,
      hint: anotherProgramHint(address),
      context: { address },
      cause,
    });
  }
  await connection.close();
}
