/**
 * What the demo prints about attempts that were sent back, read from a real
 * journal on disk: a failing test run and rejecting reviews both say why, and
 * what the next attempt made of it.
 */
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../../cli/journal/read-journal.js';
import { formatSentBack } from '../../../cli/demo/sent-back.js';
import { createSampleRun } from '../../support/sample-journal.js';

describe('formatSentBack', () => {
  it('tells each retried attempt: the check that failed or the review that asked for changes, and how the next attempt ended', async () => {
    const run = await createSampleRun();
    const text = formatSentBack(await readJournal(run.journalDir));
    expect(text).toBe(
      [
        'T2 was sent back after attempt 1:',
        '  `npm test` failed (exit 1)',
        '  Attempt 2 got that feedback, and anthropic:claude-sonnet-5-5 approved it: committed 2b3c4d5e.',
        '',
        'T3 was sent back after attempt 1:',
        '  anthropic:claude-sonnet-5-5 reviewed the diff and the test results: request changes',
        '    still drops Cyrillic',
        '    [blocker] src/translit.ts Cyrillic letters are removed instead of transliterated (attempt 1).',
        '  openai:gpt-5 reviewed the diff and the test results: request changes',
        '    still drops Cyrillic',
        '    [blocker] src/translit.ts Cyrillic letters are removed instead of transliterated (attempt 1).',
        '  Attempt 2 got that feedback, and the task was rolled back: anthropic:claude-sonnet-5-5 requested changes: still drops Cyrillic',
        '',
      ].join('\n'),
    );
  });

  it('says nothing when every task passed on its first attempt', async () => {
    const run = await createSampleRun();
    const journal = await readJournal(run.journalDir);
    expect(formatSentBack({ ...journal, tasks: journal.tasks.filter((task) => task.id === 'T1') })).toBe('');
  });
});
