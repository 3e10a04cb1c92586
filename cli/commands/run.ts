/**
 * `tandem run TODO.md`: preflight, then start (or attach to) the plan's run
 * workflow and follow it with a worker in this process.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { preflight } from '../../git/preflight.js';
import { defaultRunBranch, planSlug } from '../../git/slug.js';
import type { ReadConfigResult } from '../../config/load.js';
import { sandboxPolicy } from '../../contracts/sandbox.js';
import { ZERO_SPEND, type RunSettings, type RunStatus } from '../../contracts/run.js';
import { runAttributes, startAttributes } from '../../contracts/search-attributes.js';
import { ensureSearchAttributes } from '../../temporal/search-attribute-check.js';
import { encryptionKeySetting } from '../../settings/environment.js';
import { assertSandboxAvailable } from '../../exec/sandbox-probe.js';
import { assertKeysPresent } from '../../config/roles.js';
import { assertAgentsInstalled } from '../../agents/binary.js';
import { parseTodo, type TodoTask } from '../../plan/index.js';
import type { RunResult, RunWorkflowInput } from '../../workflows/run.js';
import { addDevServerFlags } from '../options.js';
import { warnUnknownPrices } from '../output/price-warnings.js';
import { workflowFailureToError } from '../output/workflow-failure.js';
import { followRun } from '../run/follow-run.js';
import { planDeps } from '../run/plan-deps.js';
import { providerPausedError } from '../run/provider-paused.js';
import { checkMcpServers } from '../run/mcp-preflight.js';
import { checkPullRequestTarget } from '../run/pr-preflight.js';
import { approvalSettings } from '../run/approval-settings.js';
import { runSettings, withEndpoints } from '../run/run-settings.js';
import { assertLanesCanReplace, parallelSetting } from '../run/parallel-setting.js';
import { checkRunFlags } from '../run/flag-checks.js';
import { dirtyTreeNote } from '../run/dirty-tree-note.js';
import { removeLeftoverWorktrees } from '../run/leftover-worktrees.js';
import { ignoredDependenciesNote } from '../run/ignored-deps-note.js';
import { runRemote, startOnRemote, type RemoteFlags } from '../run/remote-setting.js';
import { assertTestCommandExists, warnIfNoTestCommand } from '../run/test-command.js';
import { readPlanText } from '../run/read-plan.js';
import { forgetStickyWorker, heartbeatSeconds, Interrupted, openSession, uiLink, withLocalWorker, type Session, type SessionFlags } from '../session.js';
import { canReplayHere } from '../../worker/replay-check.js';
import { keepModelsMissing, readCommandConfig } from '../config-flags.js';
import { findOpenWorkflow, type OpenWorkflow } from '../run/open-workflow.js';
import { configDriftNote, loadRunConfig, settingFlagsGiven, settingsDifferError, wantedRun, type RunIntentFlags } from '../run/run-intent.js';
import { formatChanges, runSettingsDiff, type RunIntent, type SettingChange } from '../run/settings-diff.js';
import { cancelAndWait } from '../run/cancel-run.js';
import { formatFinalSummary } from '../run/format.js';
import { currentBranch } from '../../git/refs.js';
import { gitRoot, newJournalDir, relativeInside, runWorkflowId, workspaceRootFor } from '../workspace.js';
import { WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import { EXIT, TandemError } from '../../errors/tandem-error.js';
import type { ReleaseFileLock } from '../../temporal/file-lock.js';
import { lockRunStart, StartWaitInterrupted } from '../run/start-lock.js';
import { EXIT_CODES_HELP } from '../output/exit-codes-help.js';
import { ON_FAILURE_MODES } from '../../contracts/choices.js';
import { workflowTaskQueue } from '../../worker/task-queue.js';
import { assertEndpointsHere, noWorkerNote, runRoles } from '../run/run-queue.js';

export interface RunFlags extends SessionFlags, RunIntentFlags, RemoteFlags {
  allowFailingBaseline?: boolean;
  json?: boolean;
  /** Cancel the open run of this plan (rolling its running task back), then start a new one. */
  restart?: boolean;
  /** Not a flag: another `tandem run` of the plan started the run between this one's look and its start. */
  lostStartRace?: boolean;
}

type ConfigFiles = Pick<ReadConfigResult, 'configFile' | 'userConfigFile'>;

