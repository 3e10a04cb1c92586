import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FakeReply } from '../fakes/script.js';
import type { GenerateResult, Message } from '../../models/types.js';
import { PROVIDERS, setup } from './harness.js';

/** One vendor-neutral script, replayed on every provider. */
const script = (): FakeReply[] => [
  { text: 'Let me look.', toolCalls: [{ name: 'read_file', arguments: { path: 'src/a.ts' } }, { name: 'grep', arguments: { pattern: 'TODO' } }] },
  { text: 'Plan ready.' },
  { json: { steps: ['edit a.ts', 'run tests'], risky: false } },
  { text: 'This reply was cut', stopReason: 'max_tokens' },
];

const tools = ['read_file', 'grep'].map((name) => ({ name, description: name, parameters: { type: 'object', properties: {} } }));
const plan = { name: 'plan', schema: z.object({ steps: z.array(z.string()), risky: z.boolean() }) };

/** What must not depend on the vendor. Tool call ids are vendor-minted, so only their presence counts. */
function comparable(result: GenerateResult): unknown {
  return {
    text: result.text,
    toolCalls: result.toolCalls.map((c) => ({ name: c.name, arguments: JSON.parse(c.rawArguments), hasId: c.id.length > 0 })),
    stopReason: result.stopReason,
    output: result.output,
  };
}

async function run(provider: (typeof PROVIDERS)[number]): Promise<unknown[]> {
  const h = await setup(provider, script());
  const messages: Message[] = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Plan the change.' }];
  const results: GenerateResult[] = [];
  try {
    const first = await h.client.generate({ messages, tools });
    results.push(first);
    messages.push({ role: 'assistant', content: first.text, toolCalls: first.toolCalls });
    for (const call of first.toolCalls) messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content: `${call.name} output` });
    results.push(await h.client.generate({ messages, tools }));
    results.push(await h.client.generate({ messages: [...messages, { role: 'user', content: 'As JSON.' }], output: plan }));
    results.push(await h.client.generate({ messages: [{ role: 'user', content: 'Write a lot.' }] }));
    h.fake.assertClean();
    expect(h.fake.remaining).toBe(0);
  } finally {
    await h.fake.close();
  }
  return results.map((r) => comparable(r as GenerateResult));
}

describe('contract: every provider behaves alike on the same script', () => {
  it('gives identical text, tool calls, stop reasons and outputs', async () => {
    const [openai, ollama, anthropic] = await Promise.all(PROVIDERS.map(run));
    expect(openai).toEqual([
      {
        text: 'Let me look.',
        toolCalls: [
          { name: 'read_file', arguments: { path: 'src/a.ts' }, hasId: true },
          { name: 'grep', arguments: { pattern: 'TODO' }, hasId: true },
        ],
        stopReason: 'tool_calls',
        output: undefined,
      },
      { text: 'Plan ready.', toolCalls: [], stopReason: 'end', output: undefined },
      // OpenAI carries structured output as text; Anthropic as a tool input. Only the value is the contract.
      expect.objectContaining({ toolCalls: [], stopReason: 'end', output: { steps: ['edit a.ts', 'run tests'], risky: false } }),
      { text: 'This reply was cut', toolCalls: [], stopReason: 'max_tokens', output: undefined },
    ]);
    const withoutStructuredText = (rs: unknown[] | undefined) => rs!.map((r, i) => (i === 2 ? { ...(r as object), text: undefined } : r));
    expect(withoutStructuredText(ollama)).toEqual(withoutStructuredText(openai));
    expect(withoutStructuredText(anthropic)).toEqual(withoutStructuredText(openai));
  });
});
