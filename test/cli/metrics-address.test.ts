/**
 * TANDEM_METRICS_ADDRESS on a port another process holds: `tandem run` and
 * `tandem plan` refuse before anything starts (METRICS_ADDRESS_INVALID, exit
 * 2), instead of running without metrics and with the SDK's own log on the
 * terminal. Commands whose worker does no run's work (status, controls) do not
 * serve metrics, so they run beside a worker that does.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { closedPort } from '../support/closed-port.js';
import { greekRepo } from '../run/fixtures.js';

const KEYS = { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-test' };

describe('TANDEM_METRICS_ADDRESS on a port in use', () => {
  let busy: Server;
  let address: string;

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    address = `127.0.0.1:${(busy.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
  });

  it.each([
    { command: 'run', args: ['run', 'TODO.md'] },
    { command: 'plan', args: ['plan', 'design.md', '--out', 'PLAN.md'] },
  ])('tandem $command refuses before any server is contacted', async ({ args }) => {
    const repo = await greekRepo({ files: { 'design.md': '# Design\n\nWrite alpha.\n' } });
    const result = await runCli(args, { cwd: repo.root, env: { ...KEYS, TANDEM_METRICS_ADDRESS: address, TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}` } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain(`error [METRICS_ADDRESS_INVALID]: TANDEM_METRICS_ADDRESS ${address} cannot be served: Address already in use`);
    expect(result.stderr).toContain('hint: Another process');
    expect(result.stderr).toContain('unset TANDEM_METRICS_ADDRESS to run without metrics');
    expect(result.stderr).not.toContain('TEMPORAL_UNREACHABLE');
    expect(result.stderr).not.toMatch(/\[(INFO|WARN)\]/);
    expect(await repo.git('branch', '--list', 'tandem/*')).toBe('');
  });

  it('tandem status does not serve metrics, so the busy port does not stop it', async () => {
    const repo = await greekRepo();
    const unreachable = `127.0.0.1:${await closedPort()}`;
    const result = await runCli(['status'], { cwd: repo.root, env: { TANDEM_METRICS_ADDRESS: address, TEMPORAL_ADDRESS: unreachable } });
    expect(result.stderr).not.toContain('METRICS_ADDRESS_INVALID');
    // It went on to the connection.
    expect(result.stderr).toContain(`error [TEMPORAL_UNREACHABLE]: Cannot reach the Temporal server at ${unreachable}`);
  });
});
