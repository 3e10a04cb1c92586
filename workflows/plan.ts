/**
 * Turns a design into a plan: the planner drafts, the plan is validated, a
 * different model reviews it against the design, the planner revises, until
 * the reviewer approves or the rounds run out. Then TODO.md is written.
 */
import { ApplicationFailure, patched, proxyActivities, setCurrentDetails, sleep } from '@temporalio/workflow';
import type * as planning from '../activities/planning.js';
import type { EndpointIdentity, ResolvedModel } from '../models/types.js';
import type { Plan, ReviewVerdict } from '../plan/schema.js';
import { formatProvenance, todoToPlan } from '../plan/todo-convert.js';
import { validatePlan } from '../plan/validate.js';
import { applyRevision, planRevision, type PlanProposal } from '../plan/revision.js';
import { revisionProblems } from '../plan/revision-problems.js';
import type { TodoDocument } from '../plan/todo-types.js';
import { bookkeepingOptions, modelCallOptions } from './activity-profiles.js';
import { budgetReached } from './budget.js';
import { addSpend, ZERO_SPEND, type Budget, type Spend } from '../contracts/run.js';
import { endpointRefusal, WORKER_ENDPOINT_PATCH, workerRetryDelay, workerRetryMs } from './worker-endpoint.js';

export interface PlanWorkflowInput {
  repo: string;
  designRelPath: string;
  outRelPath: string;
  journalDir: string;
  planner: ResolvedModel;
  reviewer: ResolvedModel;
  maxRounds: number;
  maxFilesPerTask: number;
  /** How many times the planner may fix a plan that fails validation, per round. */
  maxFixes: number;
  force: number;
  heartbeatTimeoutSeconds: number;
  /** Planning stops revising when its model calls reach this; the best valid plan so far is written. */
  budget?: Budget;
  /**
   * `tandem plan --update`: revise the plan in `outRelPath` for the changed
   * design instead of writing a new one. The workflow writes nothing: it returns
   * the proposal, and the CLI shows the diff, asks, and writes it (or hands it
   * to the run that owns the plan).
   */
  update?: boolean;
  /** Where the planner's and reviewer's calls went, with key fingerprints, when planning started; absent in older plannings. */
  endpoints?: { planner: EndpointIdentity; reviewer: EndpointIdentity };
  /**
   * The longest wait between two tries of a failed model call (TANDEM_MODEL_RETRY_MAX_SECONDS), as for a
   * run; absent (older plannings, or unset) means 120. Only the retry policy reads it: no command changes.
   */
  modelRetryMaxSeconds?: number;
}

export interface PlanWorkflowResult {
  title: string;
  taskCount: number;
  rounds: number;
  approved: boolean;
  reviewSummary: string;
  /** The reviewer this plan actually had; a rerun that attaches may have been given other flags. Absent in results of older runs. */
  reviewer?: string;
  outRelPath: string;
  spend: Spend;
  /** `update` runs only: the planner's revision, for plan/revision.ts to apply to the plan as it is then. */
  proposal?: PlanProposal;
  /** `update` runs only: the `> Source:` line the updated plan gets. */
  source?: string;
}