export function registerRunCommand(program: Command): void {
  addDevServerFlags(
    program
      .command('run')
      .description('execute a plan task by task: implement, test, cross-review, commit or roll back')
      .argument('[plan]', 'the plan file', 'TODO.md')
      .option('--branch <name>', 'branch to work on (default: tandem/<plan-slug>)')
      .option('--test <command>', 'project test command (default: `test:` in tandem.yaml)')
      .option('--implementer <model>', 'implementer model, e.g. anthropic:claude-sonnet-5-5, or an agent: agent:codex/gpt-5.4, agent:claude-code')
      .option('--reviewer <model>', 'reviewer model, repeatable; never the implementer', collect)
      .option('--max-attempts <n>', 'attempts per task before rolling back')
      .option('--on-failure <policy>', `after a task fails: ${ON_FAILURE_MODES.join(' | ')}`)
      .option('--budget <usd>', 'run budget in USD; the run pauses when it is reached', undefined)
      .option('--budget-tokens <n>', 'run budget in tokens')
      .option('--task-budget <usd>', 'per-task budget in USD')
      .option('--task-budget-tokens <n>', 'per-task budget in tokens')
      .option('--notify <target>', 'tell someone when the run pauses, a task fails or the run ends: a webhook URL (Slack or JSON) or "desktop"; repeatable', collect)
      .option('--approve <gates>', 'wait for `tandem approve` at: plan (before the first task), each (before each commit), final (before the run completes); repeatable or a comma list', collect)
      .option('--approve-remind <duration>', 'while waiting for approval, notify again this often (e.g. 4h)')
      .option('--pr', 'when every task is committed, push the branch and open its pull request (or update the open one); the remote and token are checked before the run starts; see `tandem pr`')
      .option('--pr-remote <name>', 'the remote --pr pushes to (default: the branch\'s upstream, else origin); implies --pr')
      .option('--remote <name>', 'the git remote the run branch travels through, so `tandem worker --repo <URL>` on other machines can serve the run (docs/many-machines.md)')
      .option('--parallel <n>', `run up to n tasks at once (1-16, default 1), each in a git worktree of its own; your checkout is left alone and may have uncommitted changes (docs/parallel.md)`)
      .option('--in-checkout', 'work in your checkout instead of a worktree: one task at a time, on the run branch, from a clean tree (as runs did before worktrees; run.workspace: checkout)')
      .option('--converge-rounds <n>', 'after the last task a reviewer of another vendor checks the branch against the design; gaps become follow-up tasks, then it checks again: N rounds of follow-ups (default 1; 0 turns the review off)')
      .option('--allow-failing-baseline', 'start even though the tests already fail')
      .option('--restart', 'if a run of this plan is open, cancel it (rolling back its running task) and start again with these settings')
      .option('--allow-same-model-review', 'let the implementer review its own work (not recommended)')
      .option('--config <file>', 'tandem.yaml to use')
      .option('--no-sandbox', 'run model-written commands WITHOUT the bubblewrap sandbox (they can read your files and use the network)')
      .option('--trust-repo-config', "accept settings in the repository's tandem.yaml that weaken the sandbox or send keys elsewhere")
      .option('--task-queue <name>', 'task queue (default: tandem.yaml, TANDEM_TASK_QUEUE or "tandem")')
      .option('--no-worker', 'do not run a worker in this process; prints the `tandem worker --task-queue` command that serves the run')
      .option('--json', 'print progress as JSON events, one per line')
      .addHelpText(
        'after',
        '\nExamples:\n  tandem run                      # runs TODO.md in the current repository\n  tandem run plans/auth.md --test "npm test" --on-failure continue\n  tandem run --implementer anthropic:claude-sonnet-5-5 --reviewer openai:gpt-5.6-sol --budget 10\n  tandem run --test "npm test" --restart   # replace the open run with new settings\n  tandem run --parallel 4         # up to 4 tasks at once, each in a worktree; your checkout is left alone\n  tandem run --in-checkout        # one task at a time on the run branch in your checkout (needs a clean tree)\n\nOne run per plan: while a run of the plan is open, `tandem run` without setting flags attaches to it with its recorded settings; different settings are refused (the differences are listed) unless --restart.\n\n' +
          `${EXIT_CODES_HELP}\n`,
      ),
  ).action(async (plan: string, flags: RunFlags) => {
    process.exitCode = await runCommand(plan, {
      ...flags,
      budgetUsd: (flags as { budget?: string }).budget,
      taskBudgetUsd: (flags as { taskBudget?: string }).taskBudget,
    });
  });
}

