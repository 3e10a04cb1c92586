import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createModelClient } from '../../models/provider.js';
import { resetResponseFormatModes } from '../../models/response-format-fallback.js';
import { rejection, setup, type Harness } from './harness.js';

const answer = { name: 'answer', schema: z.object({ ok: z.boolean() }) };
const ask = { messages: [{ role: 'user' as const, content: 'hi' }], output: answer };
const noJsonSchema = { error: { status: 400, message: "'response_format.type' must be 'json_object' or 'text', json_schema is not supported" } };
const noJsonObject = { error: { status: 400, message: 'response_format json_object is not supported by this server' } };

describe('structured output on servers that refuse json_schema', () => {
  let h: Harness;
  beforeEach(() => resetResponseFormatModes());
  afterEach(async () => {
    h.fake.assertClean();
    await h.fake.close();
  });

  it('retries with json_object and the schema in the prompt, and validates the reply', async () => {
    h = await setup('ollama', [noJsonSchema, { json: { ok: true } }]);
    const result = await h.client.generate(ask);
    expect(result.output).toEqual({ ok: true });
    const [first, second] = h.fake.requests.map((r) => r.body);
    expect(first.response_format.type).toBe('json_schema');
    expect(second.response_format).toEqual({ type: 'json_object' });
    expect(second.messages[0].content).toContain('JSON Schema');
  });

  it('falls back to an instruction only when json_object is refused too', async () => {
    h = await setup('openai', [noJsonSchema, noJsonObject, { json: { ok: false } }], { api: 'chat' });
    const result = await h.client.generate(ask);
    expect(result.output).toEqual({ ok: false });
    const third = h.fake.requests[2]!.body;
    expect(third.response_format).toBeUndefined();
    expect(third.messages[0]).toMatchObject({ role: 'system' });
    expect(third.messages[0].content).toContain('Reply with only a JSON object');
  });

  it('remembers the degradation, so a later call (even from a new client) does not pay the 400 again', async () => {
    h = await setup('ollama', [noJsonSchema, { json: { ok: true } }, { json: { ok: true } }]);
    await h.client.generate(ask);
    await createModelClient(h.model, h.env).generate(ask);
    expect(h.fake.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object', 'json_object']);
  });

  it('still fails a bad reply after the zod retry, in the degraded mode', async () => {
    h = await setup('ollama', [noJsonSchema, { text: 'not json' }, { json: { ok: 'yes' } }]);
    const error = await rejection(h.client.generate(ask));
    expect(error.kind).toBe('invalid_output');
    expect(h.fake.requests[2]!.body.response_format).toEqual({ type: 'json_object' });
  });

  it('does not degrade on a 400 about something else, nor on calls without an output schema', async () => {
    h = await setup('ollama', [{ error: { status: 400, message: 'messages: too many' } }, noJsonSchema]);
    expect((await rejection(h.client.generate(ask))).kind).toBe('bad_request');
    expect((await rejection(h.client.generate({ messages: ask.messages }))).kind).toBe('bad_request');
    expect(h.fake.requests).toHaveLength(2);
  });
});
