/** The pull request says the converge outcome in one line, right under what ran, as the run journaled it. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalConvergeOutcome } from '../../../activities/converge-outcome.js';
import type { ConvergeProgress } from '../../../contracts/converge.js';
import type { RunLocation } from '../../../contracts/run.js';
import { findJournal } from '../../../cli/journal/find-journal.js';
import { journalPullRequestContent } from '../../../cli/pr/pr-content.js';
import type { ConvergeRoundRecord } from '../../../journal/records.js';
import { createSampleRun, type SampleRun } from '../../support/sample-journal.js';

const FAILED = 'some tasks failed or were blocked; the branch is reviewed against the design once every task is done';

async function body(sample: SampleRun): Promise<string> {
  const found = await findJournal({ plan: sample.todoPath }, sample.env);
  return (await journalPullRequestContent({ journalDir: found.dir, repo: found.located!.repo, planRelPath: found.located!.planRelPath })).body;
}

const outcome = (sample: SampleRun, converge: ConvergeProgress) => journalConvergeOutcome({ location: { journalDir: sample.journalDir } as RunLocation, converge });

async function writeRound(sample: SampleRun, n: number, missing: string[]): Promise<void> {
  const record: ConvergeRoundRecord = {
    round: n,
    headSha: 'a'.repeat(40),
    baseSha: 'b'.repeat(40),
    reviewer: 'anthropic:claude-haiku-4-5',
    items: ['R1', 'R4'].map((id) => ({ id, kind: 'requirement', text: `${id} text`, verdict: missing.includes(id) ? 'missing' : 'met', evidence: [], tasks: [] })),
    followUps: [],
    summary: '',
    followUpTasks: [],
    startedAt: 1,
    finishedAt: 2,
    modelId: 'claude-haiku-4-5',
    usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 },
    costUsd: 0,
  };
  await mkdir(join(sample.journalDir, 'converge'), { recursive: true });
  await writeFile(join(sample.journalDir, 'converge', `round-${n}.json`), JSON.stringify(record));
}

describe('the converge line of the pull request description', () => {
  it('gives the reason converge was skipped, after the opening paragraph and not again in the summary', async () => {
    const sample = await createSampleRun({ planned: true });
    await outcome(sample, { round: 0, rounds: 2, state: 'skipped', missing: [], followUps: [], reason: FAILED });
    const text = await body(sample);
    expect(text).toMatch(/trailer\.\n\n\*\*Converge:\*\* skipped — some tasks failed or were blocked; the branch is reviewed against the design once every task is done; no converge review ran\n\n## Summary/);
    expect(text).not.toContain('| **Converge** |');
  });

  it('says every requirement is met, with the round and the reviewer', async () => {
    const sample = await createSampleRun({ planned: true });
    await writeRound(sample, 1, ['R4']);
    await writeRound(sample, 2, []);
    await outcome(sample, { round: 2, rounds: 2, state: 'met', missing: [], followUps: ['T5'] });
    expect(await body(sample)).toContain('\n\n**Converge:** every requirement met (round 2 by anthropic:claude-haiku-4-5)\n');
  });

  it('names what is still missing after the last round', async () => {
    const sample = await createSampleRun({ planned: true });
    await writeRound(sample, 1, ['R4']);
    await outcome(sample, { round: 1, rounds: 1, state: 'missing', missing: ['R4 (missing): R4 text'], followUps: [] });
    expect(await body(sample)).toContain('\n\n**Converge:** still missing R4 (round 1 by anthropic:claude-haiku-4-5)\n');
  });

  it('says not run when the journal has no converge review', async () => {
    expect(await body(await createSampleRun({ planned: true }))).toContain('\n\n**Converge:** not run\n');
  });
});
