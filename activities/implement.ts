/**
 * The implementer's activities: prepare an attempt's prompt, take one model
 * step, run one tool call. Each is idempotent through the journal: a retried
 * step returns what was recorded instead of paying for the call again, and a
 * retried tool call first restores the worktree it expects.
 */
import { collectSecrets } from '../exec/env.js';
import { redactSecrets } from '../errors/redact-secrets.js';
import { restoreSnapshot, snapshotWorktree } from '../git/snapshot.js';
import { describeQuarantine, quarantineNestedRepos, quarantineNestedReposAbove } from '../git/nested-repos.js';
import { readConversation } from '../journal/conversation.js';
import { readJsonIfExists, writeJsonAtomic } from '../journal/files.js';
import { attemptFiles, journalDirName, type AttemptFiles } from '../journal/layout.js';
import type { ModelStepRecord, ToolStepRecord } from '../journal/records.js';
import { callModel } from '../models/call-in-activity.js';
import { keeperRoute } from '../keeper/client.js';
import { assertRunEndpoint } from '../models/endpoint-guard.js';
import { contextWindowOf } from '../models/context-window-probe.js';
import { callFittingWindow } from '../models/context-overflow-retry.js';
import { fitConversation } from '../prompts/fit-conversation.js';
import { writePrompt, type AttemptRef, type PromptInput } from '../prompts/attempt-prompt.js';
import { spendOf } from '../contracts/spend.js';
import { clip } from '../journal/clip.js';
import { describeToolCall, executeTool } from '../agent-tools/execute-tool.js';
import { inSpan } from '../telemetry/instruments.js';
import { findTool, TOOL_SPECS } from '../agent-tools/tools.js';
import type { ToolDefinition } from '../agent-tools/define-tool.js';
import { blameMcpTool } from '../agent-tools/mcp/blame-tool-schema.js';
import { attemptMcpTools, describeMcpCall, findMcpTool, mcpCallMutates, mcpToolSpecs, recordedMcpTools, runMcpCall } from '../agent-tools/mcp/attempt-tools.js';
import { readTandemFiles, restoreTandemFiles, restoredNote, tandemFilesOf, type TandemFileContents } from '../agent-tools/tandem-files.js';
import { whileHeartbeating } from '../temporal/heartbeat.js';
import type { EndpointIdentity, ResolvedModel, ToolCall } from '../models/types.js';
import type { CommandSettings, Spend } from '../contracts/run.js';

export type { PromptInput } from '../prompts/attempt-prompt.js';

const MAX_TOOL_OUTPUT_BYTES = 16_000;

/** One tool call of a model step, as the workflow sees it. */
export interface ToolCallSummary {
  index: number;
  name: string;
  summary: string;
  /** The summary of a valid call that ends the loop (`finish`), which needs no tool activity. */
  finish?: string;
  /**
   * The tool may run for minutes (run_command): the workflow runs it as a regular,
   * heartbeating activity rather than a local one. Absent in results recorded
   * before this field existed.
   */
  longRunning?: boolean;
  /** The tool may change files (write_file, edit_file, run_command). Absent in results recorded before this field existed. */
  mutates?: boolean;
}

export interface ImplementerStepResult {
  text: string;
  toolCalls: ToolCallSummary[];
  spend: Spend;
}

