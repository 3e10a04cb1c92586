/**
 * `tandem run TODO.md`: preflight, then start (or attach to) the plan's run
 * workflow and follow it with a worker in this process.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { preflight } from '../../git/preflight.js';
import { defaultRunBranch, planSlug } from '../../git/slug.js';
import type { ResolvedConfig } from '../../config/load.js';
import { sandboxPolicy } from '../../contracts/sandbox.js';
import { ZERO_SPEND, type RunSettings, type RunStatus } from '../../contracts/run.js';
import { runAttributes, startAttributes } from '../../contracts/search-attributes.js';
import { ensureSearchAttributes } from '../../temporal/search-attribute-check.js';
import { encryptionKeySetting } from '../../settings/environment.js';
import { assertSandboxAvailable } from '../../exec/sandbox-probe.js';
import { assertKeysPresent } from '../../config/roles.js';
import { parseTodo, type TodoTask } from '../../plan/index.js';
import type { RunResult, RunWorkflowInput } from '../../workflows/run.js';
import { addDevServerFlags } from '../options.js';
import { warnUnknownPrices } from '../output/price-warnings.js';
import { workflowFailureToError } from '../output/workflow-failure.js';
import { followRun } from '../run/follow-run.js';
import { providerPausedError } from '../run/provider-paused.js';
import { runSettings, type RunSettingFlags } from '../run/run-settings.js';
import { assertTestCommandExists } from '../run/test-command.js';
import { attachSession, heartbeatSeconds, Interrupted, openSession, uiLink, withLocalWorker, type Session, type SessionFlags } from '../session.js';
import { canReplayHere } from '../../worker/replay-check.js';
import { loadCommandConfig, type ConfigFlags } from '../config-flags.js';
import { gitRoot, newJournalDir, relativeInside, runWorkflowId } from '../workspace.js';
import { TandemError } from '../../errors/tandem-error.js';
import { ON_FAILURE_MODES } from '../../contracts/choices.js';

export interface RunFlags extends SessionFlags, RunSettingFlags, ConfigFlags {
  branch?: string;
  implementer?: string;
  reviewer?: string[];
  allowFailingBaseline?: boolean;
  allowSameModelReview?: boolean;
  json?: boolean;
}

export function registerRunCommand(program: Command): void {
  addDevServerFlags(
    program
      .command('run')
      .description('execute a plan task by task: implement, test, cross-review, commit or roll back')
      .argument('[plan]', 'the plan file', 'TODO.md')
      .option('--branch <name>', 'branch to work on (default: tandem/<plan-slug>)')
      .option('--test <command>', 'project test command (default: `test:` in tandem.yaml)')
      .option('--implementer <model>', 'implementer model, e.g. anthropic:claude-sonnet-5-5')
      .option('--reviewer <model>', 'reviewer model, repeatable; never the implementer', collect)
      .option('--max-attempts <n>', 'attempts per task before rolling back')
      .option('--on-failure <policy>', `after a task fails: ${ON_FAILURE_MODES.join(' | ')}`)
      .option('--budget <usd>', 'run budget in USD; the run pauses when it is reached', undefined)
      .option('--budget-tokens <n>', 'run budget in tokens')
      .option('--task-budget <usd>', 'per-task budget in USD')
      .option('--task-budget-tokens <n>', 'per-task budget in tokens')
      .option('--notify <target>', 'tell someone when the run pauses, a task fails or the run ends: a webhook URL (Slack or JSON) or "desktop"; repeatable', collect)
      .option('--allow-failing-baseline', 'start even though the tests already fail')
      .option('--allow-same-model-review', 'let the implementer review its own work (not recommended)')
      .option('--config <file>', 'tandem.yaml to use')
      .option('--no-sandbox', 'run model-written commands WITHOUT the bubblewrap sandbox (they can read your files and use the network)')
      .option('--trust-repo-config', "accept settings in the repository's tandem.yaml that weaken the sandbox or send keys elsewhere")
      .option('--task-queue <name>', 'task queue (default: tandem.yaml, TANDEM_TASK_QUEUE or "tandem")')
      .option('--no-worker', 'do not run a worker in this process (use `tandem worker` elsewhere)')
      .option('--json', 'print progress as JSON events, one per line')
      .addHelpText(
        'after',
        '\nExamples:\n  tandem run                      # runs TODO.md in the current repository\n  tandem run plans/auth.md --test "npm test" --on-failure continue\n  tandem run --implementer anthropic:claude-sonnet-5-5 --reviewer openai:gpt-5 --budget 10\n\nExit codes: 0 all tasks committed, 1 a task failed, 2 usage or config error, 3 infrastructure unavailable.\n',
      ),
  ).action(async (plan: string, flags: RunFlags) => {
    process.exitCode = await runCommand(plan, {
      ...flags,
      budgetUsd: (flags as { budget?: string }).budget,
      taskBudgetUsd: (flags as { taskBudget?: string }).taskBudget,
    });
  });
}

export async function runCommand(planArg: string, flags: RunFlags): Promise<number> {
  const planPath = resolve(planArg);
  const text = await readPlanText(planPath, planArg);
  const repo = await gitRoot(planPath);
  if (!repo) {
    throw new TandemError(`${planArg} is not inside a git working tree.`, {
      code: 'GIT_NOT_A_REPO',
      hint: 'Tandem commits each task and rolls back failures with git: run `git init` and commit your work first.',
    });
  }
  const doc = parseTodo(text, { file: planArg });
  const planRelPath = relativeInside(repo, planPath, 'plan file');
  const slug = planSlug(planRelPath, doc.title);
  const branch = flags.branch ?? defaultRunBranch(slug);

  const config = await loadCommandConfig(repo, flags, { implementer: flags.implementer, reviewers: flags.reviewer, allowSameModelReview: flags.allowSameModelReview });
  assertKeysPresent({ implementer: config.roles.implementer, reviewers: config.roles.reviewers }, process.env);
  const settings = runSettings(config, flags, heartbeatSeconds());
  warnUnknownPrices([settings.implementer, ...settings.reviewers]);
  // Fail closed before anything starts: another machine's worker has its own sandbox, checked where it runs.
  if (flags.worker !== false) await checkSandbox(settings, flags, config);

  const session = await openSession(flags, config.temporal.taskQueue);
  const workflowId = runWorkflowId(repo, planRelPath);
  try {
    // Before anything starts: a run upserting attributes the server lacks would stall on every workflow task.
    await checkSearchAttributes(session);
    const { attached, workerSession } = await attachSession(session, workflowId);
    // A run in progress owns the worktree (it may be mid-task); only a new run needs a clean start.
    if (!attached) {
      await preflight({ repo, planPath, planSlug: slug, branch, runId: workflowId });
      // Another machine's worker has another PATH: only a local worker's baseline runs what we can check.
      if (flags.worker !== false) {
        await assertTestCommandExists({ command: settings.testCommand, repo, source: flags.test !== undefined ? '--test' : 'test: in tandem.yaml' });
      }
    }
    const input: RunWorkflowInput = {
      location: {
        repo,
        planRelPath,
        designRelPath: designPathFrom(doc.source),
        branch,
        runId: workflowId,
        journalDir: newJournalDir(workflowId),
      },
      settings,
      allowFailingBaseline: flags.allowFailingBaseline === true,
      showBranch: encryptionKeySetting() === undefined,
    };
    const handle = await session.temporal.client.workflow.start<(input: RunWorkflowInput) => Promise<RunResult>>('runWorkflow', {
      workflowId,
      taskQueue: session.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: startAttributes(runAttributes(input.location, settings, plannedStatus(workflowId, doc.tasks), { showBranch: input.showBranch === true })),
      staticSummary: `run ${planRelPath} (${doc.tasks.length} tasks) on ${branch}`,
      staticDetails: `implementer ${settings.implementer.spec} · reviewers ${settings.reviewers.map((r) => r.spec).join(', ')} · tests \`${settings.testCommand ?? 'none'}\``,
    });
    const ui = session.temporal.target.uiUrl ? uiLink(session.temporal.target.uiUrl, session.temporal.namespace, workflowId) : undefined;
    const result = await withLocalWorker(workerSession, flags.worker !== false, () =>
      followRun(handle, {
        attached,
        ui,
        json: flags.json === true,
        client: session.temporal.client,
        onProviderPause: (status) => providerPausedError(status, planArg),
        // Only a local worker runs this process's workflow code; with --no-worker another version may.
        ...(flags.worker !== false ? { canReplayHere: (id: string) => canReplayHere(session.temporal.client, id) } : {}),
      }),
    );
    return result.status.state === 'completed' ? 0 : 1;
  } catch (error) {
    if (error instanceof Interrupted) {
      process.stderr.write(
        `\nStopped the local worker. The run itself stays on the Temporal server (${workflowId}).\n` +
          `  resume it: tandem run ${planArg}    (or keep a \`tandem worker\` running)\n`,
      );
      return 130;
    }
    throw workflowFailureToError(error, workflowId);
  } finally {
    await session.close();
  }
}

async function checkSearchAttributes(session: Session): Promise<void> {
  const check = await ensureSearchAttributes(session.temporal.connection, session.temporal.target);
  if (!check.checked) process.stderr.write(`tandem: could not check the server's search attributes (${check.reason}); \`tandem list\` needs them (docs/operations.md).\n`);
}

/** The status a new run starts from, as far as the plan file tells: its search attributes before the workflow sets its own. */
function plannedStatus(runId: string, tasks: TodoTask[]): RunStatus {
  return {
    runId,
    state: 'running',
    tasks: tasks.map((task) => ({ id: task.id, title: task.title, state: task.status === 'done' ? 'committed' : 'pending', attempts: 0, spend: ZERO_SPEND })),
    spend: ZERO_SPEND,
    budget: {},
  };
}

