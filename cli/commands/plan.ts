/**
 * `tandem plan design.md`: starts (or re-attaches to) the planning workflow
 * and follows it until TODO.md is written.
 */
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { readDesign } from '../../prompts/design.js';
import { assertMayOverwrite } from '../../plan/overwrite.js';
import { readTextIfExists } from '../../journal/files.js';
import { assertKeysPresent, planReviewer } from '../../config/roles.js';
import { TandemError } from '../../errors/tandem-error.js';
import { positiveNumber } from '../run/run-settings.js';
import type { PlanWorkflowInput, PlanWorkflowResult } from '../../workflows/plan.js';
import { addDevServerFlags } from '../options.js';
import { followWorkflow } from '../output/follow.js';
import { warnUnknownPrices } from '../output/price-warnings.js';
import { workflowFailureToError } from '../output/workflow-failure.js';
import { attachSession, heartbeatSeconds, Interrupted, openSession, uiLink, withLocalWorker, type SessionFlags } from '../session.js';
import { loadCommandConfig, type ConfigFlags } from '../config-flags.js';
import { gitRoot, newJournalDir, planWorkflowId, relativeInside } from '../workspace.js';
import { formatSpendShort } from '../run/format.js';

export interface PlanFlags extends SessionFlags, ConfigFlags {
  out?: string;
  planner?: string;
  reviewer?: string[];
  maxRounds: string;
  budget?: string;
  budgetTokens?: string;
  force: number;
  allowSameModelReview?: boolean;
}

export function registerPlanCommand(program: Command): void {
  addDevServerFlags(
    program
      .command('plan')
      .description('turn a design document into TODO.md: the planner drafts, a different model reviews, the planner revises')
      .argument('<design>', 'the design document (Markdown)')
      .option('-o, --out <file>', 'where to write the plan', 'TODO.md in the repository root')
      .option('--planner <model>', 'planner model, e.g. openai:gpt-5')
      .option('--reviewer <model>', 'plan reviewer model (a different model)', collect)
      .option('--max-rounds <n>', 'review rounds before giving up on approval', '2')
      .option('--budget <usd>', 'stop revising once planning has cost this much (default: budget.run in tandem.yaml)')
      .option('--budget-tokens <n>', 'the same, in tokens')
      .option('-f, --force', 'overwrite an existing plan (twice to overwrite one with progress)', increment, 0)
      .option('--config <file>', 'tandem.yaml to use')
      .option('--task-queue <name>', 'task queue (default: tandem.yaml, TANDEM_TASK_QUEUE or "tandem")')
      .option('--no-worker', 'do not run a worker in this process (use `tandem worker` elsewhere)')
      .option('--allow-same-model-review', 'let the planner review its own plan (not recommended)')
      .option('--trust-repo-config', "accept settings in the repository's tandem.yaml that weaken the sandbox or send keys elsewhere")
      .addHelpText('after', '\nExamples:\n  tandem plan docs/design.md\n  tandem plan design.md --out plans/TODO.md --planner openai:gpt-5 --reviewer anthropic:claude-opus-5-5\n'),
  ).action(async (design: string, flags: PlanFlags) => {
    process.exitCode = await planCommand(design, flags);
  });
}

export async function planCommand(designArg: string, flags: PlanFlags): Promise<number> {
  const designPath = resolve(designArg);
  const repo = (await gitRoot(designPath)) ?? dirname(designPath);
  await readDesign(repo, designPath);
  const designRelPath = relativeInside(repo, designPath, 'design document');
  const outPath = flags.out && flags.out !== 'TODO.md in the repository root' ? resolve(flags.out) : join(repo, 'TODO.md');
  const outRelPath = relativeInside(repo, outPath, 'plan file');
  const existing = await readTextIfExists(outPath);
  if (existing !== undefined) assertMayOverwrite(existing, outRelPath, flags.force);
  const maxRounds = Number(flags.maxRounds);
  if (!Number.isInteger(maxRounds) || maxRounds < 1) {
    throw new TandemError(`--max-rounds must be a whole number ≥ 1, got "${flags.maxRounds}".`, { code: 'USAGE', hint: 'e.g. --max-rounds 3' });
  }

  const config = await loadCommandConfig(repo, flags, { planner: flags.planner, reviewers: flags.reviewer, allowSameModelReview: flags.allowSameModelReview });
  const planner = config.roles.planner;
  const reviewer = planReviewer(config.roles, { allowSameModelReview: config.models.allowSameModelReview });
  assertKeysPresent([planner, reviewer], process.env);
  warnUnknownPrices([planner, reviewer]);

  const session = await openSession(flags, config.temporal.taskQueue);
  try {
    const workflowId = planWorkflowId(repo, designRelPath);
    const input: PlanWorkflowInput = {
      repo,
      designRelPath,
      outRelPath,
      journalDir: newJournalDir(workflowId),
      planner,
      reviewer,
      maxRounds,
      maxFilesPerTask: 6,
      maxFixes: 2,
      force: flags.force,
      heartbeatTimeoutSeconds: heartbeatSeconds(),
      budget: {
        usd: flags.budget !== undefined ? positiveNumber(flags.budget, '--budget') : config.budget.run?.usd,
        tokens: flags.budgetTokens !== undefined ? positiveNumber(flags.budgetTokens, '--budget-tokens') : config.budget.run?.tokens,
      },
    };
    const { attached, workerSession } = await attachSession(session, workflowId);
    const handle = await session.temporal.client.workflow.start<(input: PlanWorkflowInput) => Promise<PlanWorkflowResult>>('planWorkflow', {
      workflowId,
      taskQueue: session.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `plan ${designRelPath} → ${outRelPath}`,
      staticDetails: `planner ${planner.spec} · reviewer ${reviewer.spec} · up to ${maxRounds} rounds`,
    });
    process.stdout.write(`${attached ? 'Attached to' : 'Started'} ${workflowId}\n`);
    if (session.temporal.target.uiUrl) process.stdout.write(`  UI: ${uiLink(session.temporal.target.uiUrl, session.temporal.namespace, workflowId)}\n`);
    const result = await withLocalWorker(workerSession, flags.worker !== false, () => followWorkflow<PlanWorkflowResult>(handle));
    process.stdout.write(
      `Wrote ${result.outRelPath}: "${result.title}", ${result.taskCount} task${result.taskCount === 1 ? '' : 's'} · ${
        result.approved ? `approved by ${result.reviewer ?? reviewer.spec} in round ${result.rounds}` : `not approved after ${result.rounds} rounds (${result.reviewSummary})`
      } · ${formatSpendShort(result.spend)}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof Interrupted) {
      // Ctrl-C stops this process's worker, not the plan: say where it lives and how to pick it up again.
      process.stderr.write(
        `\nStopped the local worker. The plan itself stays on the Temporal server (${planWorkflowId(repo, designRelPath)}).\n` +
          `  resume it: run the same \`tandem plan ${designArg}\` again    (or keep a \`tandem worker\` running)\n`,
      );
      return 130;
    }
    throw workflowFailureToError(error, planWorkflowId(repo, designRelPath));
  } finally {
    await session.close();
  }
}

/** No default value given to commander, so help shows no `(default: [])`. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function increment(_: string, previous: number): number {
  return previous + 1;
}
