/**
 * Tandem against a real OpenAI-compatible server, not our fakes: llama.cpp's
 * llama-server with SmolLM2-135M. A model that small writes nonsense, so this
 * asserts that Tandem handles whatever it says: `tandem plan` ends with a valid
 * plan or a clear error, and a one-task `tandem run` ends with a commit or a
 * failed task, within its step limit, with the model's words in `logs`, a clean
 * tree, no crash and no hang. `npm run test:local-model` runs it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTodo } from '../../plan/todo-parse.js';
import { todoToPlan } from '../../plan/todo-convert.js';
import { validatePlan } from '../../plan/validate.js';
import { runCli, type CliResult } from '../support/cli.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { ensureLlamaServer, ensureSmolLm2, startLlamaServer, type LlamaServer } from './llama-server.js';

const CONTEXT = 8192;
const MAX_STEPS = 4;
const MINUTES = 60_000;

const DESIGN = `# Greeting file

Add a file hello.txt that contains the single word hello.
`;

const ONE_TASK = `# Plan: Greeting

- [ ] T1: Write hello.txt
  - Details: Create hello.txt containing the word hello.
  - Acceptance:
    - hello.txt contains exactly "hello"
  - Verify: \`grep -qx hello hello.txt\`
  - Depends on: none
`;

/** Every role on the one local model; it may review itself, since there is no second model here. */
function tandemYaml(baseUrl: string): string {
  return [
    'models:',
    '  planner: local:smollm2',
    '  implementer: local:smollm2',
    '  reviewers: [local:smollm2]',
    '  allowSameModelReview: true',
    'providers:',
    `  local: { baseUrl: "${baseUrl}", contextWindow: ${CONTEXT} }`,
    'test: test -f README.md',
    `run: { maxAttempts: 2, maxSteps: ${MAX_STEPS} }`,
    '',
  ].join('\n');
}

const STACK_LINE = /^\s+at .*[.:]\d+/m;

/** A user error is one `error [CODE]: …` line with a hint, never a stack. */
function expectCleanError(result: CliResult): void {
  const output = result.stdout + result.stderr;
  expect(output).toMatch(/error \[[A-Z_]+\]: /);
  expect(output).not.toMatch(STACK_LINE);
}

describe('a real local model (llama.cpp llama-server, SmolLM2-135M)', () => {
  let server: LlamaServer;

  beforeAll(async () => {
    // The first run builds llama-server (about 8 minutes on 2 cores); later runs reuse the cache.
    const [binary, model] = await Promise.all([ensureLlamaServer(), ensureSmolLm2()]);
    server = await startLlamaServer({ binary, model, contextSize: CONTEXT, maxAnswerTokens: 1024 });
  }, 45 * MINUTES);

  afterAll(async () => {
    await server?.close();
  });

  describe('tandem plan', () => {
    let repo: TestRepo;
    let plan: CliResult;

    beforeAll(async () => {
      repo = await createRepo({ 'README.md': '# Greeting\n', 'design.md': DESIGN, 'tandem.yaml': tandemYaml(server.baseUrl) });
      plan = await runCli(['plan', 'design.md', '--task-queue', uniqueTaskQueue('local-plan')], { cwd: repo.root, timeoutMs: 12 * MINUTES });
      console.info(`[local-model] tandem plan → exit ${plan.exitCode}\n${plan.stdout}\n${plan.stderr}`);
    }, 13 * MINUTES);

    it('writes a valid plan, or fails with a clear error and writes nothing', async () => {
      const todo = join(repo.root, 'TODO.md');
      if (plan.exitCode === 0) {
        const tasks = todoToPlan(parseTodo(await readFile(todo, 'utf8'), { file: 'TODO.md' }));
        expect(validatePlan(tasks)).toEqual([]);
      } else {
        // Not a timeout (-1), not a crash: a task-level or usage failure that names itself.
        expect([1, 2, 3], plan.stdout + plan.stderr).toContain(plan.exitCode);
        expectCleanError(plan);
        expect(existsSync(todo)).toBe(false);
      }
    });
  });

  describe('tandem run, one task', () => {
    let repo: TestRepo;
    let run: CliResult;
    let logs: CliResult;

    beforeAll(async () => {
      repo = await createRepo({ 'README.md': '# Greeting\n', 'TODO.md': ONE_TASK, 'tandem.yaml': tandemYaml(server.baseUrl) });
      run = await runCli(['run', 'TODO.md', '--task-queue', uniqueTaskQueue('local-run')], { cwd: repo.root, timeoutMs: 20 * MINUTES });
      console.info(`[local-model] tandem run → exit ${run.exitCode}\n${run.stdout}\n${run.stderr}`);
      logs = await runCli(['logs', 'T1'], { cwd: repo.root });
      console.info(`[local-model] tandem logs T1 → exit ${logs.exitCode}\n${logs.stdout}\n${logs.stderr}`);
    }, 22 * MINUTES);

    it('ends with the task committed or failed: no crash, no hang', () => {
      expect([0, 1], run.stdout + run.stderr).toContain(run.exitCode);
      expect(run.stdout + run.stderr).not.toMatch(STACK_LINE);
      if (run.exitCode === 1) expect(run.stdout).toMatch(/T1 Write hello\.txt — failed after [12] attempts?: \S/);
    });

    it("shows the model's own steps in logs, none past the step limit", () => {
      expect(logs.exitCode, logs.stderr).toBe(0);
      // llama-server names its model by the GGUF path, and logs show the id the server reports.
      const steps = [...logs.stdout.matchAll(/^ {2}step (\d+) · \S+ · /gm)].map((m) => Number(m[1]));
      expect(steps.length).toBeGreaterThan(0);
      expect(Math.max(...steps)).toBeLessThanOrEqual(MAX_STEPS);
      // What the model said (│) or did (→): its words reach the log whatever they are.
      expect(logs.stdout).toMatch(/^ {4}(│ \S|→ \S)/m);
    });

    it('leaves the tree clean: a commit that passes the check, or only the failure marked in TODO.md', async () => {
      expect(await repo.git('status', '--porcelain')).toBe('');
      const subjects = await repo.git('log', '--format=%s', 'main..HEAD');
      if (run.exitCode === 0) {
        expect(subjects).toBe('T1: Write hello.txt');
        expect((await readFile(join(repo.root, 'hello.txt'), 'utf8')).trim()).toBe('hello');
      } else {
        // The failure is recorded in TODO.md by its own commit; nothing the model did is kept.
        expect(subjects).toMatch(/^T1: failed — /);
        expect(await repo.git('diff', '--name-only', 'main..HEAD')).toBe('TODO.md');
        expect(existsSync(join(repo.root, 'hello.txt'))).toBe(false);
      }
    });
  });
});
