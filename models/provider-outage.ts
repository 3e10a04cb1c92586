/**
 * Which failed model calls mean "the provider is unavailable": the run should
 * wait for the user to bring it back (or fix the key), rather than spend the
 * task's attempts on calls that cannot succeed. Everything else (an unknown
 * model, a bad request, a rate limit that never lifts) stays the task's failure.
 */
import type { ModelErrorKind } from './errors.js';

/** Why a provider cannot be used right now; carried in the activity's failure details. */
export interface ProviderOutage {
  /** Provider name as configured (`ollama`, `openai`, a named endpoint). */
  provider: string;
  /** Short and lower case, for `waiting for ollama: connection refused`. */
  reason: string;
  /** The key was refused (401/403): waiting does not help, fixing the key does. */
  keyRejected: boolean;
  /** What the user should do before `tandem resume`. */
  hint: string;
}

export interface FailedCall {
  kind: ModelErrorKind;
  provider: string;
  status?: number;
  /** Low-level code of a transport failure, e.g. `ECONNREFUSED`. */
  detail?: string;
  /** The classified error's own advice (a rejected key's names the variable to set). */
  hint?: string;
}

/** Low-level codes users know by another name. */
const TRANSPORT_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection dropped',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

/**
 * The outage a failed call shows, or undefined when the failure is permanent
 * (or not the provider's). Pure: the same call always classifies the same way.
 */
export function providerOutage(call: FailedCall): ProviderOutage | undefined {
  const { provider } = call;
  const restart = `Check that ${provider} is running and reachable at its base URL, then run \`tandem resume\`.`;
  switch (call.kind) {
    case 'connection':
      return { provider, reason: (call.detail && TRANSPORT_REASONS[call.detail]) ?? `cannot connect${call.detail ? ` (${call.detail})` : ''}`, keyRejected: false, hint: restart };
    case 'timeout':
      return { provider, reason: 'no answer in time', keyRejected: false, hint: restart };
    case 'server':
      return { provider, reason: `server error ${call.status ?? ''}`.trim(), keyRejected: false, hint: `Wait until ${provider} works again, then run \`tandem resume\`.` };
    case 'auth':
      return {
        provider,
        reason: `key rejected${call.status ? ` (${call.status})` : ''}`,
        keyRejected: true,
        hint: `${(call.hint ?? `Fix the API key for ${provider}.`).replace(/\.$/, '')}, then run \`tandem resume\`.`,
      };
    default:
      return undefined;
  }
}

/** `waiting for ollama: connection refused`, the words the live view and `tandem status` share. */
export function describeOutage(outage: Pick<ProviderOutage, 'provider' | 'reason'>): string {
  return `waiting for ${outage.provider}: ${outage.reason}`;
}