/** Refuses to start without a working sandbox unless the user turned it off; says so loudly when it is off. */
async function checkSandbox(settings: RunSettings, flags: RunFlags, config: ResolvedConfig): Promise<void> {
  if (sandboxPolicy(settings.sandbox).kind === 'bwrap') return assertSandboxAvailable();
  const source = flags.sandbox === false ? '--no-sandbox' : `sandbox: none in ${[config.userConfigFile, config.configFile].filter(Boolean).join(' or ')}`;
  process.stderr.write(`tandem: the sandbox is off (${source}): model-written commands run as you, with your files and the network.\n`);
}

async function readPlanText(planPath: string, shown: string): Promise<string> {
  try {
    return await readFile(planPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TandemError(code === 'EISDIR' ? `${shown} is a directory, not a plan file.` : `Plan file ${shown} does not exist.`, {
      code: code === 'EISDIR' ? 'PLAN_IS_DIRECTORY' : 'PLAN_NOT_FOUND',
      hint: 'Pass the Markdown plan, or create one with `tandem plan design.md`.',
    });
  }
}

/** The design path from the plan's `> Source: design.md (sha256 …)` line. */
function designPathFrom(source: string | undefined): string | undefined {
  const match = source?.match(/^(?:Source:\s*)?([^\s(·]+)/);
  return match?.[1];
}

/** No default value given to commander, so help shows no `(default: [])`. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
