import { describe, expect, it } from 'vitest';
import { assertKeysPresent, planReviewer, resolveRoles, type RoleOverrides } from '../../config/roles.js';
import { tandemConfigSchema } from '../../config/schema.js';
import { thrown } from '../support/thrown.js';

const OPENAI = { OPENAI_API_KEY: 'sk-test-openai' };
const ANTHROPIC = { ANTHROPIC_API_KEY: 'sk-ant-test' };
const BOTH = { ...OPENAI, ...ANTHROPIC };

function roles(yaml: Record<string, unknown>, env: Record<string, string>, overrides?: RoleOverrides) {
  const resolved = resolveRoles({ config: tandemConfigSchema.parse(yaml), env, ...(overrides ? { overrides } : {}) });
  return { planner: resolved.planner.spec, implementer: resolved.implementer.spec, reviewers: resolved.reviewers.map((m) => m.spec) };
}

describe('defaults from the keys present', () => {
  it('both vendors: plan and review with OpenAI, implement with Anthropic', () => {
    expect(roles({}, BOTH)).toEqual({ planner: 'openai:gpt-5.6-sol', implementer: 'anthropic:claude-sonnet-5-5', reviewers: ['openai:gpt-5.6-sol'] });
  });

  it('only OpenAI: two distinct OpenAI models', () => {
    expect(roles({}, OPENAI)).toEqual({ planner: 'openai:gpt-5.6-sol', implementer: 'openai:gpt-5.6-sol', reviewers: ['openai:gpt-5.6-terra'] });
  });

  it('only Anthropic: two distinct Anthropic models', () => {
    expect(roles({}, ANTHROPIC)).toEqual({
      planner: 'anthropic:claude-opus-5-5', implementer: 'anthropic:claude-sonnet-5-5', reviewers: ['anthropic:claude-opus-5-5'],
    });
  });

  it('no key and no models: says how to configure', () => {
    const error = thrown(() => roles({}, { OPENAI_API_KEY: '  ' }));
    expect(error.code).toBe('MODELS_NOT_CONFIGURED');
    expect(error.message).toContain('planner, implementer, reviewers');
    expect(error.hint).toMatch(/OPENAI_API_KEY.*models:.*ollama.*tandem init/);
  });

  it('a default reviewer never repeats a configured implementer', () => {
    expect(roles({ models: { implementer: 'openai:gpt-5.6-sol' } }, BOTH).reviewers).toEqual(['anthropic:claude-sonnet-5-5']);
  });

  it('names only the missing role when the rest is configured', () => {
    const error = thrown(() => roles({ models: { planner: 'ollama:a', implementer: 'ollama:b' } }, {}));
    expect(error.message).toMatch(/^no model is configured for reviewers:/);
  });
});

describe('priority: CLI, then tandem.yaml, then defaults', () => {
  const yaml = { models: { planner: 'anthropic:claude-opus-5-5', implementer: { model: 'ollama:qwen2.5-coder:32b', effort: 'high' }, reviewers: ['openai:gpt-5'] } };

  it('tandem.yaml wins over the defaults, with effort and maxTokens per role', () => {
    const resolved = resolveRoles({ config: tandemConfigSchema.parse(yaml), env: BOTH });
    expect(resolved.planner.spec).toBe('anthropic:claude-opus-5-5');
    expect(resolved.implementer).toMatchObject({ spec: 'ollama:qwen2.5-coder:32b', reasoningEffort: 'high' });
    expect(resolved.reviewers.map((m) => m.spec)).toEqual(['openai:gpt-5']);
  });

  it('flags win over tandem.yaml; --reviewer is repeatable and replaces the list', () => {
    const overrides = { planner: 'openai:gpt-5-mini', implementer: 'anthropic:claude-sonnet-5-5', reviewers: ['openai:gpt-5', 'ollama:llama3.1:70b'] };
    expect(roles(yaml, BOTH, overrides)).toEqual({
      planner: 'openai:gpt-5-mini', implementer: 'anthropic:claude-sonnet-5-5', reviewers: ['openai:gpt-5', 'ollama:llama3.1:70b'],
    });
  });

  it('an empty --reviewer list falls back to tandem.yaml; duplicate reviewers collapse', () => {
    expect(roles(yaml, BOTH, { reviewers: [] }).reviewers).toEqual(['openai:gpt-5']);
    expect(roles({ models: { reviewers: ['openai:gpt-5', 'OpenAI:gpt-5'] } }, BOTH).reviewers).toEqual(['openai:gpt-5']);
  });
});

