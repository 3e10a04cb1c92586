/** `--run-dir` (tandem logs, report, pr) that names no folder is an input error, not a crash. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { findJournal } from '../../../cli/journal/find-journal.js';

it('refuses a --run-dir that is a file with JOURNAL_NOT_FOUND (exit 2) and a hint, as it does a missing one', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'tandem-run-dir-')), 'run.json');
  writeFileSync(file, '{}\n');
  // It was readdir's ENOTDIR, printed as an unexpected error with exit 1.
  await expect(findJournal({ runDir: file })).rejects.toMatchObject({
    code: 'JOURNAL_NOT_FOUND',
    exitCode: 2,
    message: `The run directory ${file} is not a directory.`,
    hint: expect.stringContaining('--run-dir'),
  });
  await expect(findJournal({ runDir: join(file, 'missing') })).rejects.toMatchObject({ code: 'JOURNAL_NOT_FOUND', message: expect.stringContaining('does not exist') });
});
