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

  it('an agent and the same model through Tandem’s own loop are different reviewers', () => {
    const roles = resolve({}, { implementer: 'agent:codex/gpt-5.4', reviewers: ['openai:gpt-5.4'] });
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
