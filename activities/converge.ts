/**
 * The converge review: once the plan's tasks are done, a reviewer of another
 * vendor reads the design, TODO.md, the whole branch diff and the tests on the
 * head, and says for each requirement and acceptance criterion whether the
 * branch meets it; what its reply leaves out it is asked for once more, and
 * what it still leaves out counts as missing. Each reply and each round is
 * journaled (`converge/round-<n>.json`), so a retry or a rerun after a crash
 * reads the journal and never pays twice.
 */
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import type { ConvergeItem, ConvergeRound } from '../contracts/converge.js';
import type { CheckSettings, RunLocation, Spend } from '../contracts/run.js';
import { spendOf } from '../contracts/spend.js';
import { TandemError } from '../errors/tandem-error.js';
import { runCheck, toRecord } from '../exec/check.js';
import { describeChangedFiles, diffSince } from '../git/diff-since.js';
import { resolveEvidenceCommits } from '../git/evidence-commits.js';
import { headSha } from '../git/refs.js';
import { commitsSince, runBaseSha } from '../git/run-base.js';
import { readJsonIfExists, readTextIfExists, writeJsonAtomic } from '../journal/files.js';
import { convergeFiles } from '../journal/layout.js';
import type { ChecksRecord, ConvergeRoundRecord } from '../journal/records.js';
import { callModel } from '../models/call-in-activity.js';
import { keeperRoute } from '../keeper/client.js';
import { contextWindowOf } from '../models/context-window-probe.js';
import { callFittingWindow } from '../models/context-overflow-retry.js';
import { addUsage } from '../models/cost.js';
import type { GenerateResult, Message, ResolvedModel, Usage } from '../models/types.js';
import { answersOneOf, expectedItems, notReviewed, omittedItems } from '../plan/converge-coverage.js';
import { ConvergeReplySchema, type ConvergeReply } from '../plan/converge-schema.js';
import { followUpTasks, gaps, inScope } from '../plan/converge-follow-ups.js';
import { parseTodo, type TodoDocument } from '../plan/index.js';
import { omittedItemsQuestion } from '../prompts/converge-omitted.js';
import { convergePrompt, type ConvergePromptInput } from '../prompts/converge-prompt.js';
import { readDesign } from '../prompts/design.js';
import { loadTemplate } from '../prompts/templates.js';
import { readConfinedText } from '../exec/confined-read.js';

/** The same cap as a task's review diff, for the same reason: the reviewer's window. */
const MAX_DIFF_BYTES = 60_000;

export interface ConvergeTestsResult {
  passed: boolean;
  exitCode: number | null;
}

/** The project's tests on the branch head, for the reviewer to read; a failure is data. Journaled per round. */
export async function convergeTests(input: { location: RunLocation; round: number; settings: CheckSettings & { testCommand: string } }): Promise<ConvergeTestsResult> {
  const file = convergeFiles(input.location.journalDir, input.round).tests;
  const done = await readJsonIfExists<ChecksRecord>(file);
  if (done) return { passed: done.passed, exitCode: done.commands[0]?.exitCode ?? null };
  const startedAt = Date.now();
  const command = toRecord('test', await runCheck(input.location.repo, input.settings.testCommand, input.settings));
  const record: ChecksRecord = { startedAt, finishedAt: Date.now(), passed: command.exitCode === 0, commands: [command] };
  await writeJsonAtomic(file, record);
  return { passed: record.passed, exitCode: command.exitCode };
}

/** What the workflow needs of a round: small, so history stays small; the journal has the rest. */
export interface ConvergeSummary {
  round: number;
  reviewer: string;
  /** `R4 (missing): text`, one per item not met; empty when all is met. */
  gaps: string[];
  /** Ids of the follow-up tasks this round proposes (appended by appendFollowUps). */
  followUps: string[];
  spend: Spend;
}

