import { describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../../config/load.js';
import { parseConfig } from '../../config/parse.js';
import { ON_FAILURE_MODES, REVIEW_POLICIES } from '../../contracts/choices.js';
import { SANDBOX_KINDS } from '../../contracts/sandbox.js';
import { checkSettings, commandSettings, type RunSettings } from '../../contracts/run.js';
import { runSettings } from '../../cli/run/run-settings.js';
import { reviewersApprove } from '../../workflows/review-policy.js';
import type { TandemError } from '../../errors/tandem-error.js';

function configError(text: string): TandemError {
  try {
    parseConfig(text, 'tandem.yaml');
  } catch (error) {
    return error as TandemError;
  }
  throw new Error('expected parseConfig to throw');
}

describe('run setting choices', () => {
  it('tandem.yaml accepts every listed choice and rejects others, naming the allowed values', () => {
    for (const policy of REVIEW_POLICIES) expect(parseConfig(`review: { policy: ${policy} }`, 'tandem.yaml').config.review.policy).toBe(policy);
    for (const kind of SANDBOX_KINDS) expect(parseConfig(`sandbox: ${kind}`, 'tandem.yaml').config.sandbox.kind).toBe(kind);
    for (const mode of ON_FAILURE_MODES) expect(parseConfig(`run: { onFailure: ${mode} }`, 'tandem.yaml').config.run.onFailure).toBe(mode);
    expect(configError('review: { policy: most }').message).toMatch(/review\.policy: .*"all"\|"any"\|"majority"/);
    expect(configError('sandbox: docker').message).toMatch(/sandbox(\.kind)?: .*"bwrap"\|"none"/);
  });

  it('every review policy decides: one approval of two passes under any, not under all or majority', () => {
    const split = [{ verdict: 'approve' as const }, { verdict: 'request_changes' as const }];
    expect(Object.fromEntries(REVIEW_POLICIES.map((policy) => [policy, reviewersApprove(split, policy)]))).toEqual({
      all: false,
      any: true,
      majority: false,
    });
  });

  it('--on-failure takes a listed mode, and refuses any other rather than quietly keeping tandem.yaml\'s', () => {
    const parsed = parseConfig('run: { onFailure: continue }', 'tandem.yaml').config;
    // Only onFailure is looked at here; the models do not matter.
    const config: ResolvedConfig = { ...parsed, roles: {} as ResolvedConfig['roles'], configFile: undefined };
    const settingsWith = (onFailure?: string) => runSettings(config, onFailure === undefined ? {} : { onFailure }, 30).onFailure;
    expect(settingsWith('stop')).toBe('stop');
    expect(settingsWith()).toBe('continue');
    expect(() => settingsWith('halt')).toThrow(/--on-failure takes stop or continue, got "halt"/);
  });
});

describe('settings subsets', () => {
  const settings = {
    testCommand: 'npm test',
    testTimeoutSeconds: 600,
    commandTimeoutSeconds: 300,
    sandbox: 'bwrap',
    envAllow: ['DATABASE_URL'],
    reviewPolicy: 'all',
    maxAttempts: 3,
  } as Partial<RunSettings> as RunSettings;

  it('a check gets only what running a check command needs', () => {
    expect(checkSettings(settings)).toEqual({ testCommand: 'npm test', testTimeoutSeconds: 600, sandbox: 'bwrap', envAllow: ['DATABASE_URL'] });
  });

  it('a tool step gets only what running the agent\'s commands needs', () => {
    expect(commandSettings(settings)).toEqual({ sandbox: 'bwrap', envAllow: ['DATABASE_URL'], commandTimeoutSeconds: 300 });
  });
});
