/**
 * Which `tandem run` flags ask for a setting: with any of them, an open run is
 * compared (and refused when it differs) instead of attached to as it is, so
 * a flag missing here would be dropped silently on attach.
 */
import { describe, expect, it } from 'vitest';
import { settingFlagsGiven } from '../../../cli/run/run-intent.js';

describe('settingFlagsGiven', () => {
  it('is false for a plain `tandem run` and for flags that choose no setting', () => {
    expect(settingFlagsGiven({})).toBe(false);
    expect(settingFlagsGiven({ reviewer: [], notify: [], sandbox: true, allowFailingBaseline: false })).toBe(false);
  });

  it.each([
    ['--notify', { notify: ['desktop'] }],
    ['--allow-failing-baseline', { allowFailingBaseline: true }],
    ['--task-queue', { taskQueue: 'night' }],
    ['--test', { test: 'npm test' }],
    ['--reviewer', { reviewer: ['openai:gpt-5'] }],
    ['--no-sandbox', { sandbox: false }],
    ['--converge-rounds', { convergeRounds: '0' }],
    ['--parallel', { parallel: '4' }],
  ])('is true for %s', (_flag, flags) => {
    expect(settingFlagsGiven(flags)).toBe(true);
  });
});
