// Which workspaces the sandbox refuses, on a fake home and TANDEM_HOME: HOME itself or above it,
// one holding TANDEM_HOME, one inside it other than a run's worktree.
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceRefusal } from '../../exec/sandbox-workspace.js';

let root: string;
let home: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-ws-rules-')));
  home = path.join(root, 'home');
  await mkdir(path.join(home, '.tandem', 'workspaces', 'tandem-run-app', 'tasks', 'T1'), { recursive: true });
  await mkdir(path.join(home, 'src', 'app'), { recursive: true });
  env = { HOME: home, TANDEM_HOME: path.join(home, '.tandem') };
});
afterAll(() => rm(root, { recursive: true, force: true }));

const refusal = (workspace: string, environment = env) => workspaceRefusal(workspace, environment);

describe('workspaceRefusal', () => {
  it.each([
    ['HOME itself', () => home, 'it is your home directory'],
    ['a directory above HOME', () => root, 'it holds your home directory'],
    ['/', () => '/', 'it holds your home directory'],
    ['TANDEM_HOME itself', () => path.join(home, '.tandem'), "Tandem's state directory"],
    ["a folder of TANDEM_HOME that is not a run's worktree", () => path.join(home, '.tandem', 'journal'), "inside Tandem's state directory"],
    ["a run's folder of worktrees, which holds every task's", () => path.join(home, '.tandem', 'workspaces', 'tandem-run-app'), "inside Tandem's state directory"],
  ])('refuses %s, with a code, a hint and exit code 2', (_what, workspace, why) => {
    const error = refusal(workspace());
    expect(error).toMatchObject({ code: 'SANDBOX_WORKSPACE_UNSAFE', exitCode: 2 });
    expect(error?.message).toContain(why);
    expect(error?.hint).toMatch(/directory of its own/);
  });

  it('refuses a workspace holding TANDEM_HOME set outside HOME', async () => {
    const repo = path.join(root, 'repo');
    await mkdir(path.join(repo, '.state'), { recursive: true });
    expect(refusal(repo, { HOME: home, TANDEM_HOME: path.join(repo, '.state') })?.message).toContain("it holds Tandem's state directory");
  });

  it("accepts a repository in HOME and a run's worktrees in TANDEM_HOME", () => {
    expect(refusal(path.join(home, 'src', 'app'))).toBeUndefined();
    expect(refusal(path.join(home, '.tandem', 'workspaces', 'tandem-run-app', 'run'))).toBeUndefined();
    expect(refusal(path.join(home, '.tandem', 'workspaces', 'tandem-run-app', 'tasks', 'T1'))).toBeUndefined();
  });
});