describe('cross-review rule', () => {
  it('rejects a reviewer equal to the implementer', () => {
    const error = thrown(() => roles({ models: { implementer: 'openai:gpt-5', reviewers: ['anthropic:claude-opus-5-5', 'openai:gpt-5'] } }, BOTH));
    expect(error.code).toBe('REVIEWER_IS_IMPLEMENTER');
    expect(error.message).toBe(
      "models.reviewers[1]: reviewer openai:gpt-5 is the same model as the implementer (models.implementer); Tandem's cross-review needs a different model to approve each task",
    );
    expect(error.hint).toContain('allowSameModelReview');
  });

  it('sees through aliases', () => {
    const yaml = { aliases: { coder: 'ollama:qwen2.5-coder:32b', checker: { model: 'coder', effort: 'high' } }, models: { implementer: 'coder', reviewers: ['checker'] } };
    expect(thrown(() => roles(yaml, {})).code).toBe('REVIEWER_IS_IMPLEMENTER');
  });

  it('applies to CLI overrides', () => {
    expect(thrown(() => roles({}, BOTH, { reviewers: ['anthropic:claude-sonnet-5-5'] })).code).toBe('REVIEWER_IS_IMPLEMENTER');
    expect(thrown(() => roles({}, BOTH, { implementer: 'openai:gpt-5' , reviewers: ['openai:gpt-5'] })).code).toBe('REVIEWER_IS_IMPLEMENTER');
  });

  it('is allowed with the explicit opt-out, in tandem.yaml or by flag', () => {
    const same = { implementer: 'openai:gpt-5', reviewers: ['openai:gpt-5'] };
    expect(roles({ models: { ...same, allowSameModelReview: true } }, OPENAI).reviewers).toEqual(['openai:gpt-5']);
    expect(roles({ models: same }, OPENAI, { allowSameModelReview: true }).reviewers).toEqual(['openai:gpt-5']);
  });

  it('picks a plan critic that is not the planner', () => {
    const resolved = resolveRoles({ config: tandemConfigSchema.parse({}), env: BOTH });
    expect(planReviewer(resolved).spec).toBe('anthropic:claude-sonnet-5-5');
    const lone = resolveRoles({ config: tandemConfigSchema.parse({ models: { planner: 'ollama:a', implementer: 'ollama:a', reviewers: ['ollama:a'], allowSameModelReview: true } }), env: {} });
    expect(thrown(() => planReviewer(lone)).code).toBe('REVIEWER_IS_PLANNER');
    expect(planReviewer(lone, { allowSameModelReview: true }).spec).toBe('ollama:a');
  });
});

describe('assertKeysPresent', () => {
  it('names every missing variable and the roles needing it, never a key value', () => {
    const resolved = resolveRoles({ config: tandemConfigSchema.parse({}), env: BOTH });
    const error = thrown(() => assertKeysPresent(resolved, OPENAI));
    expect(error.code).toBe('API_KEY_MISSING');
    expect(error.message).toBe('API key not set: ANTHROPIC_API_KEY (needed by implementer anthropic:claude-sonnet-5-5)');
    expect(JSON.stringify({ ...error, message: error.message, hint: error.hint })).not.toContain('sk-');
    expect(() => assertKeysPresent(resolved, BOTH)).not.toThrow();
  });

  it('needs nothing for ollama or keyless endpoints, and checks named endpoint keys', () => {
    const config = tandemConfigSchema.parse({
      providers: { vllm: { baseUrl: 'http://gpu:8000/v1', apiKeyEnv: 'VLLM_API_KEY' } },
      models: { planner: 'ollama:a', implementer: 'ollama:b', reviewers: ['vllm:c'] },
    });
    const resolved = resolveRoles({ config, env: {} });
    expect(() => assertKeysPresent([resolved.planner, resolved.implementer], {})).not.toThrow();
    expect(thrown(() => assertKeysPresent(resolved, {})).message).toContain('VLLM_API_KEY (needed by reviewer vllm:c)');
  });
});

describe('planner fallback', () => {
  it('uses the implementer when no planner is configured and no key gives a default', () => {
    expect(roles({ models: { implementer: 'ollama:a', reviewers: ['ollama:b'] } }, {}).planner).toBe('ollama:a');
  });
});