export async function planWorkflow(input: PlanWorkflowInput): Promise<PlanWorkflowResult> {
  const models = proxyActivities<typeof planning>(modelCallOptions(input));
  const files = proxyActivities<typeof planning>(bookkeepingOptions(input));
  const where = { repo: input.repo, journalDir: input.journalDir };
  let spend = ZERO_SPEND;

  setCurrentDetails('reading the design and the repository');
  const context = await files.readPlanningContext.executeWithOptions({ summary: `read ${input.designRelPath}${input.update ? ` and ${input.outRelPath}` : ''}` }, [
    { ...where, designRelPath: input.designRelPath, ...(input.update ? { currentPlanRelPath: input.outRelPath } : {}) },
  ]);
  // Absent unless updating: then every draft is a revision of this plan, checked against the re-planning rules.
  const current: TodoDocument | undefined = input.update ? context.currentPlan : undefined;

  let round = 1;
  let feedback: string | undefined;
  let previous: Plan | undefined;
  let verdict: ReviewVerdict | undefined;
  let plan: Plan;
  const overBudget = () => budgetReached('plan', input.budget ?? {}, spend);
  let stopped: string | undefined;
  for (;;) {
    plan = await validDraft();
    stopped = overBudget();
    if (stopped) break;
    setCurrentDetails(`round ${round}: ${input.reviewer.spec} reviews ${plan.tasks.length} tasks`);
    // The reviewer sees what it asked for last round, so it checks those answers instead of starting afresh each round.
    const previousReview = round > 1 ? verdict! : undefined;
    // An update is reviewed as the whole plan it makes, done tasks included, so the reviewer can check coverage.
    const reviewed = current ? todoToPlan(applyRevision(current, planRevision(current, asProposal(plan)).revision)) : plan;
    const review = await served(() =>
      models.reviewPlan.executeWithOptions({ summary: `round ${round} · plan review by ${input.reviewer.spec}` }, [
        { ...where, round, reviewer: input.reviewer, plan: reviewed, ...(previousReview ? { previousReview } : {}), ...(input.endpoints ? { endpoint: input.endpoints.reviewer } : {}) },
      ]),
    );
    spend = addSpend(spend, review.spend);
    verdict = review.verdict;
    if (verdict.verdict === 'approve' || round >= input.maxRounds) break;
    stopped = overBudget();
    if (stopped) break;
    previous = plan;
    feedback = reviewFeedback(verdict);
    round++;
  }

  const approved = verdict?.verdict === 'approve';
  const source = formatProvenance({
    design: input.designRelPath,
    sha256: context.designSha256,
    planner: input.planner.spec,
    reviewer: input.reviewer.spec,
    approved,
    rounds: round,
  });
  const reviewSummary = stopped ?? verdict?.summary ?? '';
  if (current) {
    const proposal = asProposal(plan);
    const taskCount = applyRevision(current, planRevision(current, proposal).revision).tasks.length;
    return { title: current.title, taskCount, rounds: round, approved, reviewSummary, reviewer: input.reviewer.spec, outRelPath: input.outRelPath, spend, proposal, source };
  }
  setCurrentDetails(`writing ${input.outRelPath} (${approved ? 'approved' : 'not approved'}, round ${round})`);
  await files.writeTodo.executeWithOptions({ summary: `write ${input.outRelPath}` }, [
    {
      repo: input.repo,
      outRelPath: input.outRelPath,
      force: input.force,
      plan,
      // One Source format for every writer of TODO.md (plan/todo-format.md), not a second spelling here.
      source,
    },
  ]);
  return { title: plan.title, taskCount: plan.tasks.length, rounds: round, approved, reviewSummary, reviewer: input.reviewer.spec, outRelPath: input.outRelPath, spend };

  /** Makes a model call; while the only worker has other keys or endpoints, says so and tries again on a timer. */
  async function served<T>(call: () => Promise<T>): Promise<T> {
    for (let refusals = 1; ; refusals++) {
      try {
        return await call();
      } catch (error) {
        const refusal = endpointRefusal(error);
        if (refusal === undefined || !patched(WORKER_ENDPOINT_PATCH)) throw error;
        setCurrentDetails(`**waiting for a worker** with the planning's keys: ${refusal}`);
        await sleep(workerRetryDelay(workerRetryMs(input.heartbeatTimeoutSeconds), refusals));
      }
    }
  }

  /** A draft (or revision) that passes validation; validation problems go back to the planner as feedback. */
  async function validDraft(): Promise<Plan> {
    for (let fix = 0; ; fix++) {
      setCurrentDetails(`round ${round}: ${input.planner.spec} ${previous ? 'revises' : 'drafts'} the plan`);
      const draft = await served(() =>
        models.draftPlan.executeWithOptions(
          { summary: `round ${round} · ${previous ? 'revise' : 'draft'}${fix ? ` (fix ${fix})` : ''} by ${input.planner.spec}` },
          [{ ...where, round, fix, planner: input.planner, previous, feedback, ...(current ? { update: true } : {}), ...(input.endpoints ? { endpoint: input.endpoints.planner } : {}) }],
        ),
      );
      spend = addSpend(spend, draft.spend);
      const options = { maxFilesPerTask: input.maxFilesPerTask };
      const problems = current ? revisionProblems(current, asProposal(draft.plan), options) : validatePlan(draft.plan, options);
      if (problems.length === 0) return draft.plan;
      const broke = overBudget();
      if (broke) {
        throw ApplicationFailure.create({ type: 'PlanBudgetExhausted', nonRetryable: true, message: `${broke} before the planner produced a valid plan` });
      }
      // The merge keeps done tasks and left-out tasks as they are whatever the planner says: no reason to fail the update.
      if (fix >= input.maxFixes && problems.every((p) => 'enforced' in p && p.enforced)) return draft.plan;
      if (fix >= input.maxFixes) {
        throw ApplicationFailure.create({
          type: 'PlanInvalid',
          nonRetryable: true,
          message: `the planner's plan is still invalid after ${fix + 1} tries:\n${problems.map((p) => `- ${p.taskId ? `${p.taskId}: ` : ''}${p.message}`).join('\n')}`,
        });
      }
      previous = draft.plan;
      feedback = `The plan fails validation. Fix these problems and return the whole corrected plan:\n${problems
        .map((p) => `- ${p.taskId ? `${p.taskId}: ` : ''}${p.message}`)
        .join('\n')}`;
    }
  }
}

function reviewFeedback(verdict: ReviewVerdict): string {
  const comments = verdict.comments.map((c) => `- [${c.severity}] ${c.body}`).join('\n');
  return `A reviewer asked for changes to the plan.\nSummary: ${verdict.summary}\n${comments}\n\nRevise the plan to answer every comment and return the whole revised plan.`;
}

/** An update's draft: the plan the planner returned, with its `dropped` list (empty when the model left it out). */
function asProposal(plan: Plan): PlanProposal {
  const dropped = (plan as Partial<PlanProposal>).dropped;
  return { title: plan.title, tasks: plan.tasks, dropped: Array.isArray(dropped) ? dropped : [] };
}
