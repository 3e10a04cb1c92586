/**
 * An external agent's whole implementation attempt as ONE activity: Codex CLI
 * or Claude Code runs headless in the task's worktree with the attempt's task
 * message (prompts/attempt-prompt.ts, the same one Tandem's own loop gets),
 * heartbeating what its event stream says (tool calls, files, tokens).
 *
 * Durable: the session id is journaled the moment the agent names it. A retry
 * after a worker crash resumes that session (`codex exec resume`, `claude
 * --resume`), so only the turn in flight is paid again; when the agent cannot
 * resume it (its session files are gone, or it fails at once), the worktree is
 * put back as it was when the session started and the attempt starts over.
 * A finished session's result is journaled and returned as is on any later retry.
 */
import { assertRunEndpoint } from '../models/endpoint-guard.js';
import type { EndpointIdentity } from '../models/types.js';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { limitsAfter, runAgentSession, type AgentLimits } from '../agents/session.js';
import type { AgentProgress } from '../agents/progress.js';
import { describeProgress } from '../agents/progress.js';
import { noChangeEnding } from '../agents/no-change-ending.js';
import { mergeChangedFiles, WorkspaceFiles } from '../agents/workspace-files.js';
import { chargedWith, couldNotResume, stopSurvivor, type AgentRun } from '../agents/run-agent.js';
import { readTandemFiles, restoreTandemFiles, tandemFilesOf, type TandemFileContents } from '../agent-tools/tandem-files.js';
import { foldAgentWork, gitMarks, type GitMarks } from '../git/fold-agent-work.js';
import { describeQuarantine, quarantineNestedRepos } from '../git/nested-repos.js';
import { restoreSnapshot, snapshotWorktree } from '../git/snapshot.js';
import { isDirty } from '../git/status.js';
import { readJsonIfExists, writeFileAtomic, writeJsonAtomic } from '../journal/files.js';
import { attemptFiles, journalDirName } from '../journal/layout.js';
import type { PromptRecord } from '../journal/records.js';
import { writePrompt, type PromptInput } from '../prompts/attempt-prompt.js';
import { fillTemplate, loadTemplate } from '../prompts/templates.js';
import { whileHeartbeating } from '../temporal/heartbeat.js';
import { tandemHome } from '../temporal/state-dir.js';
import { spendOf } from '../contracts/spend.js';
import { clip } from '../journal/clip.js';
import type { ResolvedModel } from '../models/types.js';
import type { RunLocation, Spend } from '../contracts/run.js';
import type { SandboxSetting } from '../contracts/sandbox.js';

export interface AgentSessionInput {
  location: RunLocation;
  taskId: string;
  attempt: number;
  agent: ResolvedModel;
  prompt: PromptInput;
  limits: AgentLimits;
  sandbox: SandboxSetting;
  /** The run's recorded endpoint for the implementer; absent in older runs. A worker with other keys refuses. */
  endpoint?: EndpointIdentity;
}

/** The same shape as the built-in loop's result, so the task workflow goes on the same way. */
export interface AgentSessionResult {
  finished: boolean;
  summary: string;
  steps: number;
  spend: Spend;
  changedFiles: boolean;
  sessionId?: string;
}

/** agent-session.json: what a retry needs to resume or restart. */
export interface AgentSessionRecord {
  agent: string;
  startedAt: number;
  /** The snapshot of the worktree when the session started, for a restart. */
  snapshotRef: string;
  marks: GitMarks;
  /** The plan file before the session (journaled, so a retry after a crash puts back the same content). */
  plan: TandemFileContents;
  sessionId?: string;
  /** How many times a worker picked this session up again. */
  resumes: number;
  /** The agent's process group and binary while it runs: a later worker stops a survivor before resuming. */
  process?: { pid: number; binary: string };
}

/** agent-result.json */
export interface AgentResultRecord extends AgentSessionResult {
  finishedAt: number;
  exitCode: number | null;
  stoppedBecause?: string;
  /** The agent's last words: its summary, or what it said when it failed. */
  lastWords: string;
  progress: AgentProgress;
  gitNotes: string[];
}

const RESUME_PROMPT = 'Tandem restarted while you were working on this task. Continue where you left off; when you are done, finish with a short summary of what you changed.';

