/** `--converge-rounds` and the converge line the views, the final summary and `tandem status` print. */
import { describe, expect, it } from 'vitest';
import { describeConverge, formatConverge } from '../../../cli/run/converge-line.js';
import { convergeRoundsFlag } from '../../../cli/run/run-settings.js';
import { TandemError } from '../../../errors/tandem-error.js';
import { runCli } from '../../support/cli.js';
import { closedPort } from '../../support/closed-port.js';
import { greekRepo } from '../../run/fixtures.js';

describe('--converge-rounds', () => {
  it('takes 0 (off) to 10', () => {
    expect(convergeRoundsFlag('0')).toBe(0);
    expect(convergeRoundsFlag('2')).toBe(2);
  });

  it.each(['-1', '1.5', 'two', '', '11'])('refuses %j as a usage error (exit 2)', (value) => {
    const error = (() => {
      try {
        convergeRoundsFlag(value);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(TandemError);
    expect((error as TandemError).code).toBe('USAGE');
    expect((error as TandemError).exitCode).toBe(2);
    expect((error as TandemError).message).toContain('--converge-rounds');
  });
});

describe('tandem run --converge-rounds with a bad value', () => {
  it('exits 2 with the flag named, before contacting any server', async () => {
    const repo = await greekRepo();
    const result = await runCli(['run', 'TODO.md', '--converge-rounds', 'many'], { cwd: repo.root, env: { TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}` } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain('error [USAGE]: --converge-rounds must be a whole number from 0 to 10, got "many".');
  });
});

describe('the converge line', () => {
  const base = { round: 2, rounds: 2, missing: [], followUps: ['T4'] };

  it('says plainly what is still missing after the last round', () => {
    const line = describeConverge({ ...base, state: 'missing', missing: ['R4 (missing): d.txt contains "delta"', 'T2/1 (partial): b.txt says beta'] });
    expect(line).toBe('converge round 2 of 2: still not met:\n  - R4 (missing): d.txt contains "delta"\n  - T2/1 (partial): b.txt says beta');
  });

  it('says why it was skipped, and nothing when the run had no converge', () => {
    expect(describeConverge({ ...base, round: 0, state: 'skipped', reason: 'some tasks failed' })).toBe('converge skipped: some tasks failed');
    expect(describeConverge({ ...base, round: 1, state: 'following-up', missing: ['R4 (missing): delta'] })).toBe('converge round 1 of 2: 1 not met; working on follow-ups T4');
    expect(formatConverge({})).toBe('');
  });
});