export async function implementerStep(
  input: AttemptRef & {
    step: number;
    model: ResolvedModel;
    prompt?: PromptInput;
    /** The run's recorded endpoint; absent in older runs. */
    endpoint?: EndpointIdentity;
    /** Set when the run has MCP servers. */
    toolSettings?: CommandSettings;
  },
): Promise<ImplementerStepResult> {
  assertRunEndpoint('implementer', input.model, input.endpoint);
  const files = attemptFiles(input.location.journalDir, input.taskId, input.attempt);
  let record = await readJsonIfExists<ModelStepRecord>(files.model(input.step));
  // Servers may take seconds to start: heartbeat meanwhile.
  const mcpTools = await whileHeartbeating(() => attemptMcpTools(files.mcpTools, input.toolSettings?.mcp, mcpContextOf(input.location.repo, input.toolSettings)));
  if (!record) {
    const tools = [...TOOL_SPECS, ...mcpToolSpecs(mcpTools)];
    if (input.prompt) await writePrompt({ ...input, ...input.prompt });
    const conversation = await readConversation(files, input.step);
    const window = await contextWindowOf(input.model);
    const startedAt = Date.now();
    // With lanes, a call keeper makes the call: a worker killed mid-call does not make the retry pay for it again.
    const via = keeperRoute(input.location);
    const result = await callFittingWindow((maxToolChars) => {
      const fitted = fitConversation(conversation, tools, { window, replyTokens: input.model.maxOutputTokens, maxToolChars });
      return { prompt: { partsChars: fitted.toolChars }, call: () => callModel(input.model, { messages: fitted.messages, tools }, { via }) };
    }).catch((error: unknown) => {
      // A vendor that refuses an MCP tool's schema: the failure names the server it came from.
      throw blameMcpTool(error, tools, mcpTools);
    });
    record = {
      startedAt,
      finishedAt: Date.now(),
      text: result.text,
      // Some OpenAI-compatible servers omit ids; vendors need them to pair results with calls.
      toolCalls: result.toolCalls.map((call, index) => ({ ...call, id: call.id || `call_${input.step}_${index}` })),
      ...(result.reasoning?.length ? { reasoning: result.reasoning } : {}),
      ...(result.reasoningText ? { reasoningText: result.reasoningText } : {}),
      stopReason: result.stopReason,
      modelId: result.modelId,
      usage: result.usage,
      costUsd: result.costUsd,
    };
    await writeJsonAtomic(files.model(input.step), record);
  }
  const secrets = collectSecrets(process.env, [...(input.toolSettings?.keyVariables ?? []), input.model.apiKeyEnv]);
  const toolCalls = await Promise.all(
    record.toolCalls.map(async (call, index) => {
      const finish = await recordFinish(files, input.step, index, call, record!.finishedAt, secrets);
      const definition = findTool(call.name);
      const mcp = definition ? undefined : findMcpTool(mcpTools, call.name);
      // An MCP call is a regular activity with a timeout, like a command: a server may take its time.
      const longRunning = definition?.longRunning ?? mcp !== undefined;
      const mutates = definition?.mutates ?? (mcp !== undefined && mcpCallMutates(mcp, input.toolSettings?.mcp));
      const summary = mcp ? describeMcpCall(mcp) : describeToolCall(call, secrets);
      return { index, name: call.name, summary, longRunning, mutates, ...(finish !== undefined ? { finish } : {}) };
    }),
  );
  return { text: clip(record.text), toolCalls, spend: spendOf(record.usage, record.costUsd) };
}

/**
 * A valid `finish` call is answered here, journaled like any tool result, so
 * the workflow ends the loop without a tool activity. An invalid one is left to
 * toolStep, which tells the model what to fix.
 */
async function recordFinish(
  files: AttemptFiles,
  step: number,
  index: number,
  call: ToolCall,
  at: number,
  secrets: ReturnType<typeof collectSecrets>,
): Promise<string | undefined> {
  const definition = findTool(call.name);
  if (!definition?.endsLoop) return undefined;
  let summary: unknown;
  try {
    summary = (JSON.parse(call.rawArguments || '{}') as { summary?: unknown }).summary;
  } catch {
    return undefined;
  }
  if (typeof summary !== 'string') return undefined;
  const clean = redactSecrets(summary, secrets);
  if (!(await readJsonIfExists<ToolStepRecord>(files.tool(step, index)))) {
    const result: ToolStepRecord = { startedAt: at, finishedAt: at, toolCallId: call.id, name: call.name, ok: true, content: 'Finished.', summary: call.name, finished: { summary: clean } };
    await writeJsonAtomic(files.tool(step, index), result);
  }
  return clean;
}

export interface ToolStepResult {
  ok: boolean;
  summary: string;
  finished?: { summary: string };
}