export async function agentSession(input: AgentSessionInput): Promise<AgentSessionResult> {
  // Before anything: an agent started here would call its API with this worker's keys.
  assertRunEndpoint('implementer', input.agent, input.endpoint);
  const files = attemptFiles(input.location.journalDir, input.taskId, input.attempt);
  const done = await readJsonIfExists<AgentResultRecord>(files.agent.result);
  if (done) return resultOf(done);

  const { repo } = input.location;
  mkdirSync(files.dir, { recursive: true });
  await writePrompt({ ...input, ...input.prompt });
  const home = sessionHome(input);
  let record = await readJsonIfExists<AgentSessionRecord>(files.agent.session);
  let resumeId: string | undefined;
  if (record === undefined) {
    const snapshotRef = `refs/tandem/${journalDirName(input.location.runId)}/${input.taskId}/attempt-${input.attempt}/agent`;
    await snapshotWorktree({ repo, ref: snapshotRef });
    const plan = await readTandemFiles(repo, tandemFilesOf(input.location));
    record = { agent: input.agent.spec, startedAt: Date.now(), snapshotRef, marks: await gitMarks(repo), plan, resumes: 0 };
  } else {
    if (record.process) await stopSurvivor(record.process.pid, record.process.binary);
    record = { ...record, resumes: record.resumes + 1 };
    resumeId = record.sessionId;
    // Never seen a session id: nothing to resume, so start over from the session's start.
    if (resumeId === undefined) await restoreSnapshot({ repo, ref: record.snapshotRef });
  }
  await writeJsonAtomic(files.agent.session, record);

  const prompt = resumeId ? RESUME_PROMPT : await agentPrompt(input, files.prompt);
  let run = await runOnce(input, { home, prompt, eventsFile: files.agent.events, record, sessionPath: files.agent.session, ...(resumeId ? { resumeId } : {}) });
  if (resumeId !== undefined && couldNotResume(run)) {
    // The agent could not pick the session up: restart the attempt from where the session began.
    await restoreSnapshot({ repo, ref: record.snapshotRef });
    const { sessionId: _unusable, ...fresh } = record;
    // The lost session was paid for: it counts against the limits and in the attempt's spend.
    const lost = run.progress;
    const restarted = await runOnce(input, { home, prompt: await agentPrompt(input, files.prompt), eventsFile: files.agent.events, record: fresh, sessionPath: files.agent.session, limits: limitsAfter(input.limits, lost) });
    run = chargedWith(restarted, lost);
  }

  // Tandem's gates see the worktree only after git is back in Tandem's hands and the plan is Tandem's again.
  const gitNotes = await foldAgentWork({ repo, branch: input.location.branch, marks: record.marks });
  const restored = await restoreTandemFiles(repo, record.plan);
  if (restored.length > 0) gitNotes.push(`put back ${restored.join(', ')} (Tandem's plan file), which the agent changed`);
  const quarantined = await quarantineNestedRepos({ repo });
  if (quarantined.length > 0) gitNotes.push(describeQuarantine(quarantined));
  // The files the task's commit would hold now, with those the agent named.
  const changed = await new WorkspaceFiles(repo).settle();
  run = { ...run, progress: { ...run.progress, files: mergeChangedFiles(repo, run.progress.files, changed) } };
  const result = await conclude(input, run, gitNotes, changed.length > 0 || (await isDirty({ repo })));
  await writeFileAtomic(files.agent.stderr, run.stderr);
  await writeJsonAtomic(files.agent.result, result);
  return resultOf(result);
}

interface RunOnce {
  home: string;
  prompt: string;
  eventsFile: string;
  record: AgentSessionRecord;
  sessionPath: string;
  resumeId?: string;
  /** The input's limits, unless a lost session already spent part of them. */
  limits?: AgentLimits;
  saving?: Promise<void>;
}

async function runOnce(input: AgentSessionInput, run: RunOnce): Promise<AgentRun> {
  const repo = input.location.repo;
  const result = await whileHeartbeating((signal, report) => {
    let latest: AgentProgress | undefined;
    const beat = (): void => {
      if (!latest) return;
      const progress = { ...latest, files: mergeChangedFiles(repo, latest.files, workspace.files) };
      report({ agent: input.agent.spec, sessionId: progress.sessionId, progress: describeProgress(progress), toolCalls: progress.toolCalls, ...(progress.lastTool ? { lastTool: progress.lastTool } : {}), files: progress.files, tokens: progress.usage.inputTokens + progress.usage.outputTokens, costUsd: progress.costUsd });
    };
    // git sees the edits the agent's events do not name (shell commands): each event asks for a scan, each new answer beats.
    const workspace = new WorkspaceFiles(repo, beat);
    const ran = runAgentSession({
      model: input.agent,
      workspace: input.location.repo,
      home: run.home,
      prompt: run.prompt,
      mode: 'implement',
      ...(run.resumeId ? { resumeId: run.resumeId } : {}),
      sandbox: input.sandbox,
      env: process.env,
      limits: run.limits ?? input.limits,
      eventsFile: run.eventsFile,
      replay: run.resumeId !== undefined,
      signal,
      onSpawn: (pid, binary) => save(run, { process: { pid, binary } }),
      onSession: (id) => save(run, { sessionId: id }),
      onProgress: (progress) => {
        latest = progress;
        beat();
        workspace.poke();
      },
    });
    // No scan may beat after the activity's work is over.
    return ran.finally(() => workspace.settle());
  });
  await run.saving;
  return result;
}

