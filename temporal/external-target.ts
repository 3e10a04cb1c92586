import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { TandemError } from '../errors/tandem-error.js';

export interface ExternalTarget {
  address: string;
  namespace: string;
  connectionOptions: NativeConnectionOptions;
}

/**
 * Reads Temporal's standard client configuration: the TOML config file
 * (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE) overridden by TEMPORAL_ADDRESS,
 * TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS* and TEMPORAL_GRPC_META_*.
 * Throws TandemError `TEMPORAL_CONFIG_INVALID` for an unreadable file or profile.
 */
export function loadExternalTarget(env: NodeJS.ProcessEnv): ExternalTarget {
  let config;
  try {
    config = loadClientConnectConfig({ overrideEnvVars: definedOnly(env) });
  } catch (error) {
    throw new TandemError(`Cannot load the Temporal client configuration: ${error instanceof Error ? error.message : String(error)}`, {
      code: 'TEMPORAL_CONFIG_INVALID',
      hint: 'Fix the profile in your Temporal config file (TEMPORAL_CONFIG_FILE, default ~/.config/temporalio/temporal.toml) or the TEMPORAL_* variables.',
      context: { TEMPORAL_PROFILE: env.TEMPORAL_PROFILE, TEMPORAL_CONFIG_FILE: env.TEMPORAL_CONFIG_FILE },
      cause: error,
    });
  }
  const address = config.connectionOptions.address;
  if (!address) {
    throw new TandemError(`The Temporal profile "${env.TEMPORAL_PROFILE ?? 'default'}" has no address.`, {
      code: 'TEMPORAL_CONFIG_INVALID',
      hint: 'Set TEMPORAL_ADDRESS (host:port) or add `address` to the profile.',
      context: { TEMPORAL_PROFILE: env.TEMPORAL_PROFILE },
    });
  }
  return { address, namespace: config.namespace ?? 'default', connectionOptions: config.connectionOptions };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
