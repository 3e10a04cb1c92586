/**
 * Ctrl-C on `tandem run --no-worker` or `tandem plan --no-worker` stops following,
 * and says where the workflow lives, without claiming to have stopped a worker
 * this process never ran.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startCli, waitUntil, type BackgroundCli } from '../plan-workflow/background-cli.js';
import { designRepo, planArgs, planReviewerScript, plannerScript, startPlanFakes } from '../plan-workflow/fixtures.js';
import { greekRepo, startFakes } from '../run/fixtures.js';
import { connectTestTemporal } from '../support/temporal.js';

const started: string[] = [];

afterAll(async () => {
  // Nothing serves them: end them here rather than leave them open on the shared server.
  const temporal = await connectTestTemporal();
  try {
    for (const id of started) await temporal.client.workflow.getHandle(id).terminate('test over').catch(() => undefined);
  } finally {
    await temporal.close();
  }
});

async function interruptOnceWaiting(cli: BackgroundCli): Promise<{ exitCode: number | undefined; output: string }> {
  await waitUntil('the CLI to say no worker runs here', () => cli.output().includes('No worker in this process'));
  const exitCode = await cli.interrupt();
  const output = cli.output();
  started.push(/on the Temporal server \(([^)]+)\)/.exec(output)?.[1] ?? '');
  return { exitCode, output };
}

describe('Ctrl-C with --no-worker', () => {
  it('tandem run: exit 130, where the run lives, and no "Stopped the local worker"', async () => {
    const fakes = await startFakes(() => undefined, () => undefined);
    try {
      const repo = await greekRepo({ name: 'no-worker-interrupt' });
      const { exitCode, output } = await interruptOnceWaiting(startCli(['run', '--no-worker'], { cwd: repo.root, env: fakes.env }));
      expect(exitCode).toBe(130);
      expect(output).toMatch(/\nThe run itself stays on the Temporal server \(tandem\/run\/[^)]+\)\.\n  resume it: tandem run TODO\.md/);
      expect(output).not.toContain('Stopped the local worker');
    } finally {
      await fakes.close();
    }
  }, 60_000);

  it('tandem plan: exit 130, where the planning lives, and no "Stopped the local worker"', async () => {
    const fakes = await startPlanFakes(plannerScript(() => undefined), planReviewerScript(() => undefined));
    try {
      const repo = await designRepo();
      const { exitCode, output } = await interruptOnceWaiting(startCli(planArgs(['--no-worker']), { cwd: repo.root, env: fakes.env }));
      expect(exitCode).toBe(130);
      expect(output).toMatch(/\nThe plan itself stays on the Temporal server \(tandem\/plan\/[^)]+\)\.\n  resume it: run the same `tandem plan design\.md` again/);
      expect(output).not.toContain('Stopped the local worker');
    } finally {
      await fakes.close();
    }
  }, 60_000);
});
