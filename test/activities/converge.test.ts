/**
 * The converge activities outside Temporal, against a real git repository and
 * the Anthropic fake: a round is paid for once (a retry or a rerun reads the
 * journal), and its follow-ups are appended and committed once.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
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
import { convergeRepo, convergeScript } from '../run/converge-fixtures.js';

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
    expect(record.items.map((item: { id: string; verdict: string }) => `${item.id}:${item.verdict}`)).toEqual(['R1:met', 'R2:met', 'R3:met', 'R4:missing']);
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
