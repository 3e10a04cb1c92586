import { expect, it } from 'vitest';
import { fromWireError, toWireError, toWireRequest } from '../../keeper/wire.js';
import { ModelCallError } from '../../models/errors.js';
import { ReviewVerdictSchema } from '../../plan/schema.js';

it('rebuilds a ModelCallError with every fact callModel maps to a Temporal failure', () => {
  const error = new ModelCallError('openai is rate limiting', {
    kind: 'rate_limit',
    retryable: true,
    provider: 'openai',
    model: 'gpt-5-mini',
    status: 429,
    retryAfterMs: 4000,
    hint: 'Wait or raise your limits.',
    usage: { inputTokens: 10, outputTokens: 0, cachedInputTokens: 0 },
    costUsd: 0.001,
  });
  const rebuilt = fromWireError(JSON.parse(JSON.stringify(toWireError(error))));
  expect(rebuilt).toBeInstanceOf(ModelCallError);
  expect({ ...rebuilt, message: rebuilt!.message }).toEqual({ ...error, message: error.message });
  expect(rebuilt!.code).toBe('MODEL_RATE_LIMIT');
});

it('does not dress up an unexpected error as a model failure', () => {
  expect(fromWireError(toWireError(new TypeError('x is undefined')))).toBeUndefined();
});

it('sends the output schema by name and the timeouts resolved from the worker\'s environment', () => {
  const wire = toWireRequest(
    { messages: [{ role: 'user', content: 'Review.' }], output: { name: 'review_verdict', description: 'The verdict', schema: ReviewVerdictSchema }, signal: new AbortController().signal, onProgress: () => undefined },
    { TANDEM_MODEL_TIMEOUT_SECONDS: '5', TANDEM_MODEL_STALL_SECONDS: '7' },
  );
  expect(wire).toEqual({ messages: [{ role: 'user', content: 'Review.' }], output: { name: 'review_verdict', description: 'The verdict' }, timeoutMs: 5000, stallMs: 7000 });
});
