/**
 * A run's recorded endpoints, for the workflows and the CLI: the failure type a
 * worker with other keys refuses with, and how an identity is shown.
 */
import { WORKER_ENDPOINT_MISMATCH, type EndpointIdentity } from '../models/types.js';

export { WORKER_ENDPOINT_MISMATCH };

/** One line per identity, for status and the report: never a key, only its fingerprint. */
export function formatEndpoint(identity: EndpointIdentity): string {
  const where = identity.baseUrl ?? 'public API';
  const key = identity.keyEnv ? ` · ${identity.keyEnv} ${identity.keyFingerprint ?? 'unset'}` : '';
  return `${identity.provider} at ${where}${key}`;
}
