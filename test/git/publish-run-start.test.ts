/**
 * A new `--remote` run's starting point goes to the remote before any worker
 * elsewhere needs it: the checkout's commit plus its plan file as it is (here
 * uncommitted), made with a private index; the checkout is not touched.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { publishRunStart } from '../../git/publish-run-start.js';
import { createRepo } from '../support/git-repo.js';

it("pushes the checkout's commit plus its uncommitted plan as the run branch, once, leaving the checkout and its index alone", async () => {
  const repo = await createRepo({ 'README.md': '# x\n', 'plans/TODO.md': '# Plan\n' });
  const bare = join(await mkdtemp(join(tmpdir(), 'tandem-publish-')), 'remote.git');
  await execa('git', ['init', '-q', '--bare', bare]);
  await repo.write('plans/TODO.md', '# Plan\n\n- [ ] T1: Write one.txt\n');
  // Something staged of the user's own: it must stay staged, and out of the run's start.
  await repo.write('README.md', '# x, staged\n');
  await repo.git('add', 'README.md');
  const input = { repo: repo.root, branch: 'tandem/x', planRelPath: 'plans/TODO.md', runId: 'tandem/run/x', remote: { name: 'origin', url: bare } };

  const first = await publishRunStart(input);
  expect(first.existing).toBe(false);
  const onRemote = (args: string[]) => execa('git', ['--git-dir', bare, ...args]).then((r) => r.stdout);
  expect(await onRemote(['rev-parse', 'tandem/x'])).toBe(first.sha);
  expect(await onRemote(['show', 'tandem/x:plans/TODO.md'])).toContain('- [ ] T1: Write one.txt');
  expect(await onRemote(['rev-parse', 'tandem/x^'])).toBe(await repo.git('rev-parse', 'HEAD'));
  expect(await onRemote(['log', '-1', '--format=%s%n%(trailers:key=Tandem-Run,valueonly)', 'tandem/x']).then((text) => text.trim())).toBe('Add the plan plans/TODO.md\ntandem/run/x');

  expect(await onRemote(['show', 'tandem/x:README.md'])).toBe('# x');
  expect(await repo.git('status', '--porcelain')).toBe('M  README.md\n M plans/TODO.md');
  expect(await repo.git('branch', '--list', 'tandem/*')).toBe('');
  // A second start (the run exists on the remote) goes on from the branch there.
  expect(await publishRunStart(input)).toEqual({ sha: first.sha, existing: true });
});
