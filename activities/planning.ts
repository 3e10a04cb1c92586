/**
 * The planning workflow's activities: read the design and its context, ask
 * the planner for a draft or a revision, ask a different model to review the
 * plan, write TODO.md. Model calls are journaled, so a resumed plan never
 * pays twice for a finished call.
 */
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { PlanProposalSchema, PlanSchema, ReviewVerdictSchema, type Plan, type ReviewVerdict } from '../plan/schema.js';
import { parseTodo, planToTodo, renderTodo, type TodoDocument } from '../plan/index.js';
import { nextTaskId } from '../plan/revision.js';
import { assertMayOverwrite } from '../plan/overwrite.js';
import type { EndpointIdentity, Message, ResolvedModel } from '../models/types.js';
import { TandemError } from '../errors/tandem-error.js';
import type { Spend } from '../contracts/run.js';
import { readJsonIfExists, readTextIfExists, writeFileAtomic, writeJsonAtomic } from '../journal/files.js';
import { callModel } from '../models/call-in-activity.js';
import { assertRunEndpoint } from '../models/endpoint-guard.js';
import { readDesign } from '../prompts/design.js';
import { readConfinedText } from '../exec/confined-read.js';
import { repoMap } from '../prompts/repo-map.js';
import { fillTemplate, loadTemplate } from '../prompts/templates.js';
import { spendOf } from '../contracts/spend.js';

interface PlanningRef {
  repo: string;
  journalDir: string;
}

interface PlanningContext {
  designRelPath: string;
  design: string;
  designSha256: string;
  agents?: string;
  repoMap: string;
  /** `tandem plan --update`: the plan being revised, as its file said when planning began. */
  currentPlan?: { relPath: string; text: string };
}

const contextFile = (journalDir: string) => join(journalDir, 'context.json');

export interface PlanningContextResult {
  designSha256: string;
  designBytes: number;
  /** The plan being revised (`currentPlanRelPath` was given), parsed. */
  currentPlan?: TodoDocument;
}

export async function readPlanningContext(input: PlanningRef & { designRelPath: string; currentPlanRelPath?: string }): Promise<PlanningContextResult> {
  const saved = await readJsonIfExists<PlanningContext>(contextFile(input.journalDir));
  if (saved) return contextResult(saved, Buffer.byteLength(saved.design));
  try {
    const design = await readDesign(input.repo, input.designRelPath);
    const agents = await readConfinedText(input.repo, 'AGENTS.md', 'AGENTS.md');
    const currentPlan = input.currentPlanRelPath === undefined ? undefined : await readCurrentPlan(input.repo, input.currentPlanRelPath);
    const context: PlanningContext = {
      designRelPath: input.designRelPath,
      design: design.text,
      designSha256: design.sha256,
      ...(agents ? { agents: agents.slice(0, 8000) } : {}),
      repoMap: await repoMap(input.repo),
      ...(currentPlan ? { currentPlan } : {}),
    };
    await writeJsonAtomic(contextFile(input.journalDir), context);
    return contextResult(context, design.bytes);
  } catch (error) {
    if (error instanceof TandemError) throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
    throw error;
  }
}

function contextResult(context: PlanningContext, designBytes: number): PlanningContextResult {
  const currentPlan = context.currentPlan ? parseTodo(context.currentPlan.text, { file: context.currentPlan.relPath }) : undefined;
  return { designSha256: context.designSha256, designBytes, ...(currentPlan ? { currentPlan } : {}) };
}

async function readCurrentPlan(repo: string, relPath: string): Promise<{ relPath: string; text: string }> {
  const text = await readConfinedText(repo, relPath, `the plan ${relPath}`);
  if (text === undefined) throw new TandemError(`The plan ${relPath} to update is gone.`, { code: 'PLAN_NOT_FOUND', hint: 'Run `tandem plan` without --update to write a new plan.' });
  parseTodo(text, { file: relPath });
  return { relPath, text };
}

/**
 * The planner's draft or revision of the plan. With `update`, it revises the
 * current plan for the changed design and answers a PlanProposal (the plan
 * plus the pending tasks to drop), which the workflow checks against the rules.
 */
