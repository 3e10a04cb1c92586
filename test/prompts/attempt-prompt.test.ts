import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePrompt } from '../../prompts/attempt-prompt.js';
import { attemptFiles } from '../../journal/layout.js';
import type { PromptRecord } from '../../journal/records.js';
import type { PlanTaskInput, RunLocation } from '../../contracts/run.js';
import { makeRepo, type TestRepo } from '../git/helpers.js';

const task = (n: number): PlanTaskInput => ({ id: `T${n}`, title: `Write note ${n}`, details: `Create notes/T${n}.txt.`, acceptance: [`notes/T${n}.txt exists`], dependsOn: [] });

async function firstMessages(repo: TestRepo, planTask: PlanTaskInput): Promise<{ system: string; user: string }> {
  const journalDir = mkdtempSync(join(tmpdir(), 'tandem-prompt-journal-'));
  const location: RunLocation = { repo: repo.dir, planRelPath: 'TODO.md', branch: 'tandem/todo', runId: 'run-1', journalDir };
  await writePrompt({ location, taskId: planTask.id, attempt: 1, task: planTask });
  const record = JSON.parse(readFileSync(attemptFiles(journalDir, planTask.id, 1).prompt, 'utf8')) as PromptRecord;
  const [system, user] = record.messages.map((message) => message.content);
  return { system: system!, user: user! };
}

function planOf(count: number, done: number): string {
  const lines = Array.from({ length: count }, (_, i) => `- [${i < done ? 'x' : ' '}] T${i + 1}: Write note ${i + 1}\n  - Acceptance:\n    - notes/T${i + 1}.txt exists\n`);
  return `# Plan\n\n${lines.join('')}`;
}

describe('the implementer prompt of an attempt', () => {
  it('keeps the system prompt the same for every task of a run, so a vendor caches it across tasks', async () => {
    const repo = makeRepo();
    repo.write('AGENTS.md', 'Use tabs.\n');
    repo.commit('plan', 'TODO.md', planOf(3, 0));
    const first = await firstMessages(repo, task(1));
    repo.commit('T1', 'notes/T1.txt', 'one\n');
    repo.commit('T2', 'notes/T2.txt', 'two\n');
    const third = await firstMessages(repo, task(3));

    expect(third.system).toBe(first.system);
    expect(first.system).toContain('Use tabs.');
    // The repo map, which tasks change, is in the task message.
    expect(first.system).not.toContain('Repository layout');
    expect(third.user).toContain('Repository layout');
    expect(third.user).toContain('- notes/T2.txt');
    expect(first.user).not.toContain('notes/T2.txt');
  });

  it('never carries a file outside the repository that AGENTS.md or the design links to', async () => {
    const secret = join(mkdtempSync(join(tmpdir(), 'tandem-host-')), 'id_rsa');
    writeFileSync(secret, 'HOST SECRET\n');
    const repo = makeRepo();
    repo.commit('plan', 'TODO.md', planOf(1, 0));
    symlinkSync(secret, join(repo.dir, 'AGENTS.md'));
    await expect(firstMessages(repo, task(1))).rejects.toMatchObject({ code: 'WORKSPACE_FILE_REFUSED', message: expect.stringContaining('AGENTS.md') });
  });

  it('is as long for task 900 of a 1,000-task plan, 899 done, as for task 1', async () => {
    const early = makeRepo();
    early.commit('plan', 'TODO.md', planOf(1000, 0));
    const late = makeRepo();
    for (let n = 1; n < 900; n++) late.write(`notes/T${n}.txt`, `T${n}\n`);
    late.commit('plan and 899 tasks', 'TODO.md', planOf(1000, 899));

    const t1 = await firstMessages(early, task(1));
    const t900 = await firstMessages(late, task(900));
    const size = (m: { system: string; user: string }) => m.system.length + m.user.length;
    expect(size(t900)).toBeLessThanOrEqual(1.1 * size(t1));
    // Nothing of the other tasks is in it.
    expect(t900.user).not.toMatch(/T899|T901/);
  });

  it("fills {{repoMap}} wherever a repository's own template puts it", async () => {
    const repo = makeRepo();
    mkdirSync(join(repo.dir, '.tandem', 'templates'), { recursive: true });
    repo.write('.tandem/templates/implementer.md', 'Implement it.\nFiles:\n{{repoMap}}\n');
    // Committed, as a run needs a clean tree: a first attempt's map is the branch head's files.
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'templates');
    const { system } = await firstMessages(repo, task(1));
    expect(system).toBe('Implement it.\nFiles:\n- .gitignore\n- .tandem/templates/implementer.md\n- README.md');
  });
});
