/**
 * Bad input for `tandem run`, one row per case: each gets a clear message
 * naming what is wrong (the key and line, the variable, the address), exit 2
 * (usage or config) or 3 (infrastructure), no stack trace, and nothing
 * written or lost: every file, HEAD, every ref, the worktree status and the
 * repository config are exactly as before. Add new cases as rows, so this
 * list can only grow. `tandem plan`'s own bad input is in
 * test/plan-workflow/bad-input.test.ts.
 *
 * One case is the opposite: a workspace path with spaces and unicode must
 * simply work.
 */
import { mkdir, mkdtemp, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../errors/tandem-error.js';
import { trivialPlan } from '../bench/repos.js';
import { greekWith, notARepo, workspaceState, yamlWithModels } from './support/bad-input-workspace.js';
import { runCli } from './support/cli.js';
import { freePort } from '../temporal/free-port.js';
import { implementerScript, reviewerScript } from './support/scripted-agents.js';
import { uniqueTaskQueue } from './support/temporal.js';
import { GREEK_PLAN, greekRepo, startFakes, tandemYaml, type Fakes } from './run/fixtures.js';

/** A stack frame (`    at fn (file.js:12:3)`) or any `file.js:12` location. */
const STACK = /^\s+at \S|\.js:\d+/m;

/** A PATH with node, git and bash but no bwrap: the machine of "no bubblewrap". */
const PATH_WITHOUT_BWRAP = await binDirWith(['node', 'git', 'bash']);

/** Nothing listens here: the case "Temporal unreachable" must name this address. */
const CLOSED_PORT = await freePort();

/** What a well-behaved implementer writes for the Greek-letters plan. */
const GREEK_FILES: Record<string, { path: string; content: string }> = {
  T1: { path: 'a.txt', content: 'alpha\n' },
  T2: { path: 'b.txt', content: 'beta\n' },
  T3: { path: 'c.txt', content: 'gamma\n' },
};

interface BadInput {
  name: string;
  /** Builds the workspace and returns the directory the CLI runs in. Default: the Greek-letters repo. */
  setup?: () => Promise<string>;
  /** Arguments after `tandem run`. Default: `TODO.md`. */
  args?: string[];
  /** Over the fake-model env; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  exit: typeof EXIT.usage | typeof EXIT.infrastructure;
  message: RegExp;
  /** Needs root (e.g. to give the repository to another user); skipped, visibly, otherwise. */
  asRoot?: boolean;
}

const plan = (edit: (text: string) => string) => () => greekWith({ 'TODO.md': edit(GREEK_PLAN) });
const config = (text: string) => () => greekWith({ 'tandem.yaml': text });
const git = (...steps: string[][]) => () => greekWith({}, async (repo) => {
  for (const step of steps) await repo.git(...step);
});

const CASES: BadInput[] = [
  // tandem.yaml
  {
    name: 'tandem.yaml with a YAML syntax error names the line',
    setup: config('models:\n  implementer: openai:gpt-5-mini\n  reviewers: [anthropic:claude-haiku-4-5\ntest: test -f README.md\n'),
    exit: 2,
    message: /\[CONFIG_INVALID\]: tandem\.yaml:[34]: YAML syntax error/,
  },
  {
    name: 'tandem.yaml with a value of the wrong type names the key and line',
    setup: config(tandemYaml('run:\n  maxAttempts: three\n')),
    exit: 2,
    message: /\[CONFIG_INVALID\]: tandem\.yaml:6: run\.maxAttempts: .*expected number/,
  },
  {
    name: 'tandem.yaml with an unknown key names it and its line',
    setup: config(tandemYaml('tesst: npm test\n')),
    exit: 2,
    message: /\[CONFIG_INVALID\]: tandem\.yaml:5: tesst: unknown key/,
  },
  {
    name: '--config naming a file that does not exist',
    args: ['TODO.md', '--config', 'nope.yaml'],
    exit: 2,
    message: /\[CONFIG_NOT_FOUND\]: config file not found: .*nope\.yaml/,
  },
  {
    name: 'an unknown model provider names the provider, the key and the line',
    setup: config(yamlWithModels('  implementer: acme:coder-1\n  reviewers: [anthropic:claude-haiku-4-5]\n')),
    exit: 2,
    message: /\[MODEL_PROVIDER_UNKNOWN\]: tandem\.yaml:2: models\.implementer.*unknown model provider "acme"/,
  },
  {
    name: 'an unknown model alias',
    args: ['TODO.md', '--reviewer', 'smartest'],
    exit: 2,
    message: /\[MODEL_ALIAS_UNKNOWN\]: --reviewer.*"smartest" is neither provider:model nor a known alias/,
  },
  {
    name: 'a missing API key names the variable and who needs it',
    env: { OPENAI_API_KEY: undefined },
    exit: 2,
    message: /\[API_KEY_MISSING\]: API key not set: OPENAI_API_KEY \(needed by implementer openai:gpt-5-mini\)$/m,
  },
  {
    name: 'no model configured and no key set',
    setup: config('test: test -f README.md\n'),
    env: { OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: undefined },
    exit: 2,
    message: /\[MODELS_NOT_CONFIGURED\]: no model is configured for planner, implementer, reviewers/,
  },
  {
    name: 'a reviewer equal to the implementer (--reviewer)',
    args: ['TODO.md', '--reviewer', 'openai:gpt-5-mini'],
    exit: 2,
    message: /\[REVIEWER_IS_IMPLEMENTER\]: --reviewer: reviewer openai:gpt-5-mini is the same model as the implementer \(tandem\.yaml:2: models\.implementer\)/,
  },
  {
    name: 'a reviewer equal to the implementer (tandem.yaml)',
    setup: config(yamlWithModels('  implementer: openai:gpt-5-mini\n  reviewers: [openai:gpt-5-mini]\n')),
    exit: 2,
    message: /\[REVIEWER_IS_IMPLEMENTER\]: tandem\.yaml:3: models\.reviewers\[0\]: reviewer openai:gpt-5-mini is the same model/,
  },

  // The plan file
  {
    name: 'TODO.md with duplicate ids names the line of each',
    setup: plan((text) => text.replace('T3: Write gamma', 'T2: Write gamma')),
    exit: 2,
    message: /\[TODO_INVALID\]: TODO\.md:15: task id T2 is used again \(first on line 9\)/,
  },
  {
    name: 'TODO.md with a dependency cycle names the tasks and lines',
    setup: plan((text) => text.replace('Depends on: none', 'Depends on: T2')),
    exit: 2,
    message: /\[TODO_INVALID\]: TODO\.md:3: dependency cycle T1 → T2 → T1 \(lines 3, 9\)/,
  },
  {
    name: 'TODO.md with an unknown dependency',
    setup: plan((text) => text.replace('Depends on: T1', 'Depends on: T9')),
    exit: 2,
    message: /\[TODO_INVALID\]: TODO\.md:9: T2 depends on T9, which is not a task in this file/,
  },
  {
    name: 'TODO.md with a malformed task line names the line',
    setup: plan((text) => text.replace('- [ ] T3: Write gamma', '- [ ] T3 Write gamma')),
    exit: 2,
    message: /\[TODO_INVALID\]: TODO\.md:15: expected .*, got "- \[ \] T3 Write gamma"/,
  },
  {
    name: 'an empty TODO.md',
    setup: plan(() => ''),
    exit: 2,
    message: /\[TODO_EMPTY\]: .*TODO\.md/,
  },
  {
    name: 'a TODO.md of only whitespace',
    setup: plan(() => ' \n\t\n\n'),
    exit: 2,
    message: /\[TODO_EMPTY\]: .*TODO\.md/,
  },
  {
    name: 'a plan file that is JSON, not Markdown',
    setup: () => greekWith({ 'plan.json': JSON.stringify({ title: 'Greek letters', tasks: [{ id: 'T1', title: 'Write alpha' }] }, null, 2) }),
    args: ['plan.json'],
    exit: 2,
    message: /\[TODO_NOT_MARKDOWN\]: .*plan\.json/,
  },
  {
    name: 'a plan file that is binary',
    setup: () => greekWith({ 'logo.png': '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10' }),
    args: ['logo.png'],
    exit: 2,
    message: /\[TODO_NOT_MARKDOWN\]: .*logo\.png/,
  },
  {
    name: 'a plan file that is binary, byte for byte (not UTF-8 either): named binary, not Latin-1',
    setup: () => greekWith({}, async (repo) => {
      await writeFile(join(repo.root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xd8]));
      await repo.commitAll('a binary file');
    }),
    args: ['logo.png'],
    exit: 2,
    message: /\[TODO_NOT_MARKDOWN\]: logo\.png looks like a binary file/,
  },
  {
    name: 'a plan file that does not exist',
    args: ['PLAN.md'],
    exit: 2,
    message: /\[PLAN_NOT_FOUND\]: Plan file PLAN\.md does not exist\./,
  },
  {
    name: 'a directory as the plan file',
    setup: () => greekWith({}, (repo) => mkdir(join(repo.root, 'plans'))),
    args: ['plans'],
    exit: 2,
    message: /\[PLAN_IS_DIRECTORY\]: plans is a directory, not a plan file\./,
  },
  // Refused up front: a larger plan failed mid-start with TMPRL1103 (payload over 2 MB), leaving a branch and a worktree.
  {
    name: 'a plan over the byte limit a run can carry',
    setup: plan((text) => text.replace('Create a.txt containing the word alpha.', 'x'.repeat(800_000))),
    exit: 2,
    message: /\[PLAN_TOO_LARGE\]: The plan TODO\.md is 80\d{4} bytes; a run takes plans of up to 800000 bytes \(a run carries its plan in Temporal payloads, which must stay under 2 MB\)\.\n  hint: Split the plan/,
  },
  {
    name: 'a plan over the task limit a run can carry',
    setup: () => greekWith({ 'many.md': trivialPlan(2001) }),
    args: ['many.md'],
    exit: 2,
    message: /\[PLAN_TOO_LARGE\]: The plan many\.md has 2001 tasks; a run takes plans of up to 2000 tasks/,
  },
  // A lenient decode turned the Latin-1 "ê" into U+FFFD, which the models read and the run wrote back into the plan.
  {
    name: 'a plan that is not UTF-8 (Latin-1) names the line of its first bad byte',
    setup: () => greekWith({}, async (repo) => {
      await writeFile(join(repo.root, 'TODO.md'), Buffer.from(GREEK_PLAN.replace('the word beta.', 'the word b\u00eata.'), 'latin1'));
      await repo.commitAll('a Latin-1 plan');
    }),
    exit: 2,
    message: /\[PLAN_NOT_UTF8\]: The plan TODO\.md is not valid UTF-8: its first bad byte, 0xEA, is on line 10 .*\n {2}hint: Save it as UTF-8, e\.g\. `iconv -f latin1 -t utf-8 TODO\.md > /,
  },

  // The repository
  {
    name: 'not a git repo',
    setup: notARepo,
    exit: 2,
    message: /\[GIT_NOT_A_REPO\]: TODO\.md is not inside a git working tree\./,
  },
  {
    name: 'a repository without commits',
    setup: () => greekWith({}, (repo) => repo.git('update-ref', '-d', 'refs/heads/main')),
    exit: 2,
    message: /\[GIT_NO_COMMITS\]: The repository has no commits yet\./,
  },
  {
    name: 'a dirty tree names the changed files',
    setup: () => greekWith({}, async (repo) => {
      await repo.write('README.md', '# Greek letters, edited\n');
      await repo.write('notes.txt', 'mine\n');
    }),
    exit: 2,
    message: /\[GIT_DIRTY_TREE\]: The working tree has uncommitted changes: README\.md, notes\.txt\./,
  },
  {
    name: 'a detached HEAD',
    setup: git(['checkout', '-q', '--detach']),
    exit: 2,
    message: /\[GIT_DETACHED_HEAD\]: HEAD is detached \(not on a branch\)\./,
  },
  {
    name: 'a merge in progress',
    setup: git(['switch', '-q', '-c', 'side'], ['commit', '-q', '--allow-empty', '-m', 'side'], ['switch', '-q', 'main'], ['merge', '--no-ff', '--no-commit', 'side']),
    exit: 2,
    message: /\[GIT_OPERATION_IN_PROGRESS\]: The repository is in the middle of a merge/,
  },
  {
    name: 'a branch that already exists from another plan',
    setup: git(['branch', 'tandem/greek-letters'], ['config', 'branch.tandem/greek-letters.tandemPlan', 'plans/other.md']),
    exit: 2,
    message: /\[GIT_BRANCH_TAKEN\]: Branch "tandem\/greek-letters" already exists and belongs to another plan \(plans\/other\.md\)\./,
  },
  {
    name: 'a branch that already exists and Tandem did not create',
    setup: git(['branch', 'tandem/greek-letters']),
    exit: 2,
    message: /\[GIT_BRANCH_TAKEN\]: Branch "tandem\/greek-letters" already exists and belongs to something other than this plan/,
  },
  {
    name: 'an invalid --branch name',
    args: ['TODO.md', '--branch', 'two..dots'],
    exit: 2,
    message: /\[GIT_BAD_BRANCH_NAME\]: "two\.\.dots" is not a valid git branch name\./,
  },

  // Commands and flags
  {
    name: 'a test command that does not exist (tandem.yaml), refused before the run branch is made',
    setup: config(tandemYaml().replace('test: test -f README.md', 'test: definitely-not-a-command --all')),
    exit: 2,
    message: /\[TEST_COMMAND_NOT_FOUND\]: The test command `definitely-not-a-command --all` \(test: in tandem\.yaml\) cannot run: definitely-not-a-command is not a command on PATH\./,
  },
  {
    name: 'a test script that does not exist (--test)',
    args: ['TODO.md', '--test', 'CI=1 ./scripts/test.sh'],
    exit: 2,
    message: /\[TEST_COMMAND_NOT_FOUND\]: The test command `CI=1 \.\/scripts\/test\.sh` \(--test\) cannot run: \.\/scripts\/test\.sh is not a command on PATH or a file in the repository\./,
  },
  {
    name: 'a bad --max-attempts',
    args: ['TODO.md', '--max-attempts', 'zero'],
    exit: 2,
    message: /\[USAGE\]: --max-attempts must be a whole number ≥ 1, got "zero"\./,
  },
  {
    name: 'an unknown option',
    args: ['TODO.md', '--frobnicate'],
    exit: 2,
    message: /unknown option '--frobnicate'/,
  },

  {
    name: 'a repository owned by another user is named as dubious ownership, with the safe.directory fix',
    setup: () => greekWith({}, async (repo) => {
      await execa('chown', ['-R', '12345:12345', repo.root]);
    }),
    asRoot: true,
    exit: 2,
    message: /\[GIT_DUBIOUS_OWNERSHIP\][\s\S]*dubious ownership[\s\S]*git config --global --add safe\.directory/,
  },

  // The sandbox
  {
    name: 'no bubblewrap (PATH without bwrap) refuses to start, exit 3, with the fix',
    env: { PATH: PATH_WITHOUT_BWRAP },
    exit: 3,
    message:
      /\[SANDBOX_UNAVAILABLE\]: Refusing to run model-written commands without a sandbox: bubblewrap \(bwrap\) is not installed\.[\s\S]*apt-get install bubblewrap[\s\S]*--no-sandbox/,
  },
  {
    name: 'a tandem.yaml that turns the sandbox off is refused, naming the line',
    setup: config(tandemYaml('sandbox: none\n')),
    exit: 2,
    message: /\[REPO_CONFIG_NOT_TRUSTED\]: The repository's config asks for what only you may decide:\n {2}tandem\.yaml:5: sandbox: turns the sandbox off[\s\S]*--trust-repo-config/,
  },
  {
    name: 'a tandem.yaml that passes a credential variable to commands is refused',
    setup: config(tandemYaml('env: { allow: [AWS_SECRET_ACCESS_KEY] }\n')),
    exit: 2,
    message: /\[REPO_CONFIG_NOT_TRUSTED\][\s\S]*tandem\.yaml:5: env\.allow\[0\]: passes \$AWS_SECRET_ACCESS_KEY to model-written commands/,
  },
  {
    name: 'a tandem.yaml that picks the always-approving scripted reviewer is refused',
    setup: config(yamlWithModels('  implementer: openai:gpt-5-mini\n  reviewers: [scripted:instant-reviewer]\n')),
    exit: 2,
    message: /\[MODEL_SCRIPTED_NOT_ALLOWED\]: tandem\.yaml:3: models\.reviewers\[0\]: scripted:instant-reviewer is Tandem's built-in scripted model/,
  },

  // Temporal
  {
    name: 'a TANDEM_ENCRYPTION_KEY too weak to use names the variable',
    env: { TANDEM_ENCRYPTION_KEY: 'hunter2' },
    exit: 2,
    message: /\[ENCRYPTION_KEY_INVALID\]: TANDEM_ENCRYPTION_KEY is neither base64 of 32 bytes nor a passphrase/,
  },
  {
    name: 'Temporal unreachable names the address',
    env: { TEMPORAL_ADDRESS: `127.0.0.1:${CLOSED_PORT}` },
    exit: 3,
    message: new RegExp(`\\[TEMPORAL_UNREACHABLE\\]: Cannot reach the Temporal server at 127\\.0\\.0\\.1:${CLOSED_PORT}`),
  },
  {
    name: 'a Temporal namespace that does not exist',
    env: { TEMPORAL_NAMESPACE: 'nope' },
    exit: 2,
    message: /\[TEMPORAL_NAMESPACE_NOT_FOUND\]: Namespace "nope" does not exist on the Temporal server at 127\.0\.0\.1:\d+\./,
  },
];

/** A new directory of symlinks to these programs only, for a PATH that lacks everything else. */
async function binDirWith(programs: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-path-'));
  for (const program of programs) {
    const { stdout } = await execa('bash', ['-c', `command -v ${program}`]);
    await symlink(await realpath(stdout.trim()), join(dir, program));
  }
  return dir;
}

describe.concurrent('tandem run: bad input is refused clearly, with nothing written or lost', () => {
  let silent: Fakes;
  let working: Fakes;

  beforeAll(async () => {
    // No bad input may reach a model: these fakes answer nothing, and fail loudly if asked.
    silent = await startFakes(() => undefined, () => undefined);
    working = await startFakes(
      implementerScript((taskId) => [GREEK_FILES[taskId]!]),
      reviewerScript(),
    );
  });

  afterAll(async () => {
    expect(silent.implementer.requests).toHaveLength(0);
    expect(silent.reviewer.requests).toHaveLength(0);
    await silent?.close();
    await working?.close();
  });

  // First, so the one long run overlaps the quick refusals.
  it('a workspace and plan path with spaces and unicode work: a full run, one commit per task', async () => {
    const repo = await greekRepo({ name: 'my répo ✓' });
    expect(repo.root).toMatch(/\/my répo ✓$/);
    const planPath = 'plans/été 2025/TODO ✓.md';
    await mkdir(join(repo.root, 'plans', 'été 2025'), { recursive: true });
    await repo.git('mv', 'TODO.md', planPath);
    await repo.commitAll('move the plan');
    const result = await runCli(['run', '--in-checkout', planPath, '--task-queue', uniqueTaskQueue('unicode')], { cwd: repo.root, env: working.env, timeoutMs: 120_000 });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(STACK);
    const log = await repo.git('log', '--format=%s', 'main..tandem/greek-letters');
    expect(log.split('\n').sort()).toEqual(['T1: Write alpha', 'T2: Write beta', 'T3: Write gamma']);
    expect(await repo.git('status', '--porcelain')).toBe('');
    expect(await readFile(join(repo.root, 'c.txt'), 'utf8')).toBe('gamma\n');
    expect(await readFile(join(repo.root, planPath), 'utf8')).not.toMatch(/- \[[ !]\]/);
    working.implementer.assertClean();
    working.reviewer.assertClean();
  }, 150_000);

  const isRoot = process.getuid?.() === 0;
  // Rows that need root are listed as skipped elsewhere, never silently dropped.
  it.skip.each(CASES.filter((row) => row.asRoot && !isRoot))('$name (needs root)', () => {});

  it.each(CASES.filter((row) => !row.asRoot || isRoot))('$name', async (row) => {
    const root = await (row.setup ?? (() => greekWith()))();
    const before = await workspaceState(root);
    const result = await runCli(['run', '--in-checkout', ...(row.args ?? ['TODO.md']), '--task-queue', uniqueTaskQueue('bad-input')], {
      cwd: root,
      env: { ...silent.env, ...row.env },
      timeoutMs: 45_000,
    });
    const output = result.stdout + result.stderr;
    expect(result.exitCode, output).toBe(row.exit);
    expect(result.stderr, output).toMatch(row.message);
    expect(output).not.toMatch(STACK);
    expect(await workspaceState(root)).toEqual(before);
  });
});
