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
