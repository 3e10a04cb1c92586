/**
 * A provider outage as it crosses from a failed model-call activity to the workflow
 * that waits on it and to the CLI that explains it: read back from the failure's details.
 */
import type { ProviderOutage } from '../models/provider-outage.js';

/** The outage a failed model call's details carry (models/call-in-activity.ts puts it there), if any. */
export function outageFromDetails(details: unknown): ProviderOutage | undefined {
  const outage = details as Partial<ProviderOutage> | undefined;
  return typeof outage?.provider === 'string' && typeof outage.reason === 'string' && typeof outage.hint === 'string'
    ? { provider: outage.provider, reason: outage.reason, hint: outage.hint, keyRejected: outage.keyRejected === true }
    : undefined;
}
