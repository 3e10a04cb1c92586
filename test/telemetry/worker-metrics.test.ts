/** `tandem worker --metrics` serves the Temporal SDK's worker metrics for Prometheus. */
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