export async function draftPlan(
  input: PlanningRef & { round: number; fix: number; planner: ResolvedModel; previous?: Plan; feedback?: string; update?: boolean; endpoint?: EndpointIdentity },
): Promise<{ plan: Plan; spend: Spend }> {
  assertRunEndpoint('planner', input.planner, input.endpoint);
  const file = join(input.journalDir, 'plan', `round-${input.round}-fix-${input.fix}.draft.json`);
  const saved = await readJsonIfExists<{ plan: Plan; spend: Spend }>(file);
  if (saved) return saved;

  const context = await readContext(input.journalDir);
  const update = input.update === true && context.currentPlan !== undefined ? context.currentPlan : undefined;
  const messages: Message[] = [
    { role: 'system', content: await loadTemplate('planner', input.repo) },
    {
      role: 'user',
      content: fillTemplate(await loadTemplate(update ? 'planner-update-task' : 'planner-task', input.repo), {
        designPath: context.designRelPath,
        design: context.design.trim(),
        agents: context.agents ? `\nProject instructions (AGENTS.md):\n<agents>\n${context.agents.trim()}\n</agents>\n` : '',
        repoMap: context.repoMap || '(empty repository)',
        ...(update
          ? { planPath: update.relPath, currentPlan: update.text.trim(), nextId: nextTaskId(parseTodo(update.text, { file: update.relPath }).tasks.map((task) => task.id)) }
          : {}),
      }),
    },
  ];
  if (input.previous && input.feedback) {
    messages.push({ role: 'assistant', content: JSON.stringify(input.previous, null, 2) }, { role: 'user', content: input.feedback });
  }
  const startedAt = Date.now();
  const result = await callModel(input.planner, {
    messages,
    output: update
      ? { name: 'plan', description: 'The current plan revised for the changed design', schema: PlanProposalSchema }
      : { name: 'plan', description: 'The plan of small, verifiable tasks', schema: PlanSchema },
  });
  const record = { plan: result.output!, spend: spendOf(result.usage, result.costUsd), startedAt, finishedAt: Date.now(), modelId: result.modelId };
  await writeJsonAtomic(file, record);
  return { plan: record.plan, spend: record.spend };
}

export async function reviewPlan(
  input: PlanningRef & { round: number; reviewer: ResolvedModel; plan: Plan; previousReview?: ReviewVerdict; endpoint?: EndpointIdentity },
): Promise<{ verdict: ReviewVerdict; spend: Spend }> {
  assertRunEndpoint('plan reviewer', input.reviewer, input.endpoint);
  const file = join(input.journalDir, 'plan', `round-${input.round}.review.json`);
  const saved = await readJsonIfExists<{ verdict: ReviewVerdict; spend: Spend }>(file);
  if (saved) return saved;

  const context = await readContext(input.journalDir);
  const startedAt = Date.now();
  const result = await callModel(input.reviewer, {
    messages: [
      { role: 'system', content: await loadTemplate('plan-reviewer', input.repo) },
      {
        role: 'user',
        content: fillTemplate(await loadTemplate('plan-reviewer-task', input.repo), {
          designPath: context.designRelPath,
          design: context.design.trim(),
          plan: JSON.stringify(input.plan, null, 2),
          previousReview: input.previousReview ? previousReviewSection(input.round - 1, input.previousReview) : '',
        }),
      },
    ],
    output: { name: 'review_verdict', description: 'The verdict on this plan', schema: ReviewVerdictSchema },
  });
  const record = { verdict: result.output!, spend: spendOf(result.usage, result.costUsd), startedAt, finishedAt: Date.now(), modelId: result.modelId };
  await writeJsonAtomic(file, record);
  return { verdict: record.verdict, spend: record.spend };
}

export async function writeTodo(input: { repo: string; outRelPath: string; force: number; plan: Plan; source: string }): Promise<{ path: string }> {
  const path = join(input.repo, input.outRelPath);
  const content = renderTodo(planToTodo(input.plan, { source: input.source }));
  const existing = await readTextIfExists(path);
  // Equal content: this activity already wrote it before a crash.
  if (existing !== undefined && existing !== content) {
    try {
      assertMayOverwrite(existing, input.outRelPath, input.force);
    } catch (error) {
      if (error instanceof TandemError) throw ApplicationFailure.create({ type: error.code, message: `${error.message} ${error.hint ?? ''}`.trim(), nonRetryable: true });
      throw error;
    }
  }
  await writeFileAtomic(path, content);
  return { path };
}

function previousReviewSection(round: number, review: ReviewVerdict): string {
  const comments = review.comments.map((c) => `- [${c.severity}] ${c.body}`).join('\n');
  return `\nYour review of the round ${round} draft asked for changes (${review.summary}):\n${comments}\nCheck that this revision answers each of them, and look for new problems too.\n`;
}

/**
 * callModel, except that a call cut short because this worker is stopping
 * (Ctrl-C on `tandem plan`) fails retryably: the plan lives on and the next
 * worker makes the call, instead of the whole plan failing as "cancelled".
 */
async function readContext(journalDir: string): Promise<PlanningContext> {
  const context = await readJsonIfExists<PlanningContext>(contextFile(journalDir));
  if (!context) throw new Error(`planning context missing in ${journalDir}`);
  return context;
}
