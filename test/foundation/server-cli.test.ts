import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { privateServerEnv, type PrivateServerEnv } from '../support/private-server.js';

// `tandem server` with no TEMPORAL_ADDRESS: its own detached dev server in a private TANDEM_HOME.
describe('tandem server start | status | stop', () => {
  let server: PrivateServerEnv;
  let env: Record<string, string | undefined>;
  let home: string;
  beforeAll(async () => {
    server = await privateServerEnv('tandem-server-cli');
    env = server.env;
    home = env.TANDEM_HOME!;
  });
  afterAll(async () => {
    await server?.dispose(); // stops the server in case a step failed half-way
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
