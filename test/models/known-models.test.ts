import { describe, expect, it } from 'vitest';
import { ANTHROPIC_MODELS, OPENAI_MODELS } from '../../models/providers/known-models.js';
import { anthropicDeprecated, anthropicModelUnion, openaiModelUnion } from '../support/sdk-models.js';

describe('the model lists copied from the pinned SDKs', () => {
  it('match the installed @anthropic-ai/sdk Model union, less its deprecated models', () => {
    const deprecated = anthropicDeprecated();
    expect(ANTHROPIC_MODELS).toEqual(anthropicModelUnion().filter((id) => !(id in deprecated)));
  });

  it('match the installed openai ChatModel and ResponsesModel unions', () => {
    expect(OPENAI_MODELS).toEqual(openaiModelUnion());
  });
});