export async function convergeReview(input: { location: RunLocation; round: number; reviewer: ResolvedModel }): Promise<ConvergeSummary> {
  const { location, round } = input;
  const files = convergeFiles(location.journalDir, round);
  const done = await readJsonIfExists<ConvergeRoundRecord>(files.round);
  if (done) return summarize(done);

  const { repo } = location;
  if (!location.designRelPath) throw ApplicationFailure.create({ type: 'DesignMissing', nonRetryable: true, message: 'the plan names no design document' });
  const design = await readDesign(repo, location.designRelPath).catch(nonRetryable);
  const plan = (await readConfinedText(repo, location.planRelPath, `the plan ${location.planRelPath}`)) ?? '';
  // Read before the model is paid: a plan that does not parse would fail every retry after the call.
  const planDoc = parsePlan(plan, location.planRelPath);
  const expected = expectedItems(planDoc.tasks);
  const planTasks = planDoc.tasks;
  const baseSha = await runBaseSha({ repo, runId: location.runId });
  const head = await headSha({ repo });
  const diff = await diffSince({ repo, baseSha, maxBytes: MAX_DIFF_BYTES });
  const tests = await readJsonIfExists<ChecksRecord>(files.tests);
  const testRun = tests?.commands[0];
  const promptInput: ConvergePromptInput = {
    system: await loadTemplate('converge-reviewer', repo),
    template: await loadTemplate('converge-task', repo),
    fields: {
      round: String(round),
      designPath: location.designRelPath,
      design: design.text.trim(),
      planPath: location.planRelPath,
      plan: plan.trim(),
      baseSha: baseSha.slice(0, 12),
      headSha: head.slice(0, 12),
      commits: (await commitsSince({ repo, baseSha })) || '(none)',
      changes: describeChangedFiles(diff.files) || '(none)',
    },
    ...(testRun
      ? { tests: { command: testRun.command, status: `${testRun.timedOut ? 'timed out' : `exit ${testRun.exitCode}`} in ${(testRun.durationMs / 1000).toFixed(1)} s`, output: testRun.output } }
      : {}),
    diff: diff.diff,
    diffTruncated: diff.truncated,
  };
  const window = await contextWindowOf(input.reviewer);
  const startedAt = Date.now();
  // The conversation so far (`after`) follows the prompt, which is fitted to the window again on each ask.
  const ask = (after: Message[]) =>
    callFittingWindow((maxPartsChars) => {
      const prompt = convergePrompt(promptInput, window, maxPartsChars);
      return {
        prompt,
        call: () =>
          callModel(input.reviewer, {
            messages: [...prompt.messages, ...after],
            output: { name: 'converge', description: 'The verdict on each requirement and acceptance criterion, with evidence', schema: ConvergeReplySchema },
          }, { via: keeperRoute(location) }),
      };
    });
  const first = await journaledReply(files.reply(1), () => ask([]));
  // Assigning the zod reply to the contract's type keeps the two shapes equal at compile time.
  let items: ConvergeItem[] = first.reply.items;
  let proposals = first.reply.followUps;
  const replies = [first];
  // A reviewer that leaves an item out must not make the branch look complete: ask once more, naming what it left out.
  const left = omittedItems(expected, items);
  if (left.length > 0) {
    const again: Message[] = [
      { role: 'assistant', content: JSON.stringify(first.reply) },
      { role: 'user', content: omittedItemsQuestion(left) },
    ];
    const second = await journaledReply(files.reply(2), () => ask(again));
    const answered = second.reply.items.filter((item) => answersOneOf(left, item));
    const answeredIds = new Set(answered.map((item) => item.id));
    items = [...items, ...answered];
    proposals = [...proposals, ...second.reply.followUps.filter((task) => task.covers.some((id) => answeredIds.has(id)))];
    replies.push(second);
  }
  items = [...items, ...omittedItems(expected, items).map(notReviewed)];
  // Skipped work stays skipped; cited commits are checked on the run branch.
  items = await resolveEvidenceCommits({ repo, head, items: inScope(items, planTasks) });
  const tasks = followUpTasks({ round, items, followUps: proposals, existingIds: planTasks.map((task) => task.id), planTasks });
  const contract: ConvergeRound = { round, headSha: head, baseSha, reviewer: input.reviewer.spec, items, followUps: tasks.map((task) => task.id), summary: first.reply.summary };
  const record: ConvergeRoundRecord = {
    ...contract,
    followUpTasks: tasks,
    ...(tests ? { testsPassed: tests.passed } : {}),
    startedAt,
    finishedAt: Date.now(),
    modelId: first.modelId,
    usage: replies.map((reply) => reply.usage).reduce(addUsage),
    costUsd: replies.reduce((sum, reply) => sum + reply.costUsd, 0),
  };
  await writeJsonAtomic(files.round, record);
  return summarize(record);
}

function summarize(record: ConvergeRoundRecord): ConvergeSummary {
  return {
    round: record.round,
    reviewer: record.reviewer,
    gaps: gaps(record.items).map((item) => `${item.id} (${item.verdict}): ${item.text}`),
    followUps: record.followUps,
    spend: spendOf(record.usage, record.costUsd),
  };
}

/** One reply of the reviewer as journaled the moment it arrives. */
interface JournaledReply {
  reply: ConvergeReply;
  modelId: string;
  usage: Usage;
  costUsd: number;
}

/** A retry after a crash reads a reply already paid for instead of asking again. */
async function journaledReply(file: string, call: () => Promise<GenerateResult<ConvergeReply>>): Promise<JournaledReply> {
  const done = await readJsonIfExists<JournaledReply>(file);
  if (done) return done;
  const result = await call();
  const reply: JournaledReply = { reply: result.output!, modelId: result.modelId, usage: result.usage, costUsd: result.costUsd };
  await writeJsonAtomic(file, reply);
  return reply;
}

function parsePlan(plan: string, file: string): TodoDocument {
  try {
    return parseTodo(plan, { file });
  } catch (error) {
    return nonRetryable(error);
  }
}

/** A design or plan that cannot be read will not become readable on a retry. */
function nonRetryable(error: unknown): never {
  if (error instanceof TandemError) throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
  throw error;
}
