/**
 * Where a call keeper listens. One keeper per state directory, run task queue,
 * endpoint identity (provider, base URL, key variable and key fingerprint) and
 * call environment (keeper/call-environment.ts: a hash of every variable that
 * can shape a model call): a worker only ever reaches a keeper whose calls
 * would go out exactly as its own (and that runs its build of Tandem and
 * speaks its version of the protocol). The name is a 16-hex hash, because a Unix socket path must fit in
 * about 100 bytes.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { EndpointIdentity } from '../models/types.js';
import { runQueueOf } from '../temporal/workspace-queue.js';
import { canonicalJson } from './call-key.js';
import { PROTOCOL_VERSION } from './protocol.js';

/** Linux allows 108 bytes for a socket path, macOS 104; a path longer than this is not tried. */
export const MAX_SOCKET_PATH = 100;

export interface KeeperAddress {
  /** `$TANDEM_HOME/keepers`, mode 0700. */
  dir: string;
  socket: string;
  /** Held while one worker starts the keeper, so two workers do not start two. */
  lock: string;
  /** The keeper's stderr. */
  log: string;
}

export interface AddressInput {
  home: string;
  taskQueue: string;
  identity: EndpointIdentity;
  /** callEnvironmentFingerprint of the worker's environment. */
  environment: string;
  /** keeperBuildId of the keeper program; absent in tests that need no rebuild guard. */
  build?: string;
}

export function keeperAddress(input: AddressInput): KeeperAddress {
  const name = createHash('sha256')
    .update([`v${PROTOCOL_VERSION}`, input.home, runQueueOf(input.taskQueue), canonicalJson(input.identity), input.environment, input.build ?? ''].join('\0'))
    .digest('hex')
    .slice(0, 16);
  const dir = join(input.home, 'keepers');
  return { dir, socket: join(dir, `${name}.sock`), lock: join(dir, `${name}.lock`), log: join(dir, `${name}.log`) };
}
