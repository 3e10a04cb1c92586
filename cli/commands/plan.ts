/**
 * `tandem plan design.md`: starts (or re-attaches to) the planning workflow
 * and follows it until TODO.md is written.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { readDesign } from '../../prompts/design.js';
import { utf8TextOf } from '../../exec/utf8-text.js';
import { assertMayOverwrite } from '../../plan/overwrite.js';
import { readTextIfExists } from '../../journal/files.js';
import { assertKeysPresent, planReviewer } from '../../config/roles.js';
import { EXIT, TandemError } from '../../errors/tandem-error.js';
import { positiveInteger, positiveNumber } from '../run/run-settings.js';
import type { PlanWorkflowInput, PlanWorkflowResult } from '../../workflows/plan.js';
import { addDevServerFlags } from '../options.js';
import { followWorkflow } from '../output/follow.js';
import { warnUnknownPrices } from '../output/price-warnings.js';
import { forgetStickyWorker, heartbeatSeconds, Interrupted, openSession, uiLink, withLocalWorker } from '../session.js';
import { modelRetryMaxSecondsSetting } from '../../settings/environment.js';
import { keepModelsMissing, readCommandConfig } from '../config-flags.js';
import { cancelAndWaitPlanning, cancelPlanning } from '../planning/cancel-planning.js';
import { findOpenWorkflow } from '../run/open-workflow.js';
import { formatChanges, valuesDiff } from '../run/settings-diff.js';
import { DEFAULT_MAX_ROUNDS, outGiven, planConfig, planFlagsGiven, planSettings, planSettingsDifferError, type PlanFlags } from '../planning/plan-intent.js';
import { gitRoot, newJournalDir, planWorkflowId, relativeInside } from '../workspace.js';
import { askOnTerminal } from '../init/agents-choice.js';
import { assertCanConfirm, finishPlanUpdate } from '../planning/finish-update.js';
import { updateJournalDir } from '../planning/update-journal.js';
import { formatSpendShort } from '../run/format.js';
import { endpointIdentity } from '../../models/endpoint-identity.js';
import { workflowTaskQueue } from '../../worker/task-queue.js';
import { assertEndpointsHere } from '../run/run-queue.js';
import { readPendingRetry } from '../run/provider-waiting.js';
import { interruptedNote, planningFailureToError } from '../planning/planning-stopped.js';

export type { PlanFlags };

export function registerPlanCommand(program: Command): void {
  addDevServerFlags(
    program
      .command('plan')
      .description('turn a design document into TODO.md: the planner drafts, a different model reviews, the planner revises')
      .argument('<design>', 'the design document (Markdown)')
      .option('-o, --out <file>', 'where to write the plan', 'TODO.md in the repository root')
      .option('--planner <model>', 'planner model, e.g. openai:gpt-5.6-sol')
      .option('--reviewer <model>', 'plan reviewer model (a different model)', collect)
      .option('--max-rounds <n>', 'review rounds before giving up on approval (default: 2)')
      .option('--budget <usd>', 'stop revising once planning has cost this much (default: budget.run in tandem.yaml)')
      .option('--budget-tokens <n>', 'the same, in tokens')
      .option('-f, --force', 'overwrite an existing plan (twice to overwrite one with progress)', increment, 0)
      .option('--config <file>', 'tandem.yaml to use')
      .option('--task-queue <name>', 'task queue (default: tandem.yaml, TANDEM_TASK_QUEUE or "tandem")')
      .option('--no-worker', 'do not run a worker in this process; prints the `tandem worker --task-queue` command that serves the planning')
      .option('--allow-same-model-review', 'let the planner review its own plan (not recommended)')
      .option('--cancel', 'stop the open planning of this design (nothing to roll back: the plan is written only at the end)')
      .option('--restart', 'if this design is being planned, cancel that planning and start again with these settings')
      .option('--update', 'revise the existing plan for a changed design: done tasks stay as they are, pending ones may be revised, new ones are appended; shows the diff and asks before writing')
      .option('-y, --yes', 'with --update: write (or send to the run in progress) without asking')
      .option('--dry-run', 'with --update: print the plan diff and change nothing')
      .option('--trust-repo-config', "accept settings in the repository's tandem.yaml that weaken the sandbox or send keys elsewhere")
      .addHelpText('after', '\nExamples:\n  tandem plan docs/design.md\n  tandem plan design.md --out plans/TODO.md --planner openai:gpt-5.6-sol --reviewer anthropic:claude-opus-5-5\n  tandem plan --cancel design.md\n  tandem plan design.md --update --dry-run\n\nOne planning per design: while one is open, `tandem plan` without setting flags attaches to it with its recorded models; different settings are refused (the differences are listed) unless --restart.\n'),
  ).action(async (design: string, flags: PlanFlags) => {
    process.exitCode = await planCommand(design, flags);
  });
}

export async function planCommand(designArg: string, flags: PlanFlags): Promise<number> {
  if (flags.cancel === true) {
    process.stdout.write(`${await cancelPlanning(designArg, flags)}\n`);
    return 0;
  }
  const designPath = resolve(designArg);
  const repo = (await gitRoot(designPath)) ?? dirname(designPath);
  await readDesign(repo, designPath);
  const designRelPath = relativeInside(repo, designPath, 'design document');
  const outPath = outGiven(flags) ? resolve(flags.out!) : join(repo, 'TODO.md');
  const outRelPath = relativeInside(repo, outPath, 'plan file');
  const existing = await readTextIfExists(outPath).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new TandemError(`${outRelPath} is a directory, not a plan file.`, { code: 'PLAN_IS_DIRECTORY', hint: `Name a file with --out, e.g. --out ${join(outRelPath, 'TODO.md')}.` });
    if (code === 'ENOTDIR') throw new TandemError(`--out ${outRelPath} cannot be a plan file: part of its path is a file, not a directory.`, { code: 'USAGE', hint: 'Name the plan file with --out, e.g. --out plans/TODO.md.' });
    throw error;
  });
  const update = flags.update === true;
  if (!update && (flags.yes === true || flags.dryRun === true)) {
    throw new TandemError(`${flags.dryRun === true ? '--dry-run' : '--yes'} goes with --update: a new plan is written without asking.`, { code: 'USAGE', hint: `e.g. tandem plan ${designArg} --update --dry-run` });
  }
  if (update) {
    if (existing === undefined) {
      throw new TandemError(`There is no plan ${outRelPath} to update.`, { code: 'PLAN_NOT_FOUND', hint: `Run \`tandem plan ${designArg}\` without --update to write one, or name the plan with --out.` });
    }
    // The update is written back into this plan: a lenient read would write U+FFFD over its Latin-1 bytes.
    utf8TextOf(await readFile(outPath), { what: `The plan ${outRelPath}`, path: outRelPath, code: 'PLAN_NOT_UTF8' });
    assertCanConfirm(flags, process.stdin.isTTY === true);
  } else if (existing !== undefined) {
    assertMayOverwrite(existing, outRelPath, flags.force);
  }
  const maxRounds = Number(flags.maxRounds ?? DEFAULT_MAX_ROUNDS);
  if (!Number.isInteger(maxRounds) || maxRounds < 1) {
    throw new TandemError(`--max-rounds must be a whole number ≥ 1, got "${flags.maxRounds}".`, { code: 'USAGE', hint: 'e.g. --max-rounds 3' });
  }
  // Checked before any server is contacted; tandem.yaml's budget.run stands in for a flag not given.
  const budgetFlags = {
    usd: flags.budget !== undefined ? positiveNumber(flags.budget, '--budget') : undefined,
    tokens: flags.budgetTokens !== undefined ? positiveInteger(flags.budgetTokens, '--budget-tokens') : undefined,
  };
  const files = await readCommandConfig(repo, flags);
  // Fail before any server starts, except for models: an open planning brings its own.
  const config = await planConfig(repo, flags).catch(keepModelsMissing);

  const session = await openSession(flags, files.config.temporal.taskQueue, { metrics: flags.worker !== false });
  const workflowId = planWorkflowId(repo, designRelPath);
  // A new planning gets a queue of its own unless the user chose one to share.
  const newQueue = session.chosenTaskQueue ?? workflowTaskQueue(workflowId);
  try {
    let open = await findOpenWorkflow<PlanWorkflowInput>(session.temporal.client, workflowId);
    // Read before anything starts, like a run's (cli/run/run-settings.ts): a bad value is refused at once.
    const modelRetryMaxSeconds = modelRetryMaxSecondsSetting();
    const wanted = async (recorded?: PlanWorkflowInput): Promise<PlanWorkflowInput> => {
      if (config instanceof TandemError && !recorded) throw config;
      const resolved = config instanceof TandemError ? await planConfig(repo, flags, recorded) : config;
      const reviewer = planReviewer(resolved.roles, { allowSameModelReview: resolved.models.allowSameModelReview });
      return {
        repo,
        designRelPath,
        outRelPath,
        // An update asked again for the same design, plan and models (a dry run, then --yes) reuses the journaled model replies.
        journalDir: update ? updateJournalDir(workflowId, { design: await readTextIfExists(designPath), plan: existing, planner: resolved.roles.planner.spec, reviewer: resolved.roles.reviewers.map((r) => r.spec), maxRounds }) : newJournalDir(workflowId),
        planner: resolved.roles.planner,
        reviewer,
        maxRounds,
        maxFilesPerTask: 6,
        maxFixes: 2,
        force: flags.force,
        heartbeatTimeoutSeconds: heartbeatSeconds(),
        ...(modelRetryMaxSeconds !== undefined ? { modelRetryMaxSeconds } : {}),
        ...(update ? { update: true } : {}),
        // This process's endpoints and key fingerprints: workers with others refuse the planning's calls.
        endpoints: { planner: endpointIdentity(resolved.roles.planner, process.env), reviewer: endpointIdentity(reviewer, process.env) },
        budget: { usd: budgetFlags.usd ?? resolved.budget.run?.usd, tokens: budgetFlags.tokens ?? resolved.budget.run?.tokens },
      };
    };
    let input: PlanWorkflowInput;
    if (open && (flags.restart === true || planFlagsGiven(flags))) {
      input = await wanted(open.input);
      const changes = valuesDiff(planSettings(open.input), planSettings(input));
      if (flags.restart !== true && changes.length > 0) throw planSettingsDifferError(designArg, workflowId, changes);
      if (flags.restart === true) {
        process.stdout.write(`Restarting: cancelling the open planning ${workflowId}${changes.length > 0 ? `, to change:\n${formatChanges(changes)}` : ''}\n`);
        await cancelAndWaitPlanning({ session, workflowId, taskQueue: open.taskQueue });
        open = undefined;
      } else {
        input = open.input;
      }
    } else {
      // Resuming: the planning goes on with its recorded models; nothing needs repeating.
      input = open ? open.input : await wanted();
    }
    assertKeysPresent([input.planner, input.reviewer], process.env);
    // Attaching a local worker whose keys are not the planning's: it would only refuse its calls.
    if (open && flags.worker !== false) {
      const roles = [
        { role: 'planner', model: input.planner, recorded: input.endpoints?.planner },
        { role: 'plan reviewer', model: input.reviewer, recorded: input.endpoints?.reviewer },
      ];
      assertEndpointsHere(roles, { name: `planning of ${designArg}`, command: `tandem plan ${designArg}` });
    }
    warnUnknownPrices([input.planner, input.reviewer]);
    if (open) await forgetStickyWorker(session, workflowId);
    const handle = await session.temporal.client.workflow.start<(input: PlanWorkflowInput) => Promise<PlanWorkflowResult>>('planWorkflow', {
      workflowId,
      taskQueue: newQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      staticSummary: `plan ${designRelPath} → ${outRelPath}`,
      staticDetails: `planner ${input.planner.spec} · reviewer ${input.reviewer.spec} · up to ${input.maxRounds} rounds`,
    });
    process.stdout.write(`${open ? 'Attached to' : 'Started'} ${workflowId}\n`);
    if (session.temporal.target.uiUrl) process.stdout.write(`  UI: ${uiLink(session.temporal.target.uiUrl, session.temporal.namespace, workflowId)}\n`);
    // Attaching: the local worker polls the open planning's own queue, whatever this command was told.
    const workerSession = { ...session, taskQueue: open ? open.taskQueue : newQueue };
    if (flags.worker === false) process.stderr.write(`No worker in this process: serve the planning with\n  tandem worker --task-queue ${workerSession.taskQueue}\n`);
    const result = await withLocalWorker(workerSession, flags.worker !== false, () => followWorkflow<PlanWorkflowResult>(handle, { pendingRetry: () => readPendingRetry(session.temporal.client, workflowId) }));
    if (result.proposal) {
      process.stdout.write(
        `Revised the plan for ${designRelPath} · ${result.approved ? `approved by ${result.reviewer ?? input.reviewer.spec} in round ${result.rounds}` : `not approved after ${result.rounds} rounds (${result.reviewSummary})`} · ${formatSpendShort(result.spend)}\n`,
      );
      return await finishPlanUpdate({
        session,
        repo,
        outRelPath: result.outRelPath,
        proposal: result.proposal,
        ...(result.source === undefined ? {} : { source: result.source }),
        choices: {
          yes: flags.yes === true,
          dryRun: flags.dryRun === true,
          interactive: process.stdin.isTTY === true,
          confirm: async (question) => /^y(es)?$/i.test((await askOnTerminal(question)).trim()),
          write: (text) => process.stdout.write(text),
        },
      });
    }
    process.stdout.write(
      `Wrote ${result.outRelPath}: "${result.title}", ${result.taskCount} task${result.taskCount === 1 ? '' : 's'} · ${
        result.approved ? `approved by ${result.reviewer ?? input.reviewer.spec} in round ${result.rounds}` : `not approved after ${result.rounds} rounds (${result.reviewSummary})`
      } · ${formatSpendShort(result.spend)}\n`,
    );
    return 0;
  } catch (error) {
    const planning = { designArg, workflowId, outRelPath, flags };
    if (error instanceof Interrupted) {
      // Ctrl-C stops this process's worker, not the plan: say where it lives and how to pick it up again.
      process.stderr.write(interruptedNote(planning));
      return EXIT.interrupted;
    }
    throw planningFailureToError(error, planning);
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
