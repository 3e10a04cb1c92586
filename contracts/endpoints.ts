/**
 * A run's recorded endpoints, for the workflows and the CLI: which identity a
 * role's activity must match, and the failure type a worker refuses with.
 */
import { WORKER_ENDPOINT_MISMATCH, type EndpointIdentity } from '../models/types.js';
import type { RunEndpoints } from './run.js';

export { WORKER_ENDPOINT_MISMATCH };

/** The recorded identity for the implementer, or for reviewer `index`; undefined for runs recorded before endpoints. */
export function recordedEndpoint(endpoints: RunEndpoints | undefined, role: 'implementer' | { reviewer: number }): EndpointIdentity | undefined {
  if (endpoints === undefined) return undefined;
  return role === 'implementer' ? endpoints.implementer : endpoints.reviewers[role.reviewer];
}

/** One line per identity, for status and the report: never a key, only its fingerprint. */
export function formatEndpoint(identity: EndpointIdentity): string {
  const where = identity.baseUrl ?? 'public API';
  const key = identity.keyEnv ? ` · ${identity.keyEnv} ${identity.keyFingerprint ?? 'unset'}` : '';
  return `${identity.provider} at ${where}${key}`;
}
