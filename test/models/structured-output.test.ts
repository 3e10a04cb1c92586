import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelCallError } from '../../models/errors.js';
import type { OutputSpec } from '../../models/contract.js';
import { PROVIDERS, rejection, setup, type Harness } from './harness.js';

const verdict: OutputSpec<{ approve: boolean; reasons: string[]; severity?: 'low' | 'high' }> = {
  name: 'review_verdict',
  description: 'The review outcome',
  schema: z.object({ approve: z.boolean(), reasons: z.array(z.string()), severity: z.enum(['low', 'high']).optional() }),
};
const ask = [{ role: 'user' as const, content: 'Review this diff.' }];
const good = { approve: false, reasons: ['missing test'] };

describe.each(PROVIDERS)('%s: structured output', (provider) => {
  let h: Harness;
  afterEach(async () => {
    h.fake.assertClean();
    await h.fake.close();
  });

  it('uses the native mechanism and validates the value', async () => {
    h = await setup(provider, [{ json: good }]);
    const result = await h.client.generate({ messages: ask, output: verdict });
    expect(result.output).toEqual(good);
    expect(result.stopReason).toBe('end');
    const wire = h.fake.requests[0]!.body;
    if (provider === 'anthropic') {
      expect(wire.tool_choice).toEqual({ type: 'tool', name: 'review_verdict' });
      expect(wire.tools.at(-1)).toMatchObject({ name: 'review_verdict', input_schema: { type: 'object', required: ['approve', 'reasons'] } });
    } else if (provider === 'openai') {
      // Responses; not strict, because the schema has an optional field.
      expect(wire.text.format).toMatchObject({ type: 'json_schema', name: 'review_verdict', strict: false });
      expect(wire.text.format.schema.properties.severity).toEqual({ type: 'string', enum: ['low', 'high'] });
    } else {
      expect(wire.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'review_verdict', strict: false } });
      expect(wire.response_format.json_schema.schema.properties.severity).toEqual({ type: 'string', enum: ['low', 'high'] });
    }
  });

  it('extracts JSON from text with <think> and a fence', async () => {
    const text = '<think>maybe {"approve": true}</think>\nHere is my verdict:\n```json\n{"approve": false, "reasons": ["missing test"]}\n```';
    h = await setup(provider, [{ text }]);
    const result = await h.client.generate({ messages: ask, output: verdict });
    expect(result.output).toEqual(good);
  });

  it('extracts the first balanced object from prose', async () => {
    h = await setup(provider, [{ text: 'Verdict: {"approve": true, "reasons": ["a } in a string"]} — thanks' }]);
    const result = await h.client.generate({ messages: ask, output: verdict });
    expect(result.output).toEqual({ approve: true, reasons: ['a } in a string'] });
  });

  it('retries once with the validation errors, summing usage', async () => {
    h = await setup(provider, [
      { json: { approve: 'yes', reasons: [] }, usage: { inputTokens: 100, outputTokens: 10 } },
      { json: good, usage: { inputTokens: 150, outputTokens: 12 } },
    ]);
    const result = await h.client.generate({ messages: ask, output: verdict });
    expect(result.output).toEqual(good);
    expect(result.usage).toEqual({ inputTokens: 250, outputTokens: 22, cachedInputTokens: 0 });
    // Local models are free; paid ones bill both calls.
    if (provider === 'ollama') expect(result.costUsd).toBe(0);
    else expect(result.costUsd).toBeGreaterThan(0);
    const retry = JSON.stringify(h.fake.requests[1]!.body.messages ?? h.fake.requests[1]!.body.input);
    expect(retry).toContain('review_verdict');
    expect(retry).toContain('approve');
    expect(retry).toContain('expected boolean');
  });

  it('fails clearly and non-retryably after the one retry', async () => {
    h = await setup(provider, [{ text: 'I cannot decide.' }, { json: { approve: 'still no' } }]);
    const error = await rejection(h.client.generate({ messages: ask, output: verdict }));
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ kind: 'invalid_output', retryable: false, code: 'MODEL_INVALID_OUTPUT' });
    expect(error.message).toContain('"review_verdict"');
    expect(error.message).toMatch(/approve/);
    expect(error.usage.outputTokens).toBeGreaterThan(0);
    expect(h.fake.requests).toHaveLength(2);
  });
});
