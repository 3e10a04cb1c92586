/**
 * The escape of issue 12 end to end: in a real run, the implementer's
 * sandboxed `run_command` builds armed nested repositories (the way the
 * measured models did). Tandem must run none of their programs on the host,
 * tell the model, and commit the task with plain files and no gitlink.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { firstOf, reviewerScript } from '../support/scripted-agents.js';
import { readConversation } from '../support/conversation.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, tandemYaml, type Fakes } from '../run/fixtures.js';
import type { RecordedRequest } from '../fakes/index.js';

const ONE_TASK = `# Plan: Notes

- [ ] T1: Write notes
  - Details: Create NOTES.md.
  - Acceptance:
    - NOTES.md exists
  - Depends on: none
`;

/** A shell script that arms a git directory: every program it names leaves a marker on the host. */
function armScript(markers: string): string {
  const marker = (name: string) => `touch ${path.join(markers, `${name}.ran`)}; cat`;
  return [
    'set -e',
    'arm() { d="$1"; w="$2";',
    `  git config --file "$d/config" core.fsmonitor "${marker('fsmonitor-$w')}";`,
    `  git config --file "$d/config" core.hooksPath "$PWD/hooks";`,
    `  git config --file "$d/config" filter.evil.clean "${marker('clean-$w')}";`,
    `  git config --file "$d/config" filter.evil.smudge "${marker('smudge-$w')}";`,
    `  git config --file "$d/config" diff.evil.textconv "${marker('textconv-$w')}"; }`,
    'mkdir -p hooks sub sub2',
    `for h in pre-commit post-commit reference-transaction post-index-change; do printf '#!/bin/sh\\ntouch ${markers}/%s.ran\\n' $h > hooks/$h; chmod +x hooks/$h; done`,
    'git init -q sub && arm sub/.git sub && echo "* filter=evil diff=evil" > sub/.gitattributes && echo code > sub/code.txt',
    'git init -q --bare gd && arm gd gd && echo "gitdir: ../gd" > sub2/.git && echo "* filter=evil diff=evil" > sub2/.gitattributes && echo code > sub2/code.txt',
    'echo notes > NOTES.md',
  ].join('\n');
}

describe('a run whose implementer builds armed nested repositories with run_command', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let run: CliResult;
  const markers = mkdtempSync(path.join(os.tmpdir(), 'tandem-escape-run-'));

  beforeAll(async () => {
    repo = await greekRepo({ plan: ONE_TASK, config: tandemYaml('sandbox: bwrap\n') });
    const implementer = (request: RecordedRequest) => {
      const conversation = readConversation(request);
      if (conversation.structured || !conversation.taskId) return undefined;
      if (conversation.step === 1) return { toolCalls: [{ name: 'run_command', arguments: { command: armScript(markers) } }] };
      return { toolCalls: [{ name: 'finish', arguments: { summary: 'wrote NOTES.md' } }] };
    };
    fakes = await startFakes(firstOf(implementer), reviewerScript());
    run = await runCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue('escape-git')], { cwd: repo.root, env: fakes.env, timeoutMs: 150_000 });
  }, 180_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('commits the task with plain files, no gitlink and no git directory', async () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const tree = (await repo.git('ls-tree', '-r', 'HEAD')).split('\n');
    expect(tree.filter((entry) => entry.startsWith('160000'))).toEqual([]);
    const paths = tree.map((entry) => entry.split('\t')[1]);
    expect(paths).toEqual(expect.arrayContaining(['NOTES.md', 'sub/code.txt', 'sub2/code.txt']));
    expect(paths.some((p) => p?.startsWith('gd/'))).toBe(false);
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it('tells the model that nested repositories are not allowed', () => {
    const second = fakes.implementer.requests.find((request) => readConversation(request).step === 2);
    // The run_command result the model reads, as sent.
    const sent = JSON.stringify(second?.body);
    expect(sent).toContain('Nested git repositories are not allowed in the workspace; Tandem removed');
    expect(sent).toMatch(/removed [^"]*sub\/\.git/);
  });

  it('ran none of the planted programs on the host', () => {
    expect(readdirSync(markers).filter((name) => name.endsWith('.ran'))).toEqual([]);
  });
});