/** What a start that another `tandem run` of the plan beat returns: this command then attaches to that run. */
const LOST_START_RACE = Symbol('lost the start race');

export async function runCommand(planArg: string, flags: RunFlags): Promise<number> {
  const outcome = await runOnce(planArg, flags);
  if (outcome !== LOST_START_RACE) return outcome;
  // Attach as a command started a moment later would: this one's flags compared with the run's, and
  // no --restart of a run that has only just started.
  const attached = await runOnce(planArg, { ...flags, restart: false, lostStartRace: true });
  if (attached === LOST_START_RACE) throw new Error('unreachable: a second start race');
  return attached;
}

async function runOnce(planArg: string, flags: RunFlags): Promise<number | typeof LOST_START_RACE> {
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
  // A bad flag fails before any server is contacted; runSettings reads the values again.
  await checkRunFlags(repo, flags);
  const planRelPath = relativeInside(repo, planPath, 'plan file');
  const slug = planSlug(planRelPath, doc.title);
  const files = await readCommandConfig(repo, flags);
  // Fail before any server starts, except for models: an open run brings its own.
  const config = await loadRunConfig(repo, flags).catch(keepModelsMissing);
  approvalSettings(files.config.run, flags); // a bad --approve fails here, before a server starts
  const remote = await runRemote(repo, files.config.run, flags, parallelSetting(files.config.run, flags).parallel); // and lanes with --approve each, a remote without lanes

  const session = await openSession(flags, files.config.temporal.taskQueue, { metrics: flags.worker !== false });
  const workflowId = runWorkflowId(repo, planRelPath);
  // A new run gets a queue of its own, so no other run's worker takes its activities, unless the user chose one to share.
  const newQueue = session.chosenTaskQueue ?? workflowTaskQueue(workflowId);
  // Where the run works, for the hint of a failure: a worktree lacks the checkout's ignored files.
  let settingsInUse: RunSettings | undefined;
  let runBranch: string | undefined;
  let releaseStart: ReleaseFileLock | undefined;
  try {
    // Before anything starts: a run upserting attributes the server lacks would stall on every workflow task.
    await checkSearchAttributes(session);
    releaseStart = await lockRunStart(workflowId, planArg);
    let open = await findOpenWorkflow<RunWorkflowInput>(session.temporal.client, workflowId);
    const branch = flags.branch ?? open?.input.location.branch ?? defaultRunBranch(slug);
    runBranch = branch;
    let settings: RunSettings;
    if (open && (flags.restart === true || settingFlagsGiven(flags))) {
      const recorded = openIntent(open);
      // A new run would go on this command's queue; without --task-queue or --restart the open run's queue stands (its workers poll it).
      const taskQueue = flags.taskQueue !== undefined || flags.restart === true ? newQueue : open.taskQueue;
      const wanted = await wantedRun({ repo, flags, branch, taskQueue, open: recorded, heartbeatSeconds: heartbeatSeconds() });
      if (flags.restart !== true && wanted.changes.length > 0) throw settingsDifferError({ planArg, workflowId, changes: wanted.changes });
      settings = flags.restart === true ? withEndpoints(wanted.settings) : open.input.settings;
      if (flags.restart === true) {
        // Refused before the open run is cancelled, not after (preflight checks it again).
        if (settings.parallel !== undefined) await assertLanesCanReplace({ repo, branch, planArg, parallel: settings.parallel });
        if (flags.worker !== false) process.stderr.write((await checkPullRequestTarget({ settings, repo, branch })) ?? '');
        await restart(session, open, wanted.changes, flags);
        open = undefined;
      }
    } else if (open) {
      // `--in-checkout` alone attaches to a run in the checkout, and is refused, never dropped, for a run in worktrees.
      if (flags.inCheckout === true && open.input.settings.parallel !== undefined) {
        const recorded = openIntent(open);
        throw settingsDifferError({ planArg, workflowId, changes: runSettingsDiff(recorded, { ...recorded, settings: { ...recorded.settings, parallel: undefined } }) });
      }
      // Resuming: the run goes on with what it was started with, models included; nothing needs repeating.
      settings = open.input.settings;
      const note = await configDriftNote({ repo, planArg, open: openIntent(open), heartbeatSeconds: heartbeatSeconds() });
      if (note) process.stderr.write(note);
    } else {
      if (config instanceof TandemError) throw config;
      settings = withEndpoints(runSettings(config, flags, heartbeatSeconds()));
      if (flags.worker !== false) process.stderr.write((await checkPullRequestTarget({ settings, repo, branch })) ?? '');
    }
    settingsInUse = settings;
    assertKeysPresent({ implementer: settings.implementer, reviewers: settings.reviewers }, process.env);
    // Attaching a local worker whose keys are not the run's: it would only refuse the run's calls.
    if (open && flags.worker !== false) assertEndpointsHere(runRoles(settings), { name: `run of ${planArg}`, command: `tandem run ${planArg}` });
    assertAgentsInstalled([settings.implementer, ...settings.reviewers], process.env);
    warnUnknownPrices([settings.implementer, ...settings.reviewers]);
    warnIfNoTestCommand({ testCommand: settings.testCommand, flag: flags.test, configured: files.config.test });
    // Fail closed before anything starts: another machine's worker has its own sandbox, checked where it runs.
    if (flags.worker !== false) await checkSandbox(settings, flags, files);
    // MCP servers start in this machine's worker: check them here, before the first task.
    if (flags.worker !== false) for (const warning of await checkMcpServers(settings, repo)) process.stderr.write(warning);

    // A run in progress owns the worktree (it may be mid-task); only a new run needs a clean start.
    // With lanes the run works in worktrees of its own: the checkout is never switched, so it may be dirty.
    const inWorktrees = settings.parallel !== undefined;
    let startBranch: string | undefined;
    if (!open) {
      // A closed run in worktrees may have left its run worktree holding the branch this run checks out here.
      if (!inWorktrees) await removeLeftoverWorktrees({ repo, workflowId, branch });
      startBranch = inWorktrees ? undefined : ((await currentBranch({ repo })) ?? undefined);
      const sandboxed = sandboxPolicy(settings.sandbox).kind === 'bwrap';
      const pre = await preflight({ repo, planPath, planSlug: slug, branch, runId: workflowId, inWorktrees, sandboxed });
      const note = inWorktrees ? dirtyTreeNote(pre) : undefined;
      if (note) process.stderr.write(note);
      const depsNote = inWorktrees ? await ignoredDependenciesNote(repo, settings.workspaceSetup) : undefined;
      if (depsNote) process.stderr.write(depsNote);
      // Another machine's worker has another PATH: only a local worker's baseline runs what we can check (--test was, by checkRunFlags).
      if (flags.worker !== false && flags.test === undefined) {
        await assertTestCommandExists({ command: settings.testCommand, repo, source: 'test: in tandem.yaml' });
      }
    } else {
      await forgetStickyWorker(session, workflowId);
    }
    const input: RunWorkflowInput = {
      location: {
        repo,
        planRelPath,
        designRelPath: designPathFrom(doc.source),
        branch,
        runId: workflowId,
        journalDir: newJournalDir(workflowId),
        ...(startBranch && startBranch !== branch ? { startBranch } : {}),
        ...(inWorktrees ? { workspaceRoot: workspaceRootFor(workflowId), ...(remote ? { remote } : {}) } : {}),
      },
      settings,
      allowFailingBaseline: flags.allowFailingBaseline === true,
      showBranch: encryptionKeySetting() === undefined,
    };
    if (!open && input.location.remote) await startOnRemote({ repo, branch, planRelPath, runId: workflowId, remote: input.location.remote });
    let handle: WorkflowHandle<(input: RunWorkflowInput) => Promise<RunResult>>;
    try {
      handle = await session.temporal.client.workflow.start<(input: RunWorkflowInput) => Promise<RunResult>>('runWorkflow', {
        workflowId,
        taskQueue: newQueue,
        args: [input],
        // A new run must really be new: a run another `tandem run` started since the look above (one that did not
        // wait for the start lock) is attached to by runCommand.
        workflowIdConflictPolicy: open ? 'USE_EXISTING' : 'FAIL',
        typedSearchAttributes: startAttributes(runAttributes(input.location, settings, plannedStatus(workflowId, doc.tasks), { showBranch: input.showBranch === true })),
        staticSummary: `run ${planRelPath} (${doc.tasks.length} tasks) on ${branch}`,
        staticDetails: `implementer ${settings.implementer.spec} · reviewers ${settings.reviewers.map((r) => r.spec).join(', ')} · tests \`${settings.testCommand ?? 'none'}\`${settings.parallel !== undefined ? ` · lanes ${settings.parallel}` : ''}`,
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError && flags.lostStartRace !== true) return LOST_START_RACE;
      throw error;
    }
    await releaseStart();
    // Attaching: the local worker polls the open run's own queue, whatever this command was told.
    const workerSession = { ...session, taskQueue: open ? open.taskQueue : newQueue };
    if (flags.worker === false) process.stderr.write(noWorkerNote(workerSession.taskQueue, input.location.remote?.url));
    const ui = session.temporal.target.uiUrl ? uiLink(session.temporal.target.uiUrl, session.temporal.namespace, workflowId) : undefined;
    const result = await withLocalWorker(workerSession, flags.worker !== false, () =>
      followRun(handle, {
        attached: open !== undefined,
        ui,
        json: flags.json === true,
        client: session.temporal.client,
        onProviderPause: (status) => providerPausedError(status, planArg),
        plan: planDeps(doc.tasks),
        // Only a local worker runs this process's workflow code; with --no-worker another version may.
        ...(flags.worker !== false ? { canReplayHere: (id: string) => canReplayHere(session.temporal.client, id) } : {}),
      }),
      // The checkout serves `--remote` runs only (an open one too, whatever this command's flags).
      { run: { checkout: repo } },
    );
    return result.status.state === 'completed' ? 0 : 1;
  } catch (error) {
    if (error instanceof StartWaitInterrupted) {
      process.stderr.write(`\nStopped waiting. The other \`tandem run ${planArg}\` goes on starting the run; \`tandem status\` shows it, and \`tandem run ${planArg}\` attaches to it.\n`);
      return EXIT.interrupted;
    }
    if (error instanceof Interrupted) {
      process.stderr.write(
        `\n${flags.worker === false ? '' : 'Stopped the local worker. '}The run itself stays on the Temporal server (${workflowId}).\n` +
          `  resume it: tandem run ${planArg}    (no flags needed: it goes on with its recorded settings; or serve it with \`tandem worker --repo .\`)\n` +
          `  cancel it: tandem cancel${planArg === 'TODO.md' ? '' : ` ${planArg}`} --wait\n`,
      );
      return EXIT.interrupted;
    }
    const failure = workflowFailureToError(error, workflowId, { inWorktree: settingsInUse?.parallel !== undefined });
    // No task ran: the run's worktree goes, so its branch can be checked out (`--in-checkout`, or by hand).
    if (failure instanceof TandemError && failure.code === 'BASELINE_FAILING' && runBranch) await removeLeftoverWorktrees({ repo, workflowId, branch: runBranch }).catch(() => undefined);
    throw failure;
  } finally {
    await releaseStart?.();
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

/** What the open run was started with, in the terms `tandem run` compares. */
function openIntent(open: OpenWorkflow<RunWorkflowInput>): RunIntent {
  return { settings: open.input.settings, branch: open.input.location.branch, taskQueue: open.taskQueue, allowFailingBaseline: open.input.allowFailingBaseline === true };
}

/** --restart: cancels the open run (its running task rolled back) and waits for its end, saying what changes. */
async function restart(session: Session, open: OpenWorkflow<RunWorkflowInput>, changes: SettingChange[], flags: RunFlags): Promise<void> {
  const what = changes.length > 0 ? `, to change:\n${formatChanges(changes)}` : ' (no setting changes)';
  process.stdout.write(`Restarting: cancelling the open run ${open.workflowId}${what}\n`);
  if (flags.worker === false) process.stdout.write('  waiting for a worker on its task queue to roll back its running task…\n');
  const status = await cancelAndWait({ session, workflowId: open.workflowId, taskQueue: open.taskQueue, reason: 'restarted with new settings', localWorker: flags.worker !== false });
  process.stdout.write(`  ${formatFinalSummary(status)}\n`);
}

/** Refuses to start without a working sandbox unless the user turned it off; says so loudly when it is off. */
async function checkSandbox(settings: RunSettings, flags: RunFlags, config: ConfigFiles): Promise<void> {
  if (sandboxPolicy(settings.sandbox).kind === 'bwrap') return assertSandboxAvailable();
  const source = flags.sandbox === false ? '--no-sandbox' : `sandbox: none in ${[config.userConfigFile, config.configFile].filter(Boolean).join(' or ')}`;
  process.stderr.write(`tandem: the sandbox is off (${source}): model-written commands run as you, with your files and the network.\n`);
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