/** Journals a change to the session record; writes are chained so a later one never lands first. */
function save(run: RunOnce, change: Partial<AgentSessionRecord>): void {
  run.record = { ...run.record, ...change };
  const record = run.record;
  run.saving = (run.saving ?? Promise.resolve()).then(() => writeJsonAtomic(run.sessionPath, record)).catch(() => undefined);
}

async function conclude(input: AgentSessionInput, run: AgentRun, gitNotes: string[], changedFiles: boolean): Promise<AgentResultRecord> {
  const { progress } = run;
  const name = input.agent.agent ?? 'agent';
  const lastWords = lastWordsOf(run);
  const failed =
    run.stoppedBecause ??
    (run.exitCode !== 0 ? `${name} exited with ${run.exitCode === null ? `signal ${run.signal ?? '?'}` : `code ${run.exitCode}`}: ${lastWords}` : undefined) ??
    (progress.result && !progress.result.ok ? `${name} reported a failure: ${lastWords}` : undefined) ??
    // Nothing changed and it asked, or was refused: the attempt failed (its words are in the reason for the retry and the logs).
    (!changedFiles ? noChangeEnding({ agent: name, lastWords, ...(progress.permissionDenials ? { permissionDenials: progress.permissionDenials } : {}) }) : undefined) ??
    (progress.malformed.length > 0 && progress.sessionId === undefined ? `${name} printed no JSON events (${progress.malformed.at(-1)})` : undefined);
  const notes = gitNotes.length > 0 ? ` (${gitNotes.join('; ')})` : '';
  const summary = failed ?? `${lastWords}${notes}`;
  return {
    finished: failed === undefined,
    summary: clip(summary, 4000),
    steps: Math.max(progress.toolCalls, progress.turns),
    spend: spendOf(progress.usage, progress.costUsd),
    changedFiles,
    ...(progress.sessionId ? { sessionId: progress.sessionId } : {}),
    finishedAt: Date.now(),
    exitCode: run.exitCode,
    ...(run.stoppedBecause ? { stoppedBecause: run.stoppedBecause } : {}),
    lastWords,
    progress,
    gitNotes,
  };
}

/** The agent's summary, else its errors, else malformed output, else its stderr. */
function lastWordsOf(run: AgentRun): string {
  const { progress } = run;
  const words = progress.lastMessage ?? progress.errors.at(-1) ?? progress.malformed.at(-1) ?? run.stderr.trim().split('\n').slice(-3).join(' ');
  return words.trim() === '' ? '(no words)' : clip(words.trim(), 2000);
}

/** The same task message the built-in loop starts from, under the agent's instructions. */
async function agentPrompt(input: AgentSessionInput, promptPath: string): Promise<string> {
  const record = await readJsonIfExists<PromptRecord>(promptPath);
  const task = record?.messages.find((m) => m.role === 'user')?.content ?? '';
  return fillTemplate(await loadTemplate('agent-implementer', input.location.repo), { planFile: input.location.planRelPath, task: String(task) }).trim();
}

/** A directory that outlives the worker, outside /tmp (codex's sandbox needs that): the agent's home and session files. */
function sessionHome(input: AgentSessionInput): string {
  const dir = path.join(tandemHome(), 'agents', journalDirName(input.location.runId), input.taskId, `attempt-${input.attempt}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function resultOf(record: AgentResultRecord): AgentSessionResult {
  return {
    finished: record.finished,
    summary: clip(record.summary, 1000),
    steps: record.steps,
    spend: record.spend,
    changedFiles: record.changedFiles,
    ...(record.sessionId ? { sessionId: record.sessionId } : {}),
  };
}
