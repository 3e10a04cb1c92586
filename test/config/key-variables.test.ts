import { describe, expect, it } from 'vitest';
import { keyVariablesOf } from '../../config/key-variables.js';
import type { ResolvedModel } from '../../models/types.js';

const model = (spec: string, apiKeyEnv?: string): ResolvedModel => ({
  spec,
  providerName: spec.split(':')[0]!,
  kind: 'openai-compatible',
  model: spec.split(':')[1]!,
  ...(apiKeyEnv ? { apiKeyEnv } : {}),
});

describe('keyVariablesOf', () => {
  it("names every provider's and role's key variable once, the built-in vendors' too, whatever the names look like", () => {
    const names = keyVariablesOf({
      providers: { gpu: { baseUrl: 'http://gpu:8000/v1', apiKeyEnv: 'OLLAMA_BEARER' }, open: { baseUrl: 'http://x:1/v1' } },
      roles: { planner: model('gpu:a', 'OLLAMA_BEARER'), implementer: model('lab:b', 'LAB_ACCESS'), reviewers: [model('c:d')] },
    });
    expect(names).toEqual(expect.arrayContaining(['ANTHROPIC_API_KEY', 'LAB_ACCESS', 'OLLAMA_BEARER', 'OPENAI_API_KEY']));
    expect(names).toEqual([...new Set(names)].sort());
  });
});
