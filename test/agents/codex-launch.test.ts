/**
 * How Tandem starts codex: inside its bubblewrap sandbox with the gateway to
 * the API (the key a placeholder inside, the real one held by the gateway; the
 * workspace read-only for a review), or, with `sandbox: none`, as it is, with
 * the key in its environment.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GATEWAY_PLACEHOLDER_KEY } from '../../agents/api-gateway.js';
import { codexLaunch } from '../../agents/codex.js';
import { OPENAI_RESPONSES_API } from '../../agents/gateway-routes.js';
import type { AgentLaunchInput } from '../../agents/launch.js';
import type { ResolvedModel } from '../../models/types.js';

const KEY = 'sk-test-real-0123456789';
const root = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-codex-launch-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const model: ResolvedModel = { spec: 'agent:codex/gpt-5.4', providerName: 'openai', kind: 'openai', model: 'gpt-5.4', baseUrl: 'https://gw.example/openai/v1', apiKeyEnv: 'OPENAI_API_KEY', agent: 'codex' };

function launch(mode: AgentLaunchInput['mode'], sandbox: AgentLaunchInput['sandbox']) {
  const home = mkdtempSync(join(root, 'session-'));
  const workspace = mkdtempSync(join(root, 'repo-'));
  return { home, workspace, launch: codexLaunch({ model, workspace, home, prompt: 'p', mode, sandbox, env: { PATH: '/usr/bin:/bin', OPENAI_API_KEY: KEY } }) };
}

/** Whether `args` hold `flag src src` (a bind mount at its own path). */
const binds = (args: string[], flag: string, dir: string) => args.some((arg, i) => arg === flag && args[i + 1] === dir && args[i + 2] === dir);

describe('codex in Tandem’s sandbox', () => {
  it('runs in bwrap behind the gateway: the placeholder inside, the real key only in the gateway’s spec', () => {
    const { launch: codex } = launch('implement', 'bwrap');
    expect(codex.file).toBe('bwrap');
    expect(codex.env.TANDEM_CODEX_API_KEY).toBe(GATEWAY_PLACEHOLDER_KEY);
    expect(JSON.stringify([codex.env, codex.args])).not.toContain(KEY);
    expect(codex.gateway).toMatchObject({ upstream: 'https://gw.example/openai/v1', key: KEY, api: OPENAI_RESPONSES_API });
    expect(codex.args).toEqual(expect.arrayContaining(['--unshare-all', codex.gateway!.socketPath, codex.binary]));
  });

  it('mounts a fresh HOME with only the session’s CODEX_HOME and TMPDIR writable in it, TMPDIR its own', () => {
    const { home, launch: codex } = launch('implement', 'bwrap');
    expect(binds(codex.args, '--bind', home)).toBe(false);
    expect(codex.args.some((arg, i) => arg === '--tmpfs' && codex.args[i + 1] === home)).toBe(true);
    for (const dir of ['codex-home', 'tmp']) expect(binds(codex.args, '--bind', join(home, dir)), dir).toBe(true);
    expect(codex.args.some((arg, i) => arg === '--setenv' && codex.args[i + 1] === 'TMPDIR' && codex.args[i + 2] === join(home, 'tmp'))).toBe(true);
  });

  it('binds the workspace writable to implement and read-only to review', () => {
    const implementing = launch('implement', 'bwrap');
    expect(binds(implementing.launch.args, '--bind', implementing.workspace)).toBe(true);
    const reviewing = launch('review', 'bwrap');
    expect(binds(reviewing.launch.args, '--ro-bind', reviewing.workspace)).toBe(true);
    expect(binds(reviewing.launch.args, '--bind', reviewing.workspace)).toBe(false);
  });
});

describe('codex with sandbox: none', () => {
  it('runs as it is, under its own sandbox, with the key in its environment and no gateway', () => {
    const { workspace, launch: codex } = launch('implement', 'none');
    expect(codex.file).toBe(codex.binary);
    expect(codex.args[0]).toBe('exec');
    expect(codex.env.TANDEM_CODEX_API_KEY).toBe(KEY);
    expect(codex.cwd).toBe(workspace);
    expect(codex.gateway).toBeUndefined();
  });
});
