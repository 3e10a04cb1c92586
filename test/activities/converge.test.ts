/**
 * The converge activities outside Temporal, against a real git repository and
 * the Anthropic fake: a round is paid for once (a retry or a rerun reads the
 * journal), and its follow-ups are appended and committed once.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { convergeReview } from '../../activities/converge.js';
import { appendFollowUps } from '../../activities/converge-follow-ups.js';
import type { RunLocation } from '../../contracts/run.js';
import type { ResolvedModel } from '../../models/types.js';
import { startFakeAnthropic, type FakeServer } from '../fakes/index.js';
import type { TestRepo } from '../support/git-repo.js';
import { TEST_ANTHROPIC_KEY } from '../support/model-fakes.js';
import { CONVERGE_PLAN, convergeRepo, convergeScript } from '../run/converge-fixtures.js';
import { readConversation } from '../support/conversation.js';
import type { ScriptFn } from '../fakes/index.js';
import { NOT_REVIEWED_NOTE } from '../../plan/converge-coverage.js';

describe('converge activities', () => {
  let repo: TestRepo;
  let fake: FakeServer;
  let location: RunLocation;
  let reviewer: ResolvedModel;

  beforeAll(async () => {
    repo = await convergeRepo();
    for (const [file, word] of [['a.txt', 'alpha'], ['b.txt', 'beta'], ['c.txt', 'gamma']] as const) {
      await repo.write(file, `${word}\n`);
      await repo.git('add', file);
      await repo.git('commit', '-q', '-m', `write ${word}`, '-m', 'Tandem-Run: run-1');
    }
    fake = await startFakeAnthropic({ script: convergeScript() });
    vi.stubEnv('ANTHROPIC_API_KEY', TEST_ANTHROPIC_KEY);
    reviewer = { spec: 'anthropic:claude-haiku-4-5', providerName: 'anthropic', kind: 'anthropic', model: 'claude-haiku-4-5', baseUrl: fake.url, apiKeyEnv: 'ANTHROPIC_API_KEY' };
    location = { repo: repo.root, planRelPath: 'TODO.md', designRelPath: 'design.md', branch: 'main', runId: 'run-1', journalDir: await mkdtemp(join(tmpdir(), 'tandem-converge-journal-')) };
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await fake?.close();
  });

  it('asks the reviewer once per round: a second call reads the journal', async () => {
    const first = await convergeReview({ location, round: 1, reviewer });
    const again = await convergeReview({ location, round: 1, reviewer });
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(again).toEqual(first);
    expect(first.gaps).toEqual(['R4 (missing): d.txt contains exactly "delta"']);
    expect(first.followUps).toEqual(['T4']);
    const record = JSON.parse(await readFile(join(location.journalDir, 'converge', 'round-1.json'), 'utf8'));
    // The diff is taken from before the run's first commit, so every task's work is in it.
    expect(record.baseSha).toBe(await repo.git('rev-parse', 'HEAD~3'));
    expect(record.items.map((item: { id: string; verdict: string }) => `${item.id}:${item.verdict}`)).toEqual(['R1:met', 'R2:met', 'R3:met', 'T1/1:met', 'T2/1:met', 'T3/1:met', 'R4:missing']);
  });

  it('appends the follow-up to TODO.md and commits it once, however often it is called', async () => {
    const head = await repo.git('rev-parse', 'HEAD');
    const first = await appendFollowUps({ location, round: 1 });
    const again = await appendFollowUps({ location, round: 1 });
    expect(again).toEqual(first);
    expect(first.tasks).toEqual([{ id: 'T4', title: 'Write delta', details: 'Create d.txt containing the word delta.', acceptance: ['d.txt contains exactly "delta"'], dependsOn: [], requirements: ['R4'] }]);
    expect(await repo.git('rev-list', '--count', `${head}..HEAD`)).toBe('1');
    expect(await repo.git('log', '-1', '--format=%s%n%(trailers:key=Tandem-Run,valueonly)')).toBe('Plan: follow-up tasks T4 from converge round 1\nrun-1\n');
    expect(await readFile(join(repo.root, 'TODO.md'), 'utf8')).toMatch(/- \[ \] T4: Write delta\n(.*\n)*  - Source: converge round 1\n$/);
    expect(await repo.git('status', '--porcelain')).toBe('');
  });
});

/** The Greek plan with Requirements: fields, and T3 skipped: T3/1 is out of scope, R1 to R3 are expected. */
const PLAN_WITH_REQUIREMENTS = CONVERGE_PLAN.replace('- [ ] T3', '- [-] T3')
  .replace('  - Verify: `grep -qx alpha a.txt`', '  - Verify: `grep -qx alpha a.txt`\n  - Requirements: R1')
  .replace('  - Verify: `grep -qx beta b.txt`', '  - Verify: `grep -qx beta b.txt`\n  - Requirements: R2, R3');

const verdict = (id: string, verdict: 'met' | 'missing', kind = 'requirement') => ({ id, kind, text: `${id} in words`, verdict, evidence: [{ note: `${id} ${verdict}` }], tasks: [] });

