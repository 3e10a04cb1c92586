/** The commits a converge reviewer cites, resolved on the run branch: a real sha or none, never `HEAD` or a guess. */
import { describe, expect, it } from 'vitest';
import { resolveEvidenceCommits } from '../../git/evidence-commits.js';
import { createRepo } from '../support/git-repo.js';

describe('resolveEvidenceCommits', () => {
  it('turns a short sha or HEAD into the full sha on the branch, and drops a citation of nothing on it, keeping the rest of the evidence', async () => {
    const repo = await createRepo({ 'README.md': '# app\n' });
    await repo.write('a.txt', 'alpha\n');
    await repo.commitAll('T1: Write alpha');
    const t1 = await repo.git('rev-parse', 'HEAD');
    await repo.git('checkout', '-q', '-b', 'elsewhere');
    await repo.write('x.txt', 'x\n');
    await repo.commitAll('not on the run branch');
    const elsewhere = await repo.git('rev-parse', 'HEAD');
    await repo.git('checkout', '-q', 'main');
    const head = await repo.git('rev-parse', 'HEAD');

    const items = await resolveEvidenceCommits({
      repo: repo.root,
      head,
      items: [
        { id: 'R1', evidence: [{ commit: t1.slice(0, 7), file: 'a.txt', line: 1 }, { commit: 'HEAD', test: 'npm test' }] },
        { id: 'R2', evidence: [{ commit: 'deadbee', note: 'b.txt was written here' }, { commit: elsewhere }, { commit: '--output=/tmp/x', file: 'b.txt' }] },
      ],
    });
    expect(items).toEqual([
      { id: 'R1', evidence: [{ commit: t1, file: 'a.txt', line: 1 }, { commit: head, test: 'npm test' }] },
      { id: 'R2', evidence: [{ note: 'b.txt was written here' }, { file: 'b.txt' }] },
    ]);
  });
});
