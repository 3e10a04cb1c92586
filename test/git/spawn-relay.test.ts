/**
 * The spawn helper a worker runs git through: same results as a direct spawn,
 * the fork really happens in the helper, a dead helper fails only the commands
 * in flight, and the helper never outlives or holds up the process that uses it.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collect, enableSpawnRelay, onRelayedSpawn } from '../../git/spawn-relay.js';
import { git } from '../../git/run-git.js';
import { isAlive as alive } from '../../temporal/process-group.js';
import { waitFor } from '../support/wait.js';
import { makeRepo } from './helpers.js';

const relayModule = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'git', 'spawn-relay.js');
const env = process.env;
const cwd = process.cwd();

/** The command lines of a process's children, from ps. */
function childCommands(pid: number): Promise<string[]> {
  return new Promise((resolve) =>
    execFile('ps', ['-o', 'args=', '--ppid', String(pid)], (_error, stdout) => resolve(stdout.split('\n').map((line) => line.trim()).filter(Boolean))),
  );
}

describe('the spawn relay', () => {
  enableSpawnRelay();

  it('runs the command in the helper, not in this process, and reports it for timing', async () => {
    const spans: string[] = [];
    const stop = onRelayedSpawn((span) => spans.push(`${span.file} ${span.args.join(' ')} ${span.end >= span.start}`));
    const { stdout, exitCode } = await collect('sh', ['-c', 'echo $PPID'], { cwd, env });
    stop();
    expect(exitCode).toBe(0);
    const parent = Number(stdout.trim());
    expect(parent).not.toBe(process.pid);
    expect(alive(parent)).toBe(true);
    expect(spans).toEqual(['sh -c echo $PPID true']);
  });

  it('passes stdin, and returns stdout, stderr, exit codes and signals like a direct spawn', async () => {
    expect(await collect('cat', [], { cwd, env, input: 'héllo\nwörld\n' })).toEqual({ stdout: 'héllo\nwörld\n', stderr: '', exitCode: 0, signal: null });
    expect(await collect('sh', ['-c', 'echo out; echo err >&2; exit 3'], { cwd, env })).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3, signal: null });
    expect(await collect('sh', ['-c', 'kill -TERM $$'], { cwd, env })).toMatchObject({ exitCode: null, signal: 'SIGTERM' });
    const big = await collect('sh', ['-c', 'head -c 3000000 /dev/zero | tr "\\0" a'], { cwd, env });
    expect(big.stdout.length).toBe(3_000_000);
  });

  it('reports a missing binary or directory as ENOENT, without throwing', async () => {
    expect((await collect('no-such-binary-tandem', [], { cwd, env })).spawnError?.code).toBe('ENOENT');
    expect((await collect('sh', ['-c', 'true'], { cwd: '/no/such/dir', env })).spawnError?.code).toBe('ENOENT');
  });

  it('drives git for real: a commit with its message on stdin', async () => {
    const repo = makeRepo();
    repo.write('a.txt', 'a\n');
    await git(repo.dir, ['add', '-A']);
    await git(repo.dir, ['commit', '-q', '-F', '-'], { input: 'Add a\n\nwith a body\n' });
    expect(repo.git('log', '-1', '--format=%s|%b').trim()).toBe('Add a|with a body');
  });

  it('fails only the commands in flight when the helper dies, then starts a new one', async () => {
    const first = await collect('sh', ['-c', 'echo $PPID'], { cwd, env });
    const helper = Number(first.stdout.trim());
    const inFlight = collect('sleep', ['5'], { cwd, env });
    // Killed once the command is really running in the helper, not after a pause that may be too short.
    await waitFor(async () => (await childCommands(helper)).includes('sleep 5'), 'the helper to run sleep 5', 10_000);
    process.kill(helper, 'SIGKILL');
    expect((await inFlight).spawnError?.code).toBe('ERELAY');
    const next = await collect('sh', ['-c', 'echo $PPID'], { cwd, env });
    expect(next.exitCode).toBe(0);
    expect(Number(next.stdout.trim())).not.toBe(helper);
  });

  it('lets a finished process exit on its own, and the helper goes with it', async () => {
    const script = `
      import { collect, enableSpawnRelay } from ${JSON.stringify(relayModule)};
      enableSpawnRelay();
      const { stdout } = await collect('sh', ['-c', 'echo $PPID'], { cwd: process.cwd(), env: process.env });
      console.log(stdout.trim());
    `;
    const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 }, (error, out) => (error ? reject(error) : resolve({ stdout: out }))),
    );
    const helper = Number(stdout.trim());
    expect(helper).toBeGreaterThan(0);
    await waitFor(() => !alive(helper), 'the helper to exit with its parent', 10_000);
  });

  it('does not outlive a worker that is SIGKILLed mid-command', async () => {
    const script = `
      import { collect, enableSpawnRelay } from ${JSON.stringify(relayModule)};
      enableSpawnRelay();
      const { stdout } = await collect('sh', ['-c', 'echo $PPID'], { cwd: process.cwd(), env: process.env });
      console.log(stdout.trim());
      await collect('sleep', ['30'], { cwd: process.cwd(), env: process.env });
    `;
    const worker = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(worker.stdout, 'data')) as [Buffer];
    const helper = Number(line.toString().trim());
    expect(alive(helper)).toBe(true);
    worker.kill('SIGKILL');
    await waitFor(() => !alive(helper), 'the helper to exit after its worker was killed', 10_000);
  });
});
