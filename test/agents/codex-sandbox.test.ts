/**
 * The real Codex CLI in Tandem's sandbox, against the OpenAI fake. Implementing,
 * its commands try to get out: write /tmp, /var/tmp, its $HOME and .git (with
 * TMPDIR=/tmp in the worker's environment), read the user's ~/.ssh and another
 * run's journal beside its session, find the key, reach the model server
 * directly. Nothing lands outside the workspace and the TMPDIR Tandem gives it,
 * no secret reaches the model or the workspace, the agent holds a placeholder
 * key while the model server gets the real one, and there is no network.
 * Reviewing, its commands cannot change the workspace.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentSession } from '../../agents/session.js';
import type { AgentLaunchInput } from '../../agents/launch.js';
import type { AgentRun } from '../../agents/run-agent.js';
import type { ResolvedModel } from '../../models/types.js';
import { startFakeOpenAI, type FakeServer } from '../fakes/index.js';
import { codexScript, agentTandemHome } from '../support/agent-scripts.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';
import { TEST_OPENAI_KEY } from '../support/model-fakes.js';

const MARK = `tandem-escape-${randomUUID().slice(0, 8)}`;
const OUTSIDE = [`/tmp/${MARK}`, `/var/tmp/${MARK}`];
/** The text of the secrets outside the workspace: it must never reach the model or the workspace. */
const SECRET = `tandem-secret-${randomUUID()}`;

/** Runs codex once in `mode` on a fresh repository, its model playing `commands`. */
async function codexSession(mode: AgentLaunchInput['mode'], home: string, commands: (fakeUrl: string) => string[], env: NodeJS.ProcessEnv = {}) {
  mkdirSync(home, { recursive: true });
  const repo = await createRepo({ 'README.md': 'hi\n' });
  let planned: string[] = [];
  const fake = await startFakeOpenAI({ script: codexScript(() => ({ commands: planned, summary: 'Tried them all.' })) });
  planned = commands(fake.url);
  const model: ResolvedModel = { spec: 'agent:codex/gpt-5.4', providerName: 'openai', kind: 'openai', model: 'gpt-5.4', baseUrl: fake.url, apiKeyEnv: 'OPENAI_API_KEY', agent: 'codex' };
  const run = await runAgentSession({
    model,
    workspace: repo.root,
    home,
    prompt: 'Run the commands you are given.',
    mode,
    sandbox: 'bwrap',
    // A worker usually has TMPDIR=/tmp: the agent must not inherit it as a way out.
    env: { PATH: process.env.PATH, OPENAI_API_KEY: TEST_OPENAI_KEY, TMPDIR: '/tmp', ...env },
    limits: { maxSteps: 20 },
    eventsFile: join(home, 'events.jsonl'),
    onSession: () => undefined,
    onProgress: () => undefined,
  });
  return { repo, fake, run, commands: planned };
}

/** What each command printed, as codex told the model (failed commands are missing from codex's --json stream). */
function outputs(fake: FakeServer): string[] {
  const last = fake.requests.filter((r) => r.path.endsWith('/responses')).at(-1);
  return (last?.body?.input ?? []).filter((item: any) => item.type === 'function_call_output').map((item: any) => String(item.output));
}

/** Every file under `dir` but .git, with its text. */
function filesUnder(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => !name.split('/').includes('.git'))
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

