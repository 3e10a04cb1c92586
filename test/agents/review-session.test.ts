/**
 * A review by an external agent, through the reviewChanges activity with the
 * real CLIs against the protocol fakes. Its session id is journaled, so when
 * the agent dies mid-review (a worker crash) the activity's retry resumes the
 * same session and only the turn in flight is asked again. The run's limits
 * apply: a token limit stops the reviewer within the turn that crossed it, and
 * the stopped review approves nothing but still counts what it spent.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reviewChanges, type ReviewSummary } from '../../activities/review.js';
import { resolveModel } from '../../config/model-spec.js';
import { tandemConfigSchema } from '../../config/schema.js';
import type { RunLocation } from '../../contracts/run.js';
import { attemptFiles } from '../../journal/layout.js';
import type { AgentReviewSessionRecord } from '../../agents/review-session.js';
import { codexScript, turnOf, agentTandemHome } from '../support/agent-scripts.js';
import { startModelFakes, type ModelFakes } from '../support/model-fakes.js';
import { APPROVE } from '../support/scripted-agents.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';
import type { RecordedRequest, ScriptFn } from '../fakes/index.js';
import { holdTurn, isAgentTurn } from './fixtures.js';

const TASK = { id: 'T1', title: 'Write alpha', details: 'Create a.txt containing alpha.', acceptance: ['a.txt contains exactly "alpha"'], dependsOn: [] };
/** The reviewer reads the file, then answers the verdict. */
const REVIEW = { commands: ['cat a.txt'], summary: JSON.stringify(APPROVE) };
const home = agentTandemHome();

/** A review turn of Claude Code: it has its read tools only (no Bash). */
function isClaudeReviewTurn(request: RecordedRequest): boolean {
  return request.path.endsWith('/messages') && (request.body?.tools ?? []).some((tool: any) => tool.name === 'Read');
}

/** Claude Code's model as a reviewer: it reads a.txt with its Read tool, then answers the verdict. */
let repo: TestRepo;
const claudeReviewer: ScriptFn = (request) => {
  if (!isClaudeReviewTurn(request) || !turnOf(request).text.includes('verdict')) return undefined;
  return turnOf(request).calls === 0 ? { toolCalls: [{ name: 'Read', arguments: { file_path: join(repo.root, 'a.txt') } }] } : { text: JSON.stringify(APPROVE) };
};

function reviewerModel(spec: string, env: Record<string, string>) {
  const config = tandemConfigSchema.parse({});
  return resolveModel(spec, { aliases: config.aliases, providers: config.providers, prices: config.prices, env });
}

describe('a review by an external agent', () => {
  let fakes: ModelFakes;
  let baseSha: string;
  let held: ReturnType<typeof holdTurn>;

  beforeAll(async () => {
    held = holdTurn(codexScript((turn) => (turn.text.includes('verdict') ? REVIEW : undefined)), { once: true });
    fakes = await startModelFakes(held.script, claudeReviewer);
    for (const [name, value] of Object.entries({ ...fakes.env, TANDEM_HOME: home })) vi.stubEnv(name, value);
    repo = await createRepo({ 'README.md': '# Alpha\n', 'TODO.md': '# Plan\n' });
    baseSha = await repo.git('rev-parse', 'HEAD');
    await repo.write('a.txt', 'alpha\n');
  });

  afterAll(async () => {
    held?.release();
    vi.unstubAllEnvs();
    await fakes?.close();
  });

  async function location(runId: string): Promise<RunLocation> {
    return { repo: repo.root, planRelPath: 'TODO.md', branch: 'main', runId, journalDir: await mkdtemp(join(tmpdir(), 'tandem-review-journal-')) };
  }

  it('resumes its journaled session after the agent died mid-review, asking only the turn in flight again', async () => {
    const where = await location('review-resume');
    const input = { location: where, taskId: 'T1', attempt: 1, reviewerIndex: 0, reviewer: reviewerModel('agent:codex/gpt-5.4', fakes.env), baseSha, task: TASK, sandbox: 'bwrap' as const };
    const sessionFile = join(attemptFiles(where.journalDir, 'T1', 1).dir, 'review-0.agent-session.json');
    const first = reviewChanges(input).then(() => 'finished', (error: Error) => error.message);
    await held.arrived;
    const journaled = JSON.parse(readFileSync(sessionFile, 'utf8')) as AgentReviewSessionRecord;
    expect(journaled.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    // The worker's crash, as the agent sees it: its whole process group is gone at once.
    process.kill(-journaled.process!.pid, 'SIGKILL');
    expect(await first).toMatch(/gave no valid verdict/);
    held.release();

    // The activity's retry.
    const summary: ReviewSummary = await reviewChanges(input);
    expect(summary.verdict).toBe('approve');
    const resumed = JSON.parse(readFileSync(sessionFile, 'utf8')) as AgentReviewSessionRecord;
    expect(resumed).toMatchObject({ sessionId: journaled.sessionId, resumes: 1 });
    const turns = fakes.openai.requests.filter(isAgentTurn);
    expect(turns.filter((r) => turnOf(r).calls === 0)).toHaveLength(1);
    expect(turns.filter((r) => turnOf(r).calls === 1)).toHaveLength(2);
    expect(JSON.stringify(turns.at(-1)?.body)).toContain('Tandem restarted while you were reviewing');
    expect(new Set(turns.map((r) => r.body?.prompt_cache_key)).size).toBe(1);
  }, 120_000);

  it('is stopped by the token limit within the turn that crossed it: no approval, its spend counted', async () => {
    const where = await location('review-limit');
    const before = fakes.anthropic.requests.filter(isClaudeReviewTurn).length;
    const summary = await reviewChanges({
      location: where, taskId: 'T1', attempt: 1, reviewerIndex: 0, reviewer: reviewerModel('agent:claude-code/claude-sonnet-5-5', fakes.env), baseSha, task: TASK, sandbox: 'bwrap',
      agentLimits: { maxTokens: 1000 },
    });
    expect(summary.verdict).toBe('request_changes');
    expect(summary.summary).toMatch(/^review stopped: token limit reached \(\d+ ≥ 1000\) before the agent finished/);
    expect(summary.spend.inputTokens).toBeGreaterThan(1000);
    // Its first turn (the tool call) crossed the limit. The agent may have asked for its next turn before its
    // own event said so (it writes its output as it likes): that one call at most, its answer never used, and no other.
    const turns = fakes.anthropic.requests.filter(isClaudeReviewTurn).slice(before).map((r) => turnOf(r).calls);
    expect(turns[0]).toBe(0);
    expect(turns.slice(1).every((calls) => calls === 1) && turns.length <= 2, `turns asked: ${turns.join(', ')}`).toBe(true);
  }, 120_000);
});
