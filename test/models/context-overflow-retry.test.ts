import { afterEach, describe, expect, it } from 'vitest';
import { callModel } from '../../models/call-in-activity.js';
import { callFittingWindow } from '../../models/context-overflow-retry.js';
import { reviewPrompt, type ReviewPromptInput } from '../../prompts/review-prompt.js';
import { ReviewVerdictSchema } from '../../plan/schema.js';
import { startFakeOpenAI } from '../fakes/openai-server.js';
import type { FakeServer } from '../fakes/http-fake.js';
import type { ResolvedModel } from '../../models/types.js';

const OVERFLOW = { error: { status: 400, type: 'exceed_context_size_error', message: 'request (8236 tokens) exceeds the available context size (8192 tokens), try increasing it' } };
const VERDICT = { verdict: 'approve', summary: 'Fine.', comments: [] };
const input: ReviewPromptInput = {
  system: 'You review code.',
  template: 'Task {{taskId}}\n{{checks}}\nDiff{{diffNote}}:\n{{diff}}',
  fields: { taskId: 'T1', title: 't', details: '', acceptance: '- a', implementSummary: 's', changes: 'a.txt' },
  checks: [],
  diff: `+${'x'.repeat(12_000)}`,
  diffTruncated: false,
};

describe('a review that overflows the context window', () => {
  let fake: FakeServer;
  afterEach(async () => {
    fake.assertClean();
    await fake.close();
  });

  const review = (model: ResolvedModel) =>
    callFittingWindow((maxPartsChars) => {
      const prompt = reviewPrompt(input, undefined, maxPartsChars);
      return { prompt, call: () => callModel(model, { messages: prompt.messages, output: { name: 'review_verdict', schema: ReviewVerdictSchema } }) };
    });
  const model = (url: string): ResolvedModel => ({ spec: 'llama:small', providerName: 'llama', kind: 'openai-compatible', model: 'small', baseUrl: url });
  const diffSent = (i: number) => String(fake.requests[i]!.body.messages.at(-1).content).length;

  it('is retried once with the diff halved, and says so in the prompt', async () => {
    fake = await startFakeOpenAI({ script: [OVERFLOW, { json: VERDICT }] });
    const result = await review(model(fake.url));
    expect(result.output).toEqual(VERDICT);
    expect(fake.requests).toHaveLength(2);
    expect(diffSent(1)).toBeLessThan(diffSent(0) * 0.6);
    expect(fake.requests[1]!.body.messages.at(-1).content).toContain("cut to fit the reviewer's context window");
  });

  it('fails the call when the smaller request overflows too', async () => {
    fake = await startFakeOpenAI({ script: [OVERFLOW, OVERFLOW] });
    await expect(review(model(fake.url))).rejects.toMatchObject({ type: 'ModelCallError.context_length' });
    expect(fake.requests).toHaveLength(2);
  });
});
