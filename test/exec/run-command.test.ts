import { mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, type RunCommandInput } from '../../exec/run-command.js';
import { sandboxAvailable } from '../../exec/sandbox.js';

let workspace: string;
beforeAll(async () => {
  workspace = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-run-')));
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

function input(overrides: Partial<RunCommandInput> & { command: string }): RunCommandInput {
  return { cwd: workspace, timeoutMs: 10_000, sandbox: 'none', env: process.env, maxOutputBytes: 10_000, killGraceMs: 300, ...overrides };
}

/** Processes whose command line contains `marker`, from ps (not pgrep, which would see its own pattern). */
async function processesWith(marker: string): Promise<string[]> {
  const { stdout } = await execa('ps', ['-eo', 'pid,stat,args'], { reject: false });
  // A zombie is dead: it waits only for its parent to read its exit status.
  return stdout.split('\n').filter((line) => line.includes(marker) && !/^\s*\d+\s+Z/.test(line));
}

/**
 * The processes still alive with `marker` once the kernel has finished killing a sandbox's
 * processes: when bwrap's namespace ends, its processes are killed, but a loaded machine can
 * list them for a moment while they exit. A process that really stayed behind is still there
 * after 3 s (and the test's later check catches it writing).
 */
async function survivorsWith(marker: string): Promise<string[]> {
  const deadline = Date.now() + 3000;
  let left = await processesWith(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = await processesWith(marker);
  }
  return left;
}

// The sandboxed variants run only where bwrap works; here and in CI it does.
const modes = ['none', 'bwrap'] as const;

describe.each(modes)('runCommand (sandbox: %s)', (sandbox) => {
  it('returns exit code and combined output', async () => {
    const result = await runCommand(input({ sandbox, command: 'echo out; echo err >&2; exit 3' }));
    expect(result).toMatchObject({ exitCode: 3, timedOut: false, canceled: false, outputTruncated: false });
    expect(result.output).toContain('out');
    expect(result.output).toContain('err');
    if (sandbox === 'bwrap') expect(result.sandboxed).toBe(await sandboxAvailable());
  });

  it('gives exit code 127 and bash\'s message for a missing command', async () => {
    const result = await runCommand(input({ sandbox, command: 'tandem-no-such-command --flag' }));
    expect(result.exitCode).toBe(127);
    expect(result.output).toMatch(/tandem-no-such-command: command not found/);
  });

  it('kills the whole process group on timeout, leaving no orphans', async () => {
    const marker = sandbox === 'none' ? '987.11' : '987.22';
    const started = Date.now();
    const result = await runCommand(
      input({ sandbox, timeoutMs: 500, command: `sleep ${marker} & (sleep ${marker} &) ; echo started; wait` }),
    );
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(result.output).toContain('started');
    // Far below the sleep's 987 s, so the timeout ended it, with room for a loaded machine's bwrap start.
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(await survivorsWith(`sleep ${marker}`)).toEqual([]);
  });

  it('kills background jobs a finished command left behind', async () => {
    const marker = sandbox === 'none' ? '987.33' : '987.44';
    const result = await runCommand(input({ sandbox, command: `sleep ${marker} & echo done` }));
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    expect(await survivorsWith(`sleep ${marker}`)).toEqual([]);
  });

  it('kills the process group when aborted', async () => {
    const marker = sandbox === 'none' ? '987.55' : '987.66';
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await runCommand(input({ sandbox, signal: controller.signal, command: `sleep ${marker} & wait` }));
    expect(result).toMatchObject({ canceled: true, timedOut: false, exitCode: null });
    expect(await survivorsWith(`sleep ${marker}`)).toEqual([]);
  });

  it('escalates to SIGKILL when the command ignores SIGTERM', async () => {
    const marker = sandbox === 'none' ? '0.0511' : '0.0522';
    const result = await runCommand(input({ sandbox, timeoutMs: 300, command: `trap '' TERM; while true; do sleep ${marker}; done` }));
    expect(result.timedOut).toBe(true);
    // Unsandboxed the shell ignores SIGTERM and needs SIGKILL; bwrap itself dies of
    // SIGTERM and takes its whole PID namespace with it.
    expect(result.signal).toBe(sandbox === 'none' ? 'SIGKILL' : 'SIGTERM');
    expect(await survivorsWith(`sleep ${marker}`)).toEqual([]);
  });

  it('leaves no process behind that could write after the step ends', async () => {
    const marker = `leftover-${sandbox}-${process.pid}`;
    const dir = await realpath(await mkdtemp(path.join(workspace, 'left-')));
    // Each waits for a file the test creates only after runCommand returned, then writes. Their
    // output goes to /dev/null, so no open pipe keeps runCommand waiting for them.
    const waitThenWrite = (name: string) => `until [ -e go ]; do sleep 0.01; done; echo late > ${name}`;
    const detached = sandbox === 'bwrap' ? `setsid bash -c '${waitThenWrite('late-setsid')}; : ${marker}' >/dev/null 2>&1 &` : '';
    const result = await runCommand(input({ sandbox, cwd: dir, command: `: ${marker}; (${waitThenWrite('late')}) >/dev/null 2>&1 & ${detached} echo started` }));
    expect(result).toMatchObject({ exitCode: 0, timedOut: false, output: 'started\n' });
    expect(await survivorsWith(marker)).toEqual([]);
    await writeFile(path.join(dir, 'go'), '');
    expect(await readdir(dir)).toEqual(['go']);
  });

  it('keeps the tail of large output within the cap', async () => {
    const result = await runCommand(input({ sandbox, maxOutputBytes: 1000, command: 'seq 1 200000' }));
    expect(result.exitCode).toBe(0);
    expect(result.outputTruncated).toBe(true);
    expect(result.output).toMatch(/^\[\.\.\. \d+ bytes of output omitted \.\.\.\]\n/);
    expect(result.output.endsWith('199999\n200000\n')).toBe(true);
    expect(result.output).not.toContain('\n1\n2\n');
    expect(Buffer.byteLength(result.output)).toBeLessThan(1100);
  });
});

describe('runCommand environment and secrets', () => {
  const secret = 'sk-test-0123456789abcdef';
  const env = { ...process.env, OPENAI_API_KEY: secret, MY_SERVICE_TOKEN: 'tok-abcdefgh12345', ALLOWED_TOKEN: 'keep-me-1234', LANG: 'C.UTF-8' };

  it.each(modes)('drops credentials from the child env but keeps allowlisted names (sandbox: %s)', async (sandbox) => {
    const result = await runCommand(input({ sandbox, env, envAllow: ['ALLOWED_TOKEN'], command: 'env' }));
    expect(result.output).not.toContain('OPENAI_API_KEY');
    expect(result.output).not.toContain('MY_SERVICE_TOKEN');
    expect(result.output).not.toContain(secret);
    expect(result.output).toContain('ALLOWED_TOKEN=keep-me-1234');
    expect(result.output).toContain('LANG=C.UTF-8');
    expect(result.output).toMatch(/^PATH=/m);
  });

  // What a security review saw in `env` inside the sandbox, plus a provider key under a name no pattern knows.
  it.each(modes)("keeps Temporal's auth headers, tokens by name or value and the run's key variables from the child (sandbox: %s)", async (sandbox) => {
    const leaked = {
      DOCKER_AUTH_CONFIG: '{"auths":{"x":{"auth":"dXNlcjpTRUNSRVQ="}}}',
      GITHUB_PAT: 'ghp_SECRETPAT1234567890',
      SENTRY_DSN: 'https://abc123SECRET@o1.ingest.sentry.io/1',
      TEMPORAL_GRPC_META_AUTHORIZATION: 'Bearer grpcmeta-SECRET-123456',
      OLLAMA_BEARER: 'ollama-SECRET-123456',
    };
    const result = await runCommand(input({ sandbox, env: { ...env, ...leaked }, keyVariables: ['OLLAMA_BEARER'], command: 'env' }));
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain('LANG=C.UTF-8');
    expect(result.output).not.toMatch(/SECRET|dXNlcj/);
  });

  it('redacts secret values from the output, even one cut by the cap', async () => {
    const secrets = [{ name: 'OPENAI_API_KEY', value: secret }];
    const printed = await runCommand(input({ secrets, command: `echo "key is ${secret}"` }));
    expect(printed.output).toBe('key is [REDACTED:OPENAI_API_KEY]\n');
    // The cap falls in the middle of the secret: no fragment of it may survive.
    const cut = await runCommand(input({ secrets, maxOutputBytes: 12, command: `printf '%s' "xxxx${secret}tail"` }));
    expect(cut.output).not.toMatch(/0123|cdef/);
    expect(cut.outputTruncated).toBe(true);
  });

  it('returns a canceled result without running when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await runCommand(input({ signal: controller.signal, command: 'touch should-not-exist' }));
    expect(result).toMatchObject({ canceled: true, exitCode: null });
    await expect(execa('test', ['-e', path.join(workspace, 'should-not-exist')], { reject: false })).resolves.toMatchObject({ exitCode: 1 });
  });

  it('reports a missing working directory as a result, not a throw', async () => {
    const result = await runCommand(input({ cwd: path.join(workspace, 'missing-dir'), command: 'true' }));
    expect(result.exitCode).toBeNull();
    expect(result.output.length).toBeGreaterThan(0);
  });
});
