import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { freePort } from '../support/ports.js';

// `tandem server` with no TEMPORAL_ADDRESS: its own detached dev server in a private TANDEM_HOME.
describe('tandem server start | status | stop', () => {
  let home: string;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'tandem-server-cli-'));
    env = {
      TEMPORAL_ADDRESS: undefined,
      TANDEM_HOME: home,
      TANDEM_TEMPORAL_PORT: String(await freePort()),
      TANDEM_TEMPORAL_UI_PORT: String(await freePort()),
    };
  });
  afterAll(async () => {
    await runCli(['server', 'stop'], { env }); // in case a step failed half-way
    await rm(home, { recursive: true, force: true });
  });

  it('starts, reports, reuses and stops the dev server', async () => {
    const start = await runCli(['server', 'start'], { env });
    expect(start.stderr).toBe('');
    expect(start.exitCode).toBe(0);
    expect(start.stdout).toContain('started');

    const status = await runCli(['server', 'status', '--json'], { env });
    expect(status.exitCode).toBe(0);
    const info = JSON.parse(status.stdout) as { running: boolean; managed: boolean; pid: number; uiUrl: string; dbPath: string };
    expect(info).toMatchObject({ running: true, managed: true, uiUrl: `http://127.0.0.1:${env.TANDEM_TEMPORAL_UI_PORT}` });
    expect(info.dbPath).toBe(join(home, 'temporal.db'));

    const text = await runCli(['server', 'status'], { env });
    expect(text.stdout).toContain(`running (pid ${info.pid})`);
    expect(text.stdout).toContain(info.uiUrl);
    const ui = await fetch(info.uiUrl);
    expect(ui.status).toBe(200);

    const again = await runCli(['server', 'start'], { env });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('reusing');
    expect(again.stdout).toContain(`pid ${info.pid}`);

    const stop = await runCli(['server', 'stop'], { env });
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toContain(`stopped (pid ${info.pid})`);
    expect(() => process.kill(info.pid, 0)).toThrow();

    const after = await runCli(['server', 'status', '--json'], { env });
    expect(JSON.parse(after.stdout)).toMatchObject({ running: false });
  });
});