describe("codex implementing in Tandem's sandbox", () => {
  let repo: TestRepo;
  let fake: FakeServer;
  let run: AgentRun;
  let commands: string[];
  const tandemHome = agentTandemHome();
  const home = join(tandemHome, 'agents', 'run-1', 'T1', 'attempt-1');
  // The worker's own HOME, with a key in it, and another run's journal beside this session's directory.
  const userHome = agentTandemHome('tandem-user-home-');
  const userKey = join(userHome, '.ssh', 'id_tandem_test');
  const otherJournal = join(tandemHome, 'journal', 'run-0', 'events.jsonl');

  beforeAll(async () => {
    for (const file of [userKey, otherJournal]) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, `${SECRET}\n`);
    }
    ({ repo, fake, run, commands } = await codexSession('implement', home, (fakeUrl) => [
      ...OUTSIDE.map((file) => `echo escaped > ${file}`),
      `echo escaped > "$HOME/${MARK}"`,
      `echo escaped > .git/${MARK}`,
      'echo inside > inside.txt',
      'echo scratch > "$TMPDIR/scratch.txt" && cat "$TMPDIR/scratch.txt" && echo "tmp=$TMPDIR"',
      `cat ${userKey} > stolen-key.txt; cat ${userKey}`,
      `cp ${otherJournal} stolen-journal.txt; cat ${otherJournal}`,
      // Every process in the sandbox (the forwarder, codex, this shell): the key variable as each holds it.
      `cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -a '^TANDEM_CODEX_API_KEY=' | sort -u`,
      `(exec 3<>/dev/tcp/127.0.0.1/${new URL(fakeUrl).port}) 2>/dev/null && echo probe-reached || echo probe-blocked`,
    ], { HOME: userHome, TANDEM_HOME: tandemHome }));
  }, 120_000);

  afterAll(async () => {
    for (const file of OUTSIDE) rmSync(file, { force: true });
    await fake?.close();
  });

  it('ran every command and finished', () => {
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.progress.lastMessage).toBe('Tried them all.');
    expect(outputs(fake)).toHaveLength(commands.length);
  });

  it('wrote nothing in the host’s /tmp or /var/tmp, its home or .git', () => {
    for (const file of [...OUTSIDE, join(home, MARK), join(repo.root, '.git', MARK)]) expect(existsSync(file), file).toBe(false);
    expect(outputs(fake)[3]).toMatch(/exited with code [1-9][\s\S]*Read-only file system/);
  });

  it('wrote in the workspace, and in a TMPDIR of its own inside the session directory', () => {
    expect(readFileSync(join(repo.root, 'inside.txt'), 'utf8')).toBe('inside\n');
    expect(outputs(fake)[5]).toContain(`scratch\ntmp=${join(home, 'tmp')}`);
  });

  it("could not read the user's ~/.ssh nor another run's journal: neither reached the model or the workspace", () => {
    for (const output of outputs(fake).slice(6, 8)) expect(output).toMatch(/exited with code [1-9][\s\S]*No such file or directory/);
    expect(fake.requests.filter((request) => request.rawBody.includes(SECRET))).toEqual([]);
    expect(filesUnder(repo.root).filter(({ text }) => text.includes(SECRET))).toEqual([]);
  });

  it('held only the placeholder key, while the model server got the real one on every call', () => {
    expect(outputs(fake)[8]).toContain('Output:\nTANDEM_CODEX_API_KEY=tandem-gateway-adds-the-key\n');
    expect(outputs(fake).filter((output) => output.includes(TEST_OPENAI_KEY))).toEqual([]);
    expect([...new Set(fake.requests.map((request) => request.headers.authorization))]).toEqual([`Bearer ${TEST_OPENAI_KEY}`]);
  });

  it('had no network: the model server itself was out of reach', () => {
    expect(outputs(fake)[9]).toContain('probe-blocked');
    fake.assertClean();
  });
});

describe("codex reviewing in Tandem's sandbox", () => {
  let repo: TestRepo;
  let fake: FakeServer;
  let run: AgentRun;
  const home = join(agentTandemHome(), 'review');

  beforeAll(async () => {
    ({ repo, fake, run } = await codexSession('review', home, () => ['echo changed >> README.md', 'echo new > review-wrote.txt', 'cat README.md']));
  }, 120_000);

  afterAll(async () => {
    await fake?.close();
  });

  it('read the workspace, but its commands could not change it', async () => {
    expect(run.exitCode, run.stderr).toBe(0);
    const [append, create, read] = outputs(fake);
    for (const output of [append, create]) expect(output).toMatch(/exited with code [1-9][\s\S]*Read-only file system/);
    expect(read).toContain('Output:\nhi\n');
    expect(readFileSync(join(repo.root, 'README.md'), 'utf8')).toBe('hi\n');
    expect(existsSync(join(repo.root, 'review-wrote.txt'))).toBe(false);
    expect(await repo.git('status', '--porcelain')).toBe('');
  });
});
