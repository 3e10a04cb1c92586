import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { privateServerEnv, type PrivateServerEnv } from '../support/private-server.js';

// A dev server of its own (with the Web UI, unlike the shared one): the UI must learn the codec endpoint.
describe('tandem server start --codec-endpoint', () => {
  let server: PrivateServerEnv;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    server = await privateServerEnv('tandem-ui-codec');
    env = server.env;
  });
  afterAll(async () => {
    await server?.dispose(); // stops the server in case a step failed half-way
  });

  it('refuses an endpoint that is not a URL, before starting anything', async () => {
    const result = await runCli(['server', 'start', '--codec-endpoint', 'localhost:8888'], { env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('[CODEC_ENDPOINT_INVALID]');
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  it('passes --ui-codec-endpoint to the dev server, so its Web UI decodes through it', async () => {
    const start = await runCli(['server', 'start', '--codec-endpoint', 'http://127.0.0.1:8888'], { env });
    expect(start.exitCode, start.stderr).toBe(0);
    const settings = (await (await fetch(`http://127.0.0.1:${env.TANDEM_TEMPORAL_UI_PORT}/api/v1/settings`)).json()) as {
      Codec: { Endpoint: string };
    };
    expect(settings.Codec.Endpoint).toBe('http://127.0.0.1:8888');
  });
});
