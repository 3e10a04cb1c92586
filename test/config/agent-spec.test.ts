import { describe, expect, it } from 'vitest';
import { resolveRoles } from '../../config/roles.js';
import { tandemConfigSchema } from '../../config/schema.js';
import { thrown } from '../support/thrown.js';

const BOTH = { OPENAI_API_KEY: 'sk-test-openai', ANTHROPIC_API_KEY: 'sk-ant-test' };

function resolve(models: Record<string, unknown>, overrides: { implementer?: string; reviewers?: string[] } = {}) {
  return resolveRoles({ config: tandemConfigSchema.parse({ models }), env: BOTH, overrides });
}

describe('agents as roles', () => {
  it('tandem.yaml { agent, model, effort } is the agent pointed at its vendor’s model', () => {
    const roles = resolve({ implementer: { agent: 'codex', model: 'gpt-5.4', effort: 'high' }, reviewers: [{ agent: 'claude-code' }] });
    expect(roles.implementer).toMatchObject({ spec: 'agent:codex/gpt-5.4', agent: 'codex', kind: 'openai', model: 'gpt-5.4', apiKeyEnv: 'OPENAI_API_KEY', reasoningEffort: 'high' });
    expect(roles.implementer.price?.inputPerMTok).toBeGreaterThan(0);
    expect(roles.reviewers[0]).toMatchObject({ spec: 'agent:claude-code/claude-sonnet-5-5', agent: 'claude-code', kind: 'anthropic', apiKeyEnv: 'ANTHROPIC_API_KEY' });
  });

  it('the CLI spelling agent:<name>/<model> cannot be read as a provider', () => {
    const roles = resolve({}, { implementer: 'agent:claude-code/claude-sonnet-5-5', reviewers: ['agent:codex'] });
    expect(roles.implementer.spec).toBe('agent:claude-code/claude-sonnet-5-5');
    expect(roles.reviewers[0]?.spec).toBe('agent:codex/gpt-5.6-sol');
  });

  it('an agent and the same model through Tandem’s own loop are the same reviewer: refused as for built-in roles', () => {
    for (const [implementer, reviewer] of [
      ['agent:codex/gpt-5.4', 'openai:gpt-5.4'],
      ['openai:gpt-5.4', 'agent:codex/gpt-5.4'],
      ['agent:claude-code/claude-sonnet-5-5', 'anthropic:claude-sonnet-5-5'],
      ['agent:codex/gpt-5.4', 'agent:codex/openai:gpt-5.4'],
    ] as const) {
      const error = thrown(() => resolve({}, { implementer, reviewers: [reviewer] }));
      expect(error.code, `${implementer} reviewed by ${reviewer}`).toBe('REVIEWER_IS_IMPLEMENTER');
      expect(error.exitCode).toBe(2);
    }
    const error = thrown(() => resolve({}, { implementer: 'agent:codex/gpt-5.4', reviewers: ['openai:gpt-5.4'] }));
    expect(error.message).toContain('--reviewer: reviewer openai:gpt-5.4 is the same model as the implementer (--implementer: agent:codex/gpt-5.4; both run openai:gpt-5.4)');
  });

  it('another model, or the same id at another endpoint, may review an agent', () => {
    expect(resolve({}, { implementer: 'agent:codex/gpt-5.4', reviewers: ['openai:gpt-5.4-mini', 'agent:claude-code'] }).reviewers.map((r) => r.spec)).toEqual(['openai:gpt-5.4-mini', 'agent:claude-code/claude-sonnet-5-5']);
    const roles = resolveRoles({
      config: tandemConfigSchema.parse({ models: { implementer: 'agent:codex/gpt-5.4', reviewers: ['lab:gpt-5.4'] }, providers: { lab: { baseUrl: 'http://127.0.0.1:9/v1' } } }),
      env: BOTH,
    });
    expect(roles.reviewers[0]?.spec).toBe('lab:gpt-5.4');
  });

  it('the default reviewer skips the model an agent implementer runs', () => {
    const roles = resolveRoles({ config: tandemConfigSchema.parse({ models: {} }), env: { OPENAI_API_KEY: 'sk-test-openai' }, overrides: { implementer: 'agent:codex/gpt-5.6-terra' } });
    expect(roles.reviewers.map((r) => r.spec)).toEqual(['openai:gpt-5.6-sol']);
  });

  it('allowSameModelReview lets an agent review its own model’s work', () => {
    const roles = resolve({ allowSameModelReview: true }, { implementer: 'agent:codex/gpt-5.4', reviewers: ['openai:gpt-5.4'] });
    expect(roles.reviewers.map((r) => r.spec)).toEqual(['openai:gpt-5.4']);
  });

  it('an unknown agent is a usage error (exit 2) naming the known ones', () => {
    const error = thrown(() => resolve({ implementer: { agent: 'cursor' }, reviewers: ['openai:gpt-5.4'] }));
    expect(error.code).toBe('AGENT_UNKNOWN');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('known agents: codex, claude-code');
  });

  it('an agent pointed at another vendor’s model is refused', () => {
    const error = thrown(() => resolve({}, { implementer: 'agent:codex/anthropic:claude-sonnet-5-5', reviewers: ['openai:gpt-5.4'] }));
    expect(error.code).toBe('MODEL_SPEC_INVALID');
    expect(error.message).toContain('only the OpenAI Responses API');
  });
});
