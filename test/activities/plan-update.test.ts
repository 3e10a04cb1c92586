/** The run's plan-update activity on a real repository: written and committed once, however often it runs. */
import { describe, expect, it } from 'vitest';
import { applyPlanUpdate } from '../../activities/plan-update.js';
import type { RunLocation } from '../../contracts/run.js';
import type { PlanUpdateRequest } from '../../contracts/plan-update.js';
import { makeRepo } from '../git/helpers.js';

const PLAN = '# Plan: Notes\n\n- [x] T1: Write note one\n  - Depends on: none\n- [ ] T2: Write note two\n  - Depends on: none\n- [ ] T3: Write note three\n  - Depends on: none\n';

const update: PlanUpdateRequest = {
  revision: {
    revised: [{ id: 'T2', title: 'Write note two in capitals', details: '', acceptance: ['two.txt says TWO'], dependsOn: [] }],
    added: [{ id: 'T4', title: 'Write note four', details: '', acceptance: ['four.txt exists'], dependsOn: ['T2'] }],
    dropped: [{ id: 'T3', reason: 'the design no longer asks for it' }],
  },
  summary: 'revised T2 · added T4 · dropped T3',
};

describe('applyPlanUpdate', () => {
  it('writes the revised plan, commits only TODO.md with the run trailer, and a second call changes nothing', async () => {
    const repo = makeRepo();
    repo.commit('the plan', 'TODO.md', PLAN);
    repo.write('scratch.txt', 'not the plan\n');
    const location: RunLocation = { repo: repo.dir, planRelPath: 'TODO.md', branch: 'main', runId: 'tandem/run/test', journalDir: `${repo.dir}/.journal` };

    const first = await applyPlanUpdate({ location, update });
    expect(first.committed).toBe(true);
    expect(repo.read('TODO.md')).toBe(
      '# Plan: Notes\n\n- [x] T1: Write note one\n  - Depends on: none\n' +
        '- [ ] T2: Write note two in capitals\n  - Acceptance:\n    - two.txt says TWO\n  - Depends on: none\n' +
        '- [-] T3: Write note three\n  - Reason: dropped when the plan was updated: the design no longer asks for it\n  - Depends on: none\n' +
        '- [ ] T4: Write note four\n  - Acceptance:\n    - four.txt exists\n  - Depends on: T2\n',
    );
    expect(repo.git('log', '-1', '--format=%s%n%(trailers:key=Tandem-Run,valueonly)').trim()).toBe('Update the plan: revised T2 · added T4 · dropped T3\ntandem/run/test');
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('TODO.md');
    expect(repo.git('status', '--porcelain')).toBe('?? scratch.txt');

    // A retried activity (the worker died after the commit): same head, no second commit.
    const again = await applyPlanUpdate({ location, update });
    expect(again).toEqual({ sha: first.sha, committed: false });
  });
});
