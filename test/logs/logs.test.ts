import { beforeAll, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { logsText, registerLogsCommand } from '../../cli/commands/logs.js';
import { TandemError } from '../../errors/tandem-error.js';
import { createSampleRun, SHAS, type SampleRun } from '../support/sample-journal.js';

let sample: SampleRun;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sample = await createSampleRun();
  env = { ...sample.env, NO_COLOR: '1' };
});

describe('tandem logs', () => {
  it("tells T2's story: steps, tool calls, the failing test tail, verdicts and both decisions", async () => {
    const text = await logsText('T2', { plan: sample.todoPath }, env);
    expect(text).not.toMatch(/\x1b\[/); // NO_COLOR
    expect(text).toContain('T2 · Support a custom separator · committed on attempt 2 (2b3c4d5e6f)');
    expect(text).toContain('── attempt 1 · started 10:00:'); // times are UTC
    expect(text).toContain('── attempt 2 ·');
    // Steps: model, tokens (with cached), tool calls with their arguments, results.
    expect(text).toContain('step 2 · gpt-5-mini-2025-08-07 · 3.2k in (1.4k cached) / 180 out');
    expect(text).toContain('→ read_file src/slugify.ts');
    expect(text).toContain('1\tline 1 of slugify.ts');
    expect(text).toContain('… (8 more lines; --full shows all)');
    expect(text).not.toContain('line 14 of slugify.ts');
    expect(text).toContain('→ edit_file src/slugify.ts');
    expect(text).toContain('✓ finished: Added the separator option');
    expect(text).toContain('│ Let me read the current implementation first.');
    // The test output tail: the end (why it failed), not the start.
    expect(text).toContain('test · failed · 5s');
    expect(text).toContain('$ npm test · exit 1 · 5s');
    expect(text).toContain("AssertionError: expected 'hello-world' to be 'hello_world'");
    expect(text).toContain('earlier lines; --full shows all');
    expect(text).not.toContain('> vitest run');
    expect(text).toContain('review · skipped: the checks failed');
    // Decisions and feedback.
    expect(text).toContain('decision · retry: `npm test` exited 1');
    expect(text).toContain('feedback for attempt 2:');
    expect(text).toContain('review 1 · anthropic:claude-sonnet-5-5 · approve');
    expect(text).toContain('review 2 · openai:gpt-5 · request_changes');
    expect(text).toContain('[minor] src/slugify.ts:12 An empty separator joins words together');
    expect(text).toContain(`decision · committed ${SHAS.T2.slice(0, 10)} · tests passed and the reviewers approved`);
  });

  it('--attempt 1 shows only that attempt; --full shows everything', async () => {
    const one = await logsText('t2', { plan: sample.todoPath, attempt: '1' }, env);
    expect(one).toContain('── attempt 1 ·');
    expect(one).not.toContain('── attempt 2 ·');
    const full = await logsText('T2', { plan: sample.todoPath, attempt: '1', full: true }, env);
    expect(full).toContain('line 14 of slugify.ts');
    expect(full).toContain('> vitest run');
  });

  it('shows a given-up task as rolled back, with the reason and the blockers', async () => {
    const text = await logsText('T3', { runDir: sample.journalDir }, env);
    expect(text).toContain('failed after 2 attempts');
    expect(text).toContain('[blocker] src/translit.ts Cyrillic letters are removed instead of transliterated (attempt 2)');
    expect(text).toContain(`decision · rolled back: anthropic:claude-sonnet-5-5 requested changes: still drops Cyrillic · marked failed in ${SHAS.T3mark.slice(0, 10)}`);
  });

  it('refuses unknown tasks and attempts with the known ones listed', async () => {
    const unknownTask = logsText('T9', { plan: sample.todoPath }, env);
    await expect(unknownTask).rejects.toBeInstanceOf(TandemError);
    await expect(unknownTask).rejects.toMatchObject({ code: 'LOGS_UNKNOWN_TASK', message: expect.stringContaining('T1, T2, T3') });
    await expect(logsText('T4', { plan: sample.todoPath }, env)).rejects.toMatchObject({ code: 'LOGS_UNKNOWN_TASK' });
    await expect(logsText('T1', { plan: sample.todoPath, attempt: '3' }, env)).rejects.toMatchObject({
      code: 'LOGS_UNKNOWN_ATTEMPT',
      message: 'Task T1 has no attempt 3 (attempts: 1).',
    });
    await expect(logsText('T1', { plan: sample.todoPath, attempt: 'two' }, env)).rejects.toMatchObject({ code: 'INVALID_ATTEMPT' });
  });

  it('says where to look when the plan has no journaled run', async () => {
    const empty = { ...env, TANDEM_HOME: `${sample.journalDir}/nowhere` };
    await expect(logsText('T1', { plan: sample.todoPath }, empty)).rejects.toMatchObject({ code: 'JOURNAL_NOT_FOUND', hint: expect.stringContaining('tandem run TODO.md') });
  });

  it('registers `logs <task> [plan]` with its flags (--plan kept, hidden, for old scripts)', () => {
    const program = new Command();
    registerLogsCommand(program);
    const logs = program.commands.find((c) => c.name() === 'logs')!;
    expect(logs.registeredArguments.map((a) => a.name())).toEqual(['task', 'plan']);
    expect(logs.options.map((o) => o.long)).toEqual(['--attempt', '--run-dir', '--full', '--plan']);
    expect(logs.options.find((o) => o.long === '--plan')!.hidden).toBe(true);
  });
});