/**
 * A reviewer that judges only R1 and T1/1 at first; asked again, it judges R3
 * (missing, with a follow-up) and still says nothing of T2/1 and R2.
 */
const forgetfulReviewer: ScriptFn = (request) => {
  const conversation = readConversation(request);
  if (conversation.structured !== 'converge') return undefined;
  if (conversation.step === 1) return { json: { items: [verdict('R1', 'met'), verdict('T1/1', 'met', 'acceptance')], followUps: [], summary: 'All good.' } };
  return {
    json: {
      items: [verdict('R3', 'missing'), verdict('R1', 'missing')],
      followUps: [{ title: 'Write gamma', details: 'c.txt', acceptance: ['c.txt says gamma'], covers: ['R3'], dependsOn: [] }],
      summary: 'R3 is missing.',
    },
  };
};

describe('a converge reviewer that leaves items out', () => {
  let repo: TestRepo;
  let fake: FakeServer;
  let location: RunLocation;
  let reviewer: ResolvedModel;
  const posts = () => fake.requests.filter((r) => r.method === 'POST');

  beforeAll(async () => {
    repo = await convergeRepo();
    await repo.write('TODO.md', PLAN_WITH_REQUIREMENTS);
    await repo.write('a.txt', 'alpha\n');
    await repo.git('add', '-A');
    await repo.git('commit', '-q', '-m', 'write alpha', '-m', 'Tandem-Run: run-2');
    fake = await startFakeAnthropic({ script: forgetfulReviewer });
    vi.stubEnv('ANTHROPIC_API_KEY', TEST_ANTHROPIC_KEY);
    reviewer = { spec: 'anthropic:claude-haiku-4-5', providerName: 'anthropic', kind: 'anthropic', model: 'claude-haiku-4-5', baseUrl: fake.url, apiKeyEnv: 'ANTHROPIC_API_KEY' };
    location = { repo: repo.root, planRelPath: 'TODO.md', designRelPath: 'design.md', branch: 'main', runId: 'run-2', journalDir: await mkdtemp(join(tmpdir(), 'tandem-converge-journal-')) };
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await fake?.close();
  });

  it('is asked once more, naming what it left out; what it still leaves out counts as missing, never as met', async () => {
    const summary = await convergeReview({ location, round: 1, reviewer });
    expect(posts()).toHaveLength(2);
    const second = readConversation(posts()[1]!);
    // T3 is skipped: its criterion is out of scope and not asked for.
    expect(second.lastUser).toContain('- T2/1 (acceptance criterion): b.txt contains exactly "beta"');
    expect(second.lastUser).toMatch(/- R2 \(requirement\).*\n- R3 \(requirement\)/);
    expect(second.lastUser).not.toMatch(/T1\/1|T3\/1|- R1/);
    expect(summary.gaps).toEqual([
      'R3 (missing): R3 in words',
      'T2/1 (missing): b.txt contains exactly "beta"',
      'R2 (missing): R2, named by T2 in the plan',
    ]);
    const record = JSON.parse(await readFile(join(location.journalDir, 'converge', 'round-1.json'), 'utf8'));
    // R1 keeps its first verdict: the second ask is only about what was left out.
    expect(record.items.map((item: { id: string; verdict: string }) => `${item.id}:${item.verdict}`)).toEqual(['R1:met', 'T1/1:met', 'R3:missing', 'T2/1:missing', 'R2:missing']);
    expect(record.items.find((item: { id: string }) => item.id === 'R2').evidence).toEqual([{ note: NOT_REVIEWED_NOTE }]);
    // The reviewer's follow-up for R3, and one of Tandem's own for each item never reviewed.
    expect(record.followUpTasks.map((task: { id: string; title: string }) => `${task.id}: ${task.title}`)).toEqual([
      'T4: Write gamma',
      'T5: Meet T2/1: b.txt contains exactly "beta"',
      'T6: Meet R2: R2, named by T2 in the plan',
    ]);
    // Both calls are paid for in the round.
    const replies = await Promise.all([1, 2].map(async (ask) => JSON.parse(await readFile(join(location.journalDir, 'converge', `round-1.reply-${ask}.json`), 'utf8'))));
    expect(record.costUsd).toBeCloseTo(replies[0].costUsd + replies[1].costUsd, 10);
    expect(record.usage.inputTokens).toBe(replies[0].usage.inputTokens + replies[1].usage.inputTokens);
  });

  it('after a crash between the two asks, pays only for the second again', async () => {
    // The state a crash right after the first reply leaves: that reply journaled, nothing else.
    await rm(join(location.journalDir, 'converge', 'round-1.json'));
    await rm(join(location.journalDir, 'converge', 'round-1.reply-2.json'));
    const before = posts().length;
    const summary = await convergeReview({ location, round: 1, reviewer });
    expect(posts()).toHaveLength(before + 1);
    expect(readConversation(posts().at(-1)!).step).toBe(2);
    expect(summary.gaps).toHaveLength(3);
    await convergeReview({ location, round: 1, reviewer });
    expect(posts()).toHaveLength(before + 1);
  });
});
