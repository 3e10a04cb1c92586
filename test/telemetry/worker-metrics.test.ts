/** `tandem worker --metrics` serves the Temporal SDK's worker metrics for Prometheus. */
import { createServer, type AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { startCli } from '../support/cli.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import { freePort } from '../../temporal/free-port.js';

it('tandem worker --metrics <addr> serves Prometheus metrics while it runs', async () => {
  const address = `127.0.0.1:${await freePort()}`;
  const worker = startCli(['worker', '--metrics', address, '--task-queue', uniqueTaskQueue('metrics')], { timeoutMs: 60_000 });
  try {
    let body = '';
    await waitFor(async () => {
      body = await fetch(`http://${address}/metrics`).then((response) => response.text(), () => '');
      return /temporal_/.test(body);
    }, 'the worker to serve /metrics', 45_000);
    expect(body).toMatch(/^# (HELP|TYPE) temporal_/m);
  } finally {
    worker.killHard();
    await worker.result;
  }
}, 60_000);

it('an address that is not host:port is a usage error before anything starts', async () => {
  const worker = startCli(['worker', '--metrics', '9464']);
  const result = await worker.result;
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toMatch(/METRICS_ADDRESS_INVALID[\s\S]*--metrics must be host:port, got "9464"/);
});

it('a port already in use is METRICS_ADDRESS_INVALID saying so, with another port to choose, exit 2', async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const address = `127.0.0.1:${(busy.address() as AddressInfo).port}`;
  try {
    const result = await startCli(['worker', '--metrics', address, '--task-queue', uniqueTaskQueue('metrics-busy')]).result;
    expect(result.exitCode).toBe(2);
    // It was `error: Failed to start prometheus metrics exporter: Address already in use (os error 98)`, exit 1.
    expect(result.stderr).toMatch(new RegExp(`^error \\[METRICS_ADDRESS_INVALID\\]: --metrics ${address}: the port is in use, so the worker cannot serve its metrics there\\.\\n  hint: Choose another port, e.g\\. --metrics 127\\.0\\.0\\.1:\\d+, or stop what listens on ${address}\\.$`));
    expect(result.stderr).not.toMatch(/os error|prometheus|^\s+at \S/m);
    expect(result.stdout).not.toContain('tandem worker connected');
  } finally {
    busy.close();
  }
});
