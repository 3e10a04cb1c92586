import type { ResolvedModel } from './types.js';
import { ModelCallError, parseRetryAfter } from './errors.js';
import { redactSecrets, type RedactOptions } from '../errors/redact-secrets.js';
import { nearestModelNames } from './nearest-models.js';

/** What a vendor mapping file learned from an SDK error, in vendor-neutral terms. */
export interface ErrorFacts {
  status?: number;
  headers?: Headers;
  /** The vendor's own error message from the body, if any. */
  vendorMessage?: string;
  /** Vendor error code or type, e.g. `context_length_exceeded`, `invalid_request_error`. */
  vendorCode?: string;
  /** Set when no HTTP status came back. */
  transport?: 'timeout' | 'connection' | 'aborted' | 'malformed' | 'stalled' | 'cut';
  /** Low-level detail such as `ECONNREFUSED`, safe to show. */
  detail?: string;
  /** How long a stalled stream went without an event. */
  stalledMs?: number;
}

export interface ErrorContext {
  model: ResolvedModel;
  /** Where the call went, for connection errors. */
  baseUrl: string;
  /** Env var that held the key, named in auth errors. */
  apiKeyEnv?: string;
  /** Key value, redacted from anything we show. */
  apiKey?: string;
  timeoutMs: number;
  /** The vendor's model list, to name the nearest on a 404. */
  knownModels?: readonly string[];
}

// Both vendors' wordings plus vLLM, llama.cpp and LM Studio; codes where vendors have them.
const CONTEXT_TOO_LONG =
  /context[_ ]length|maximum context|context window|prompt is too long|exceeds? (the )?(available )?context|context limit|too many tokens|input is too long/i;

// The key itself, however short a test key is, and anything key-shaped: a vendor may echo it back partly masked.
const KEY_REDACTION: RedactOptions = { minLength: 6, keyShaped: true };

/** Turns SDK error facts into a classified, redacted ModelCallError. */
export function classifyModelError(facts: ErrorFacts, ctx: ErrorContext): ModelCallError {
  const provider = ctx.model.providerName;
  const model = ctx.model.model;
  const said = facts.vendorMessage ? `: ${facts.vendorMessage}` : '';
  const make = (
    kind: ConstructorParameters<typeof ModelCallError>[1]['kind'],
    retryable: boolean,
    message: string,
    hint?: string,
  ): ModelCallError =>
    new ModelCallError(redactSecrets(message, [ctx.apiKey], KEY_REDACTION), {
      kind,
      retryable,
      provider,
      model,
      status: facts.status,
      detail: facts.detail,
      retryAfterMs: retryable ? parseRetryAfter(facts.headers) : undefined,
      hint: hint === undefined ? undefined : redactSecrets(hint, [ctx.apiKey], KEY_REDACTION),
    });

  switch (facts.transport) {
    case 'aborted':
      return make('aborted', false, `The call to ${provider} model ${model} was cancelled.`);
    case 'timeout':
      return make('timeout', true, `${provider} model ${model} did not answer within ${ctx.timeoutMs} ms.`);
    case 'connection':
      return make(
        'connection',
        true,
        `Could not connect to ${provider} at ${ctx.baseUrl}${facts.detail ? ` (${facts.detail})` : ''}.`,
        'Check that the server is running and the base URL is right.',
      );
    case 'stalled':
      // Abandoned rather than waited on: a retry is cheaper than an answer that never comes.
      return make('timeout', true, `The answer from ${provider} model ${model} stalled: no event for ${facts.stalledMs ?? ctx.timeoutMs} ms.`);
    case 'cut':
      // A partial answer is never used: it may be a half-written tool call or plan.
      return make('connection', true, `The answer from ${provider} model ${model} ended before it was complete${facts.detail ? ` (${facts.detail})` : ''}.`);
    case 'malformed':
      // Most often the base URL is a web page or a proxy, not the model API: say where the call went.
      return make(
        'malformed_response',
        true,
        `${provider} returned a response for ${model} that is not a valid completion${facts.detail ? ` (${facts.detail})` : ''}.`,
        `Check that ${ctx.baseUrl} is the model server's API (an OpenAI-compatible server's usually ends in /v1).`,
      );
    default:
  }

  const status = facts.status ?? 0;
  const keyName = ctx.apiKeyEnv ?? 'the API key';
  if (status === 401 || status === 403) {
    return make(
      'auth',
      false,
      `${keyName} was rejected by ${provider} (${status})${said}`,
      `Set ${keyName} to a valid key for ${provider}.`,
    );
  }
  if (status === 404) {
    return make(
      'not_found',
      false,
      `Model "${model}" was not found at provider "${provider}" (404)${said}`,
      notFoundHint(ctx),
    );
  }
  const contextTooLong =
    facts.vendorCode === 'context_length_exceeded' || CONTEXT_TOO_LONG.test(facts.vendorMessage ?? '');
  if ((status === 400 || status === 413 || status === 422) && contextTooLong) {
    return make(
      'context_length',
      false,
      `The request is too long for ${provider} model ${model}${said}`,
      'Shorten the conversation or choose a model with a larger context window.',
    );
  }
  if (status === 408) return make('timeout', true, `${provider} timed out the request (408)${said}`);
  if (status === 409) return make('conflict', true, `${provider} reported a conflict (409)${said}`);
  if (status === 429) return make('rate_limit', true, `${provider} rate-limited model ${model} (429)${said}`);
  if (status >= 500) return make('server', true, `${provider} failed with ${status}${said}`);
  return make('bad_request', false, `${provider} rejected the request for ${model} (${status})${said}`);
}

/** The fix for a 404: the spec to edit, and the nearest names the vendor's SDK lists. */
function notFoundHint(ctx: ErrorContext): string {
  const nearest = nearestModelNames(ctx.model.model, ctx.knownModels ?? []);
  const suggestion = nearest.length ? `; the nearest current ${ctx.model.providerName} models are ${nearest.join(', ')}` : '';
  return `Check the model name in the spec ${ctx.model.spec}${suggestion}.`;
}
