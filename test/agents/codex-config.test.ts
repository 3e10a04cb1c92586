/**
 * The config.toml Tandem writes for each codex session: the role's effort, the
 * endpoint as the only provider (inside Tandem's sandbox, the gateway's
 * forwarder), and, with `sandbox: none` only, codex's own sandbox that keeps
 * commands in the workspace (no /tmp, no inherited TMPDIR, no network); keys
 * stripped from commands either way.
 */
import { describe, expect, it } from 'vitest';
import { codexConfig, sessionTmpDir } from '../../agents/codex.js';
import { FORWARDER_URL } from '../../agents/gateway-forwarder.js';
import type { AgentLaunchInput } from '../../agents/launch.js';
import type { SandboxSetting } from '../../contracts/sandbox.js';
import { resolveRoles } from '../../config/roles.js';
import { tandemConfigSchema } from '../../config/schema.js';

const ENV = { OPENAI_API_KEY: 'sk-test-openai', ANTHROPIC_API_KEY: 'sk-ant-test' };

function implementer(ref: Record<string, unknown>) {
  const config = tandemConfigSchema.parse({ models: { implementer: ref, reviewers: ['anthropic:claude-haiku-4-5'] } });
  return resolveRoles({ config, env: ENV }).implementer;
}

function configFor(ref: Record<string, unknown>, mode: AgentLaunchInput['mode'] = 'implement', sandbox: SandboxSetting = 'bwrap'): Record<string, Record<string, unknown>> {
  const input: AgentLaunchInput = { model: implementer(ref), workspace: '/work/repo', home: '/var/lib/tandem/agents/s1', prompt: 'p', mode, sandbox, env: ENV };
  return parseFlatToml(codexConfig(input));
}

/** Reads the TOML subset codexConfig writes (tables of `key = <JSON value>`); top-level keys under "". */
function parseFlatToml(text: string): Record<string, Record<string, unknown>> {
  const tables: Record<string, Record<string, unknown>> = { '': {} };
  let table = tables[''];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line.trim());
    if (header) {
      table = tables[header[1]!] = {};
      continue;
    }
    const match = /^([a-z_]+) = (.+)$/.exec(line.trim());
    if (!match) throw new Error(`not key = value: ${line}`);
    table![match[1]!] = JSON.parse(match[2]!);
  }
  return tables;
}

describe('codex config.toml', () => {
  it('carries the role’s effort as model_reasoning_effort, at the top level', () => {
    const toml = configFor({ agent: 'codex', model: 'gpt-5.4', effort: 'high' });
    expect(toml['']).toMatchObject({ model: 'gpt-5.4', model_reasoning_effort: 'high', model_provider: 'tandem', approval_policy: 'never' });
  });

  it('leaves the effort to codex when the role names none', () => {
    expect(configFor({ agent: 'codex', model: 'gpt-5.4' })['']).not.toHaveProperty('model_reasoning_effort');
  });

  it('in Tandem’s sandbox: codex’s own is off (it cannot be the confinement there), for either mode, and the model is told the real rules', () => {
    for (const mode of ['implement', 'review'] as const) {
      const toml = configFor({ agent: 'codex', model: 'gpt-5.4' }, mode);
      expect(toml['']).toMatchObject({ sandbox_mode: 'danger-full-access', approval_policy: 'never', include_permissions_instructions: false });
      expect(toml['']?.developer_instructions).toContain("Tandem's sandbox");
      expect(toml['']?.developer_instructions).toContain('no network');
      expect(toml).not.toHaveProperty('sandbox_workspace_write');
    }
    expect(configFor({ agent: 'codex', model: 'gpt-5.4' }, 'review')['']?.developer_instructions).toContain('may read the workspace but not write it');
  });

  it('in Tandem’s sandbox: the provider is the gateway’s forwarder on the sandbox’s loopback, the key still read from Tandem’s variable', () => {
    expect(configFor({ agent: 'codex', model: 'gpt-5.4' })['model_providers.tandem']).toMatchObject({ base_url: FORWARDER_URL, env_key: 'TANDEM_CODEX_API_KEY', wire_api: 'responses' });
  });

  it('sandbox: none, implementing: codex’s workspace-write without /tmp, the inherited TMPDIR or network; the session’s own TMPDIR is writable', () => {
    const toml = configFor({ agent: 'codex', model: 'gpt-5.4' }, 'implement', 'none');
    expect(toml['']?.sandbox_mode).toBe('workspace-write');
    expect(toml['']).not.toHaveProperty('developer_instructions');
    expect(toml['sandbox_workspace_write']).toEqual({
      network_access: false,
      exclude_slash_tmp: true,
      exclude_tmpdir_env_var: true,
      writable_roots: [sessionTmpDir({ home: '/var/lib/tandem/agents/s1' })],
    });
    expect(sessionTmpDir({ home: '/var/lib/tandem/agents/s1' })).toBe('/var/lib/tandem/agents/s1/tmp');
  });

  it('sandbox: none, reviewing: read-only', () => {
    expect(configFor({ agent: 'codex', model: 'gpt-5.4' }, 'review', 'none')['']?.sandbox_mode).toBe('read-only');
  });

  it('sandbox: none: the endpoint is the only provider, its key read from Tandem’s variable; commands see no keys', () => {
    const toml = configFor({ agent: 'codex', model: 'gpt-5.4' }, 'implement', 'none');
    expect(toml['model_providers.tandem']).toMatchObject({ base_url: 'https://api.openai.com/v1', env_key: 'TANDEM_CODEX_API_KEY', wire_api: 'responses' });
    expect(toml['shell_environment_policy']).toEqual({ inherit: 'core', exclude: ['*KEY*', '*TOKEN*', '*SECRET*'] });
  });

  it('commands see no keys in Tandem’s sandbox either', () => {
    expect(configFor({ agent: 'codex', model: 'gpt-5.4' })['shell_environment_policy']).toEqual({ inherit: 'core', exclude: ['*KEY*', '*TOKEN*', '*SECRET*'] });
  });
});
