/**
 * With TANDEM_ENCRYPTION_KEY set, a real run stores only ciphertext in
 * Temporal: an operator reading history sees no plan text or code, while
 * Tandem (same key) and the codec server still read everything.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCodecServer, type RunningCodecServer } from '../../temporal/codec-server.js';
import { connectTemporal } from '../../temporal/connection.js';
import { encryptionCodecFromEnv } from '../../temporal/data-converter.js';
import { runCli, type CliResult } from '../support/cli.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { testTemporalAddress, uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from '../run/fixtures.js';
import { historyJson, revealsSecret, workflowIdsOnQueue } from './history.js';

const MARKER = 'zanzibar-marker-5f1c';
const CODE = `export const recipe = '${MARKER}-in-the-code';`;
const PLAN = `# Plan: Secret recipe

- [ ] T1: Write the ${MARKER} recipe
  - Details: Create recipe.ts exporting the ${MARKER} recipe.
  - Acceptance:
    - recipe.ts mentions ${MARKER}
  - Verify: \`grep -q ${MARKER} recipe.ts\`
  - Depends on: none
`;

describe('encryption at rest (TANDEM_ENCRYPTION_KEY)', () => {
  const key = randomBytes(32).toString('base64');
  const taskQueue = uniqueTaskQueue('encrypted');
  let repo: TestRepo;
  let fakes: Fakes;
  let result: CliResult;
  let ids: string[];
  let codecServer: RunningCodecServer;

  beforeAll(async () => {
    repo = await greekRepo({ plan: PLAN });
    fakes = await startFakes(implementerScript(() => [{ path: 'recipe.ts', content: `${CODE}\n` }]), reviewerScript());
    result = await runCli(['run', 'TODO.md', '--task-queue', taskQueue], {
      cwd: repo.root,
      env: { ...fakes.env, TANDEM_ENCRYPTION_KEY: key },
      timeoutMs: 180_000,
    });
    ids = await workflowIdsOnQueue(taskQueue);
    codecServer = await startCodecServer({ codec: encryptionCodecFromEnv({ TANDEM_ENCRYPTION_KEY: key })!, port: 0, uiOrigins: [] });
  }, 200_000);

  afterAll(async () => {
    await fakes?.close();
    await codecServer?.close();
  });

  it('runs to completion with every payload encrypted', () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ T1 Write the zanzibar-marker-5f1c recipe — committed/);
    expect(ids).toHaveLength(2);
  });

  it('stores no plaintext of the plan, its commands or the code in any history (summaries included)', async () => {
    for (const id of ids) {
      const history = await historyJson(id);
      expect(revealsSecret(history, 'binary/encrypted'), id).toBe(true);
      for (const plain of [MARKER, 'Secret recipe', 'secret-recipe', 'Write the', 'recipe.ts']) {
        expect(revealsSecret(history, plain), `"${plain}" readable in ${id}`).toBe(false);
      }
    }
  });

  it('lets Tandem read the run with the key: `tandem status` shows the task titles', async () => {
    const withKey = await runCli(['status', 'TODO.md', '--json'], { cwd: repo.root, env: { ...fakes.env, TANDEM_ENCRYPTION_KEY: key } });
    expect(withKey.exitCode, withKey.stderr).toBe(0);
    expect(withKey.stdout).toContain(`Write the ${MARKER} recipe`);
  });

  it('says clearly when the key is missing or wrong, and never shows garbage', async () => {
    const result = async (env: NodeJS.ProcessEnv) => {
      const temporal = await connectTemporal({ env: { TEMPORAL_ADDRESS: testTemporalAddress(), ...env } });
      try {
        return await temporal.client.workflow.getHandle(ids.find((id) => id.endsWith('/T1'))!).result();
      } finally {
        await temporal.close();
      }
    };
    expect(await result({ TANDEM_ENCRYPTION_KEY: key })).toMatchObject({ taskId: 'T1', status: 'committed' });
    await expect(result({})).rejects.toMatchObject({ code: 'ENCRYPTION_KEY_MISSING' });
    await expect(result({ TANDEM_ENCRYPTION_KEY: 'another passphrase, long enough' })).rejects.toMatchObject({
      code: 'ENCRYPTION_KEY_MISMATCH',
      message: expect.stringMatching(/encrypted with key tk-[0-9a-f]{12}/),
    });
  });

  it('decodes a payload taken from the stored history back to the plaintext through the codec server', async () => {
    const runId = ids.find((id) => !id.endsWith('/T1'))!;
    const events = (JSON.parse(await historyJson(runId)) as { events: Record<string, { input?: { payloads: unknown[] } }>[] }).events;
    const input = events[0]!.workflowExecutionStartedEventAttributes!.input!;
    const response = await fetch(`${codecServer.url}/decode`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default' },
      body: JSON.stringify(input),
    });
    expect(response.status).toBe(200);
    const { payloads } = (await response.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    expect(Buffer.from(payloads[0]!.data, 'base64').toString()).toContain('"branch":"tandem/secret-recipe"');
  });

  it('shows the task history decrypted to `temporal workflow show --codec-endpoint`', async () => {
    const task = ids.find((id) => id.endsWith('/T1'))!;
    // The task's input (title, details, verify command) comes back readable; code itself stays in activities and git.
    expect(revealsSecret(await historyJson(task, codecServer.url), `grep -q ${MARKER} recipe.ts`)).toBe(true);
  });
});
