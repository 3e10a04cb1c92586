/**
 * Bad input gets a clear message, a non-zero exit, no stack trace and
 * nothing written: no TODO.md, and no model paid for a design it cannot plan.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRepo } from '../support/git-repo.js';
import { designRepo, modelRequests, planArgs, planReviewerScript, plannerScript, runPlan, startPlanFakes, todoPath, type PlanFakes, type PlanRun } from './fixtures.js';

const NO_STACK = /at .*\.js:\d+/;

describe('tandem plan: bad input', () => {
  let fakes: PlanFakes;

  beforeAll(async () => {
    fakes = await startPlanFakes(
      // A planner that keeps answering with JSON that is not a plan (no tasks).
      plannerScript(() => ({ json: { title: 'Add options to slugify' } })),
      planReviewerScript(() => undefined),
    );
  });

  afterAll(async () => {
    await fakes?.close();
  });

  async function refused(repo: TestRepo, design: string, extra: string[] = []): Promise<PlanRun> {
    const before = fakes.planner.requests.length;
    const run = await runPlan(repo, planArgs(extra, design), fakes.env);
    expect(run.exitCode, run.stdout + run.stderr).not.toBe(0);
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(run.stdout).not.toMatch(/^Started /m); // refused before any workflow starts
    expect(existsSync(todoPath(repo))).toBe(false);
    expect(fakes.planner.requests.length).toBe(before);
    return run;
  }

  it('a missing design', async () => {
    const run = await refused(await designRepo(), 'docs/nope.md');
    expect(run.stderr).toMatch(/\[DESIGN_MISSING\]: The design document .*docs\/nope\.md does not exist\./);
  });

  it('an empty design, and one of only whitespace', async () => {
    const repo = await designRepo({ 'empty.md': '', 'blank.md': ' \n\t\n  \n' });
    expect((await refused(repo, 'empty.md')).stderr).toMatch(/\[DESIGN_EMPTY\]: The design document .*empty\.md is empty\./);
    expect((await refused(repo, 'blank.md')).stderr).toMatch(/\[DESIGN_EMPTY\]: The design document .*blank\.md is empty\./);
  });

  it('a binary design', async () => {
    const repo = await designRepo();
    await repo.write('logo.png', '\x89PNG\r\n\x1a\n\0\0\0\rIHDR');
    expect((await refused(repo, 'logo.png')).stderr).toMatch(/\[DESIGN_BINARY\]: .*logo\.png is a binary file/);
  });

  // A lenient decode sent the planner U+FFFD for each Latin-1 byte.
  it('a design that is not UTF-8 (Latin-1), naming the line of its first bad byte; a UTF-8 BOM is fine', async () => {
    const repo = await designRepo();
    await writeFile(join(repo.root, 'latin1.md'), Buffer.from('# Design\n\nA caf\u00e9 menu.\n', 'latin1'));
    const run = await refused(repo, 'latin1.md');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/error \[DESIGN_NOT_UTF8\]: The design document latin1\.md is not valid UTF-8: its first bad byte, 0xE9, is on line 3 .*\n {2}hint: Save it as UTF-8, e\.g\. `iconv -f latin1 -t utf-8 latin1\.md > /);
    // With a BOM, the same design in UTF-8 gets past the check (to the --yes refusal that comes after it).
    await writeFile(join(repo.root, 'bom.md'), `\uFEFF# Design\n\nA caf\u00e9 menu.\n`);
    expect((await refused(repo, 'bom.md', ['--yes'])).stderr).toMatch(/error \[USAGE\]: --yes goes with --update/);
  });

  it('--update of a plan that is not UTF-8: refused before the planner runs, the plan left as it was', async () => {
    const repo = await designRepo();
    const latin1 = Buffer.from('# Plan: Caf\u00e9\n\n- [ ] T1: Write it\n  - Details: x\n  - Acceptance:\n    - x\n  - Verify: `true`\n', 'latin1');
    await writeFile(todoPath(repo), latin1);
    const before = fakes.planner.requests.length;
    const run = await runPlan(repo, planArgs(['--update', '--dry-run']), fakes.env);
    expect([run.exitCode, run.stderr]).toEqual([2, expect.stringMatching(/error \[PLAN_NOT_UTF8\]: The plan TODO\.md is not valid UTF-8: its first bad byte, 0xE9, is on line 1 /)]);
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(fakes.planner.requests.length).toBe(before);
    expect(await readFile(todoPath(repo))).toEqual(latin1);
  });

  it('a design too large for the planner, naming the size and the limit', async () => {
    const repo = await designRepo();
    await repo.write('huge.md', `# Huge\n${'x'.repeat(400_000)}\n`);
    expect((await refused(repo, 'huge.md')).stderr).toMatch(/\[DESIGN_TOO_LARGE\]: .*huge\.md is 400008 bytes; the planner's limit is 400000 bytes\./);
  });

  it('a directory as the design', async () => {
    const repo = await designRepo();
    await mkdir(join(repo.root, 'docs'));
    expect((await refused(repo, 'docs')).stderr).toMatch(/\[DESIGN_IS_DIRECTORY\]: .*docs is a directory, not a design document\./);
  });

  it('a directory as --out, and a path through a file', async () => {
    const repo = await designRepo();
    await mkdir(join(repo.root, 'plans'));
    const directory = await refused(repo, 'design.md', ['--out', 'plans']);
    expect(directory.exitCode).toBe(2);
    expect(directory.stderr).toMatch(/error \[PLAN_IS_DIRECTORY\]: plans is a directory, not a plan file\.\n  hint: Name a file with --out, e.g. --out plans\/TODO\.md\./);
    const throughFile = await refused(repo, 'design.md', ['--out', 'design.md/TODO.md']);
    expect(throughFile.exitCode).toBe(2);
    expect(throughFile.stderr).toMatch(/error \[USAGE\]: --out design\.md\/TODO\.md cannot be a plan file: part of its path is a file, not a directory\./);
    expect(directory.stderr + throughFile.stderr).not.toMatch(/EISDIR|ENOTDIR/);
  });

  it('a planner that keeps returning invalid JSON: one corrective retry, then a clear failure naming the schema', async () => {
    const repo = await designRepo();
    const before = modelRequests(fakes.planner.requests).length;
    const run = await runPlan(repo, planArgs(), fakes.env);
    expect(run.exitCode, run.stdout + run.stderr).toBe(2);
    expect(run.stderr).not.toMatch(NO_STACK);
    expect(run.stderr).toMatch(/error \[MODEL_CALL_ERROR_INVALID_OUTPUT\]: .*openai:gpt-5 returned output that does not match the schema "plan", even after one retry/);
    expect(existsSync(todoPath(repo))).toBe(false);

    const planner = modelRequests(fakes.planner.requests).slice(before);
    expect(planner).toHaveLength(2); // no activity retries on top of the model layer's one
    expect(planner[1]?.lastUser).toContain('Your reply did not match the required "plan" JSON schema');
    expect(planner[1]?.lastUser).toContain('tasks');
    expect(modelRequests(fakes.reviewer.requests)).toHaveLength(0);
  });
});
