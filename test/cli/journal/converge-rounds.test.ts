import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConvergeRounds } from '../../../cli/journal/converge-rounds.js';

describe('readConvergeRounds', () => {
  it('is empty for a journal without a converge folder', async () => {
    expect(await readConvergeRounds(await mkdtemp(join(tmpdir(), 'tandem-converge-')))).toEqual({ rounds: [], problems: [] });
  });

  it('reads rounds oldest first, drops unusable items, and names files that are not rounds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-converge-'));
    await mkdir(join(dir, 'converge'));
    const item = { id: 'R1', kind: 'requirement', text: 'Login', verdict: 'met', evidence: [{ commit: 'abc' }], tasks: ['T1'] };
    const round = (n: number, items: unknown[]) => JSON.stringify({ round: n, headSha: 'h', baseSha: 'b', reviewer: 'r', items, followUps: [], summary: 's' });
    await writeFile(join(dir, 'converge', 'round-2.json'), round(2, [item, { ...item, id: 'R2', verdict: 'maybe' }]));
    await writeFile(join(dir, 'converge', 'round-1.json'), round(1, [{ ...item, verdict: 'missing' }]));
    await writeFile(join(dir, 'converge', 'round-3.json'), '{"round": 3');
    await writeFile(join(dir, 'converge', 'round-4.json'), '{"hello": 1}');
    await writeFile(join(dir, 'converge', 'notes.txt'), 'ignored');
    const { rounds, problems } = await readConvergeRounds(dir);
    expect(rounds.map((r) => [r.round, r.items.map((i) => `${i.id}:${i.verdict}`)])).toEqual([
      [1, ['R1:missing']],
      [2, ['R1:met']],
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^converge\/round-3\.json: /);
    expect(problems[1]).toBe('converge/round-4.json: not a converge round (no round number or items)');
  });
});
