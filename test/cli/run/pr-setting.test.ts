import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../../config/load.js';
import { parseConfig } from '../../../config/parse.js';
import { runSettings, type RunSettingFlags } from '../../../cli/run/run-settings.js';
import { runSettingsDiff, type RunIntent } from '../../../cli/run/settings-diff.js';

/** Only `pr` is looked at here; the models do not matter. */
function prFrom(yaml: string, flags: RunSettingFlags = {}) {
  const parsed = parseConfig(yaml, 'tandem.yaml').config;
  const roles = { implementer: { spec: 'openai:gpt-5-mini' }, reviewers: [{ spec: 'anthropic:claude-haiku-4-5' }] } as unknown as ResolvedConfig['roles'];
  const config: ResolvedConfig = { ...parsed, roles, configFile: undefined };
  return runSettings(config, flags, 30);
}

describe('the pull request setting: run.pr in tandem.yaml, then --pr and --pr-remote', () => {
  it('none unless asked for', () => {
    expect(prFrom('').pr).toBeUndefined();
    expect(prFrom('run: { pr: false }').pr).toBeUndefined();
  });

  it('run.pr: true or { remote }, and the flags over it', () => {
    expect(prFrom('run: { pr: true }').pr).toEqual({});
    expect(prFrom('run: { pr: { remote: upstream } }').pr).toEqual({ remote: 'upstream' });
    expect(prFrom('', { pr: true }).pr).toEqual({});
    expect(prFrom('run: { pr: { remote: upstream } }', { prRemote: 'fork' }).pr).toEqual({ remote: 'fork' });
    expect(prFrom('', { prRemote: 'fork' }).pr).toEqual({ remote: 'fork' });
  });

  it('a typo in run.pr is a config error, not a silent no', () => {
    expect(() => prFrom('run: { pr: { remtoe: upstream } }')).toThrow(/remtoe/);
  });

  it('differs from an open run started without it, by name', () => {
    const intent = (settings: ReturnType<typeof prFrom>): RunIntent => ({ settings, branch: 'b', taskQueue: 'q', allowFailingBaseline: false });
    expect(runSettingsDiff(intent(prFrom('')), intent(prFrom('', { prRemote: 'fork' })))).toEqual([
      { setting: 'pull request (--pr, --pr-remote, run.pr)', open: 'none', next: 'open it on fork' },
    ]);
  });
});
