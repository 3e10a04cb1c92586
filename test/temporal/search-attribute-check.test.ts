/**
 * A server without Tandem's search attributes: a cluster gets a clear error
 * naming the `temporal operator` commands, Tandem's own dev server is fixed on
 * the spot. The server here is a bare `temporal server start-dev`, as a dev
 * server started by an older Tandem (or someone else) would be.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TandemError } from '../../errors/tandem-error.js';
import type { TemporalTarget } from '../../temporal/connection.js';
import { findTemporalBinary } from '../../temporal/find-binary.js';
import { freePort } from '../../temporal/free-port.js';
import { waitForDevServer } from '../../temporal/readiness.js';
import { ensureSearchAttributes, searchAttributeProblems } from '../../temporal/search-attribute-check.js';
import { RUN_SEARCH_ATTRIBUTE_NAMES } from '../../temporal/search-attributes.js';
import { REPO_ROOT, runCli } from '../support/cli.js';

describe('search attributes on a server that lacks them', () => {
  let server: ChildProcess;
  let dir: string;
  let connection: NativeConnection;
  let target: TemporalTarget;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-bare-server-'));
    const port = await freePort();
    server = spawn(findTemporalBinary(), ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--db-filename', join(dir, 'db')], {
      stdio: 'ignore',
    });
    const failure = await waitForDevServer({ host: '127.0.0.1', port, deadline: Date.now() + 60_000 });
    expect(failure).toBeUndefined();
    const address = `127.0.0.1:${port}`;
    connection = await NativeConnection.connect({ address });
    target = { kind: 'external', address, namespace: 'default', connectionOptions: { address } };
  }, 90_000);

  afterAll(async () => {
    await connection?.close();
    server?.kill('SIGTERM');
    if (server && server.exitCode === null) await new Promise((resolve) => server.once('exit', resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a cluster without them, naming the commands that register them (exit 3)', async () => {
    const error: unknown = await ensureSearchAttributes(connection, target).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TandemError);
    const tandemError = error as TandemError;
    expect(tandemError.code).toBe('TEMPORAL_SEARCH_ATTRIBUTES_MISSING');
    expect(tandemError.exitCode).toBe(3);
    expect(tandemError.message).toContain('TandemState');
    expect(tandemError.hint).toContain('temporal operator search-attribute create --namespace default --name TandemState --type Keyword');
    expect(tandemError.hint).toContain('--name TandemTokens --type Double');
  });

  // Before the next test registers them: `tandem list` filters by them, and the server refuses such a query.
  it('`tandem list --state failed` against that cluster names the commands instead of a raw server error (exit 3)', async () => {
    const result = await runCli(['list', '--state', 'failed'], { env: { TEMPORAL_ADDRESS: target.address } });
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stderr).toContain('error [TEMPORAL_SEARCH_ATTRIBUTES_MISSING]');
    expect(result.stderr).toContain('temporal operator search-attribute create --namespace default --name TandemState --type Keyword');
    expect(result.stderr).not.toMatch(/INVALID_ARGUMENT|\n\s+at /);
  });

  it("registers them on Tandem's dev server, after which a cluster check passes too", async () => {
    await ensureSearchAttributes(connection, { ...target, kind: 'dev-server' });
    const listed = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    expect(Object.keys(listed.customAttributes ?? {})).toEqual(expect.arrayContaining(RUN_SEARCH_ATTRIBUTE_NAMES));
    expect(searchAttributeProblems(listed.customAttributes ?? {})).toEqual([]);
    await expect(ensureSearchAttributes(connection, target)).resolves.toEqual({ checked: true });
  });

  it("docker-compose.yml's namespace job registers them too, and running it again changes nothing", async () => {
    const compose = parse(await readFile(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as { configs: Record<string, { content: string }> };
    // Compose writes `$$` for a literal `$`.
    const script = compose.configs['create-namespace']!.content.replace(/\$\$/g, '$');
    const env = { ...process.env, TEMPORAL_ADDRESS: target.address, DEFAULT_NAMESPACE: 'compose' };
    for (let run = 1; run <= 2; run++) {
      // Once each, without the compose job's restarts: the script itself waits for a namespace it just created.
      const job = await execa('sh', ['-c', script], { env, reject: false, all: true });
      expect(job.exitCode, `the namespace job (run ${run}):\n${job.all}`).toBe(0);
    }
    const listed = await connection.operatorService.listSearchAttributes({ namespace: 'compose' });
    expect(searchAttributeProblems(listed.customAttributes ?? {})).toEqual([]);
  }, 90_000);

  it('names an attribute registered with another type', () => {
    const problems = searchAttributeProblems({ ...Object.fromEntries(RUN_SEARCH_ATTRIBUTE_NAMES.map((name) => [name, 2])) });
    expect(problems.map((problem) => `${problem.name}: ${problem.found} → ${problem.expected}`)).toEqual([
      'TandemTasksDone: Keyword → Int',
      'TandemTasksFailed: Keyword → Int',
      'TandemTasksTotal: Keyword → Int',
      'TandemCostUsd: Keyword → Double',
      'TandemTokens: Keyword → Double',
      'TandemReviewers: Keyword → KeywordList',
    ]);
  });
});
