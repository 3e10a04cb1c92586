/**
 * A small repository with a design document, and the planner (OpenAI fake)
 * and plan reviewer (Anthropic fake) that `tandem plan` tests talk to.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FakeReply, FakeServer, RecordedRequest, ScriptFn } from '../fakes/index.js';
import { startModelFakes } from '../support/model-fakes.js';
import { runCli, type CliResult } from '../support/cli.js';
import { readConversation, type Conversation } from '../support/conversation.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';
import { uniqueTaskQueue } from '../support/temporal.js';

export const PLANNER = 'openai:gpt-5';
export const REVIEWER = 'anthropic:claude-opus-5-5';

export const DESIGN = `# Slugify options

Add a \`separator\` option to \`slugify\`, so \`slugify('a b', {separator: '_'})\` returns \`a_b\`.
Document the option in README.md.
`;

export const AGENTS = 'Run `npm test` before every commit.\n';

/** A git repo (`app`) holding design.md, AGENTS.md and a little source code. */
export function designRepo(files: Record<string, string> = {}): Promise<TestRepo> {
  return createRepo({
    'design.md': DESIGN,
    'AGENTS.md': AGENTS,
    'README.md': '# slugify\n',
    'src/slugify.ts': 'export const slugify = (s: string) => s.replace(/ /g, "-");\n',
    ...files,
  });
}

export async function sha256Of(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** The planner: answers `plan` requests with whatever `answer` returns; undefined exhausts the fake (loudly). */
export function plannerScript(answer: (c: Conversation, index: number) => FakeReply | undefined): ScriptFn {
  return (request, index) => {
    const conversation = readConversation(request);
    return conversation.structured === 'plan' ? answer(conversation, index) : undefined;
  };
}

/** The plan reviewer: answers `review_verdict` requests. */
export function planReviewerScript(answer: (c: Conversation, index: number) => FakeReply | undefined): ScriptFn {
  return (request, index) => {
    const conversation = readConversation(request);
    return conversation.structured === 'review_verdict' ? answer(conversation, index) : undefined;
  };
}

export interface PlanFakes {
  planner: FakeServer;
  reviewer: FakeServer;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** The planner on the OpenAI fake, the plan reviewer on the Anthropic fake. */
export async function startPlanFakes(planner: ScriptFn, reviewer: ScriptFn): Promise<PlanFakes> {
  const fakes = await startModelFakes(planner, reviewer);
  return { planner: fakes.openai, reviewer: fakes.anthropic, env: fakes.env, close: fakes.close };
}

/** Model requests (POSTs) a fake received, read as conversations. */
export function modelRequests(requests: RecordedRequest[]): Conversation[] {
  return requests.filter((r) => r.method === 'POST').map(readConversation);
}

/** The plan JSON a review request shows the reviewer (the fenced block of plan-reviewer-task.md). */
export function reviewedPlan(review: Conversation): unknown {
  const json = review.firstUser.match(/```json\n([\s\S]*?)\n```/)?.[1];
  return json === undefined ? undefined : JSON.parse(json);
}

export interface PlanRun extends CliResult {
  ms: number;
}

/** The command line of `tandem plan` with the test models and a fresh task queue. */
export function planArgs(extra: string[] = [], design = 'design.md'): string[] {
  return ['plan', design, '--planner', PLANNER, '--reviewer', REVIEWER, '--task-queue', uniqueTaskQueue('plan'), ...extra];
}

/** Runs the real `tandem plan` in the repo and measures how long it took. */
export async function runPlan(repo: TestRepo, args: string[], env: Record<string, string> = {}, timeoutMs = 90_000): Promise<PlanRun> {
  const started = Date.now();
  const result = await runCli(args, { cwd: repo.root, env, timeoutMs });
  const ms = Date.now() - started;
  console.info(`[timing] tandem ${args.slice(0, 2).join(' ')} → exit ${result.exitCode} in ${ms} ms`);
  return { ...result, ms };
}

export function todoPath(repo: TestRepo): string {
  return join(repo.root, 'TODO.md');
}
