/**
 * The real Codex CLI, implementing against the OpenAI fake, runs commands that
 * try to write outside the workspace: /tmp, /var/tmp, its $HOME and .git (with
 * TMPDIR=/tmp in the worker's environment). None of those files exist
 * afterwards, while a write in the workspace, and in the TMPDIR Tandem gives
 * it inside the session's directory, works.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentSession } from '../../agents/session.js';
import type { AgentRun } from '../../agents/run-agent.js';
import type { ResolvedModel } from '../../models/types.js';
import { startFakeOpenAI, type FakeServer } from '../fakes/index.js';
import { codexScript, agentTandemHome } from '../support/agent-scripts.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';
import { TEST_OPENAI_KEY } from '../support/model-fakes.js';

const MARK = `tandem-escape-${randomUUID().slice(0, 8)}`;
const OUTSIDE = [`/tmp/${MARK}`, `/var/tmp/${MARK}`];
const COMMANDS = [
  ...OUTSIDE.map((file) => `echo escaped > ${file}`),
  `echo escaped > "$HOME/${MARK}"`,
  `echo escaped > .git/${MARK}`,
  'echo inside > inside.txt',
  'echo scratch > "$TMPDIR/scratch.txt" && cat "$TMPDIR/scratch.txt" && echo "tmp=$TMPDIR"',
];

describe("codex's sandbox confines its commands to the workspace", () => {
  let repo: TestRepo;
  let fake: FakeServer;
  let run: AgentRun;
  const home = join(agentTandemHome(), 'session');

  beforeAll(async () => {
    mkdirSync(home, { recursive: true });
    repo = await createRepo({ 'README.md': 'hi\n' });
    fake = await startFakeOpenAI({ script: codexScript(() => ({ commands: COMMANDS, summary: 'Tried them all.' })) });
    const model: ResolvedModel = { spec: 'agent:codex/gpt-5.4', providerName: 'openai', kind: 'openai', model: 'gpt-5.4', baseUrl: fake.url, apiKeyEnv: 'OPENAI_API_KEY', agent: 'codex' };
    run = await runAgentSession({
      model,
      workspace: repo.root,
      home,
      prompt: 'Run the commands you are given.',
      mode: 'implement',
      sandbox: 'bwrap',
      // A worker usually has TMPDIR=/tmp: the agent must not inherit it as a way out.
      env: { PATH: process.env.PATH, OPENAI_API_KEY: TEST_OPENAI_KEY, TMPDIR: '/tmp' },
      limits: { maxSteps: 20 },
      eventsFile: join(home, 'events.jsonl'),
      onSession: () => undefined,
      onProgress: () => undefined,
    });
  }, 120_000);

  afterAll(async () => {
    for (const file of OUTSIDE) rmSync(file, { force: true });
    await fake?.close();
  });

  /** What each command printed, as codex told the model (failed commands are missing from codex's --json stream). */
  const outputs = (): string[] => {
    const last = fake.requests.filter((r) => r.path.endsWith('/responses')).at(-1);
    return (last?.body?.input ?? []).filter((item: any) => item.type === 'function_call_output').map((item: any) => String(item.output));
  };

  it('ran every command and finished', () => {
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.progress.lastMessage).toBe('Tried them all.');
    expect(outputs()).toHaveLength(COMMANDS.length);
  });

  it('wrote nothing in /tmp, /var/tmp, its home or .git', () => {
    for (const file of [...OUTSIDE, join(home, MARK), join(repo.root, '.git', MARK)]) expect(existsSync(file), file).toBe(false);
    for (const output of outputs().slice(0, 4)) expect(output).toMatch(/exited with code [1-9][\s\S]*Read-only file system/);
  });

  it('wrote in the workspace, and in a TMPDIR of its own inside the session directory', () => {
    expect(readFileSync(join(repo.root, 'inside.txt'), 'utf8')).toBe('inside\n');
    expect(outputs()[5]).toContain(`scratch\ntmp=${join(home, 'tmp')}`);
  });
});
