import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { freePort } from '../../temporal/free-port.js';

describe('TEMPORAL_ADDRESS pointing at nothing', () => {
  it('tandem worker exits 3 and names the address', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const result = await runCli(['worker'], { env: { TEMPORAL_ADDRESS: address } });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('error [TEMPORAL_UNREACHABLE]');
    expect(result.stderr).toContain(address);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('tandem worker reports a namespace that does not exist', async () => {
    const result = await runCli(['worker'], { env: { TEMPORAL_NAMESPACE: 'no-such-namespace' } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error [TEMPORAL_NAMESPACE_NOT_FOUND]');
    expect(result.stderr).toContain('no-such-namespace');
  });
});

describe("another program on the dev server's port", () => {
  it('is named as such, with a hint to free the port or pick another, not to restart the server', async () => {
    const web = http.createServer((_request, response) => response.end('not temporal'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    const port = (web.address() as { port: number }).port;
    try {
      const home = mkdtempSync(join(tmpdir(), 'tandem-foreign-port-'));
      const result = await runCli(['list', '--port', String(port)], { env: { TEMPORAL_ADDRESS: undefined, TANDEM_HOME: home } });
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toContain('error [TEMPORAL_UNREACHABLE]');
      expect(result.stderr).toContain('not a Temporal server');
      expect(result.stderr).toMatch(/Another program listens on 127\.0\.0\.1:\d+\. Stop it, or give Tandem's dev server another port/);
      expect(result.stderr).not.toMatch(/tonic|hyper::Error|\n\s+at /);
    } finally {
      web.close();
    }
  });
});

