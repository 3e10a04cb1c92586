/**
 * The end of `tandem plan --update` when it asks before writing: "n" leaves
 * TODO.md as it was, "y" writes the revised plan, and with a run open on the
 * plan the question is whether to send the update to that run ("n" sends
 * nothing and writes nothing). The open run is a real workflow on the test
 * dev server that no worker polls; sending to it needs a run worker, which
 * test/plan-workflow and test/run cover end to end.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishPlanUpdate, type UpdateChoices } from '../../../cli/planning/finish-update.js';
import type { Session } from '../../../cli/session.js';
import { runWorkflowId } from '../../../cli/workspace.js';
import type { TemporalConnection } from '../../../temporal/connection.js';
import { createRepo } from '../../support/git-repo.js';
import { connectTestTemporal, uniqueTaskQueue } from '../../support/temporal.js';
import { HALF_DONE, UPDATE, updatedTodo } from '../../plan-workflow/update-plans.js';
import { MAX_PLAN_BYTES } from '../../../cli/run/plan-limits.js';
import type { PlanProposal } from '../../../plan/revision.js';

const SOURCE = 'design.md (sha256 0c0ffee0…) · planner openai:gpt-5';

/** Choices as a terminal user gives them: every question is recorded and answered with `answer`. */
function asking(answer: boolean, overrides: Partial<UpdateChoices> = {}) {
  const questions: string[] = [];
  let output = '';
  const choices: UpdateChoices = {
    yes: false,
    dryRun: false,
    interactive: true,
    confirm: async (question) => {
      questions.push(question);
      return answer;
    },
    write: (text) => {
      output += text;
    },
    ...overrides,
  };
  return { choices, questions, output: () => output };
}

describe('finishPlanUpdate: asking before writing', () => {
  let temporal: TemporalConnection;
  let session: Session;

  beforeAll(async () => {
    temporal = await connectTestTemporal();
    session = { temporal, taskQueue: uniqueTaskQueue('finish-update'), close: async () => {} };
  });

  afterAll(async () => {
    await temporal?.close();
  });

  const finish = (repo: string, choices: UpdateChoices) => finishPlanUpdate({ session, repo, outRelPath: 'TODO.md', proposal: UPDATE, source: SOURCE, choices });

  it('"n" shows the diff, asks to write TODO.md, and leaves it byte for byte as it was', async () => {
    const repo = await createRepo({ 'TODO.md': HALF_DONE });
    const user = asking(false);
    expect(await finish(repo.root, user.choices)).toBe(0);
    expect(user.questions).toEqual(['Write TODO.md? [y/N] ']);
    expect(user.output()).toContain('+- [ ] T3: Add a `lowercase` option');
    expect(user.output()).toContain('Left TODO.md as it was.');
    expect(await readFile(join(repo.root, 'TODO.md'), 'utf8')).toBe(HALF_DONE);
  });

  it('"y" writes the revised plan', async () => {
    const repo = await createRepo({ 'TODO.md': HALF_DONE });
    const user = asking(true);
    expect(await finish(repo.root, user.choices)).toBe(0);
    expect(user.questions).toEqual(['Write TODO.md? [y/N] ']);
    expect(user.output()).toContain('Wrote TODO.md: revised T2 · added T3.');
    expect(await readFile(join(repo.root, 'TODO.md'), 'utf8')).toBe(updatedTodo(SOURCE));
  });

  it('with nobody to ask and no --yes: exit 2, nothing written, no question', async () => {
    const repo = await createRepo({ 'TODO.md': HALF_DONE });
    const user = asking(true, { interactive: false });
    expect(await finish(repo.root, user.choices)).toBe(2);
    expect(user.questions).toEqual([]);
    expect(user.output()).toContain('Run the same command with --yes');
    expect(await readFile(join(repo.root, 'TODO.md'), 'utf8')).toBe(HALF_DONE);
  });

  it('with a run open on the plan it asks to send the update to the run; "n" sends nothing and writes nothing', async () => {
    const repo = await createRepo({ 'TODO.md': HALF_DONE });
    const runId = runWorkflowId(repo.root, 'TODO.md');
    const handle = await temporal.client.workflow.start('tandemRun', { workflowId: runId, taskQueue: uniqueTaskQueue('finish-update-run'), args: [] });
    try {
      const user = asking(false);
      expect(await finish(repo.root, user.choices)).toBe(0);
      expect(user.questions).toEqual([`Send this update to the run in progress (${runId})? [y/N] `]);
      expect(user.output()).toContain('Left TODO.md as it was.');
      expect(await readFile(join(repo.root, 'TODO.md'), 'utf8')).toBe(HALF_DONE);
      const history = await handle.fetchHistory();
      expect(history.events?.some((event) => event.workflowExecutionUpdateAcceptedEventAttributes || event.workflowExecutionUpdateAdmittedEventAttributes)).toBe(false);
    } finally {
      await handle.terminate('test done');
    }
  });

  it('an update that makes the plan too large for a run is refused before the diff, the question, the write or the send', async () => {
    const repo = await createRepo({ 'TODO.md': HALF_DONE });
    const huge: PlanProposal = { ...UPDATE, tasks: [...UPDATE.tasks, { id: 'T4', title: 'Describe everything', details: 'x'.repeat(MAX_PLAN_BYTES), acceptance: ['all of it'], dependsOn: [] }] };
    const runId = runWorkflowId(repo.root, 'TODO.md');
    for (const withRun of [false, true]) {
      const handle = withRun ? await temporal.client.workflow.start('tandemRun', { workflowId: runId, taskQueue: uniqueTaskQueue('finish-update-run'), args: [] }) : undefined;
      try {
        const user = asking(true, { yes: true });
        await expect(finishPlanUpdate({ session, repo: repo.root, outRelPath: 'TODO.md', proposal: huge, source: SOURCE, choices: user.choices })).rejects.toMatchObject({
          code: 'PLAN_TOO_LARGE',
          exitCode: 2,
          message: expect.stringMatching(/^The update makes the plan too large for a run: The plan TODO\.md as this update revises it is \d+ bytes; a run takes plans of up to 800000 bytes/),
          hint: expect.stringContaining('Nothing was written and nothing was sent to a run; TODO.md is as it was.'),
        });
        expect(user.questions).toEqual([]);
        expect(user.output()).not.toContain('+++ b/TODO.md');
        expect(await readFile(join(repo.root, 'TODO.md'), 'utf8')).toBe(HALF_DONE);
        if (handle) expect((await handle.fetchHistory()).events?.some((event) => event.workflowExecutionUpdateAdmittedEventAttributes || event.workflowExecutionUpdateAcceptedEventAttributes)).toBe(false);
      } finally {
        await handle?.terminate('test done');
      }
    }
  });
});