export async function toolStep(
  input: AttemptRef & { step: number; callIndex: number; settings: CommandSettings },
): Promise<ToolStepResult> {
  const files = attemptFiles(input.location.journalDir, input.taskId, input.attempt);
  const done = await readJsonIfExists<ToolStepRecord>(files.tool(input.step, input.callIndex));
  if (done) return resultOf(done);

  const model = await readJsonIfExists<ModelStepRecord>(files.model(input.step));
  const call = model?.toolCalls[input.callIndex];
  if (!call) throw new Error(`journal has no tool call ${input.callIndex} at step ${input.step} in ${files.dir}`);
  const { repo } = input.location;
  const definition = findTool(call.name);
  const mcp = definition ? undefined : findMcpTool(await recordedMcpTools(files.mcpTools), call.name);
  const mutates = definition?.mutates ?? (mcp !== undefined && mcpCallMutates(mcp, input.settings.mcp));
  if (definition?.restoreOnRetry) await restoreOrSnapshot(input, files.toolSnapshot(input.step, input.callIndex));
  const tandemFiles = tandemFilesOf(input.location);
  const before = mutates ? await tandemFilesBefore(repo, tandemFiles, files.toolTandemFiles(input.step, input.callIndex)) : undefined;

  const startedAt = Date.now();
  const result = await inSpan('tandem.tool_call', { 'tandem.tool': call.name, 'tandem.task': input.taskId, 'tandem.attempt': input.attempt }, async (span) => {
    const done = await whileHeartbeating((signal) => {
      const ctx = {
        workspace: repo,
        sandbox: input.settings.sandbox,
        env: process.env,
        envAllow: input.settings.envAllow,
        ...(input.settings.keyVariables ? { keyVariables: input.settings.keyVariables } : {}),
        secrets: collectSecrets(process.env, input.settings.keyVariables),
        commandTimeoutMs: input.settings.commandTimeoutSeconds * 1000,
        maxOutputBytes: MAX_TOOL_OUTPUT_BYTES,
        tandemFiles,
        signal,
      };
      return mcp ? runMcpCall(mcp, call.rawArguments, input.settings.mcp, ctx) : executeTool(call, ctx);
    });
    span.setAttribute('tandem.tool.ok', done.ok);
    return done;
  });
  // Before anything else sees the worktree (tests, review, the commit): the plan is Tandem's.
  const restored = before ? await restoreTandemFiles(repo, before) : [];
  if (restored.length > 0) result.content += restoredNote(tandemFiles, restored);
  // A nested repository is refused right away, and the model is told, so the attempt goes on without it.
  const written = definition?.writesOnly === undefined ? undefined : writtenPath(definition, call.rawArguments);
  const quarantined = !mutates ? [] : written !== undefined ? await quarantineNestedReposAbove({ repo, written }) : await quarantineNestedRepos({ repo });
  if (quarantined.length > 0) result.content = `${result.content}\n\n${describeQuarantine(quarantined)}`;
  const record: ToolStepRecord = { startedAt, finishedAt: Date.now(), toolCallId: call.id, name: call.name, ...result };
  await writeJsonAtomic(files.tool(input.step, input.callIndex), record);
  return resultOf(record);
}

/** The one file a file tool call wrote, from its arguments; undefined when they do not parse (then the whole worktree is looked at). */
function writtenPath(definition: ToolDefinition, rawArguments: string): string | undefined {
  try {
    const parsed = definition.inputSchema.safeParse(JSON.parse(rawArguments || '{}'));
    return parsed.success ? definition.writesOnly?.(parsed.data) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first run of a mutating tool records the worktree it starts from; a
 * retry (after a crash mid-call) puts that worktree back before running again.
 */
async function restoreOrSnapshot(input: AttemptRef & { step: number; callIndex: number }, markerPath: string): Promise<void> {
  const { repo } = input.location;
  const marker = await readJsonIfExists<{ ref: string }>(markerPath);
  if (marker) {
    await restoreSnapshot({ repo, ref: marker.ref });
    return;
  }
  const ref = `refs/tandem/${journalDirName(input.location.runId)}/${input.taskId}/attempt-${input.attempt}/step-${input.step}-${input.callIndex}`;
  await snapshotWorktree({ repo, ref });
  await writeJsonAtomic(markerPath, { ref });
}

/**
 * The plan file as it was before this tool call first ran. Journaled before the
 * tool runs, so a retry after a crash puts back the same content, even for a
 * plan file that .gitignore keeps out of the worktree snapshot.
 */
async function tandemFilesBefore(repo: string, tandemFiles: ReturnType<typeof tandemFilesOf>, journalPath: string): Promise<TandemFileContents> {
  const recorded = await readJsonIfExists<TandemFileContents>(journalPath);
  if (recorded) return recorded;
  const contents = await readTandemFiles(repo, tandemFiles);
  await writeJsonAtomic(journalPath, contents);
  return contents;
}

/** Where the run's MCP servers work: the task's workspace, under the run's sandbox. */
function mcpContextOf(repo: string, settings: CommandSettings | undefined) {
  return { workspace: repo, sandbox: settings?.sandbox ?? 'bwrap', env: process.env, envAllow: settings?.envAllow ?? [], keyVariables: settings?.keyVariables ?? [] };
}

function resultOf(record: ToolStepRecord): ToolStepResult {
  return { ok: record.ok, summary: record.summary, ...(record.finished ? { finished: record.finished } : {}) };
}
