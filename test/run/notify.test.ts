/**
 * Notifications end to end: the real CLI and dev server post to a local HTTP
 * receiver when a task fails and when the run ends; a webhook nobody answers
 * leaves the run finishing as usual, with a note that shows no secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { freePort } from '../../temporal/free-port.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { greekPlanBefore, greekRepo, startFakes, tandemYaml, type Fakes } from './fixtures.js';

const ONE_TASK = greekPlanBefore('T2');

describe('tandem run --notify: a task fails, the run finishes', () => {
  let fakes: Fakes;
  let receiver: WebhookReceiver;
  let result: CliResult;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const repo = await greekRepo({ plan: ONE_TASK });
    // "alfa" fails the task's Verify; one attempt makes it fail at once.
    fakes = await startFakes(implementerScript(() => [{ path: 'a.txt', content: 'alfa\n' }]), reviewerScript());
    result = await runCli(
      ['run', 'TODO.md', '--max-attempts', '1', '--notify', `${receiver.url}/hooks/team-token-1234`, '--task-queue', uniqueTaskQueue('notify')],
      { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 },
    );
  }, 150_000);

  afterAll(async () => {
    await fakes?.close();
    await receiver?.close();
  });

  it('posts task_failed, then run_finished, as JSON to the webhook', () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    expect(receiver.received.map((r) => r.body.event)).toEqual(['task_failed', 'run_finished']);
    expect(receiver.received.every((r) => r.path === '/hooks/team-token-1234')).toBe(true);
    const [failed, finished] = receiver.received.map((r) => r.body);
    expect(failed).toMatchObject({ task: { id: 'T1' }, run: { plan: 'TODO.md' } });
    expect(failed!.reason).toMatch(/grep -qx alpha a\.txt/);
    expect(finished).toMatchObject({ state: 'failed', tasks: { failed: 1 } });
    expect(finished!.text).toMatch(/^Tandem run failed: TODO\.md on tandem\/greek-letters/);
  });

  it('prints no note when every notification was delivered', () => {
    expect(result.stdout).not.toMatch(/note:/);
  });
});

describe('an unreachable webhook in tandem.yaml', () => {
  let fakes: Fakes;
  let result: CliResult;

  beforeAll(async () => {
    const port = await freePort();
    const repo = await greekRepo({ plan: ONE_TASK, config: tandemYaml(`notify:\n  webhook: http://127.0.0.1:${port}/services/T0/B0/s3cr3t-hook-token\n`) });
    fakes = await startFakes(implementerScript(() => [{ path: 'a.txt', content: 'alpha\n' }]), reviewerScript());
    // A repository's own webhook needs the user's trust: it would receive the run's events.
    result = await runCli(['run', 'TODO.md', '--trust-repo-config', '--task-queue', uniqueTaskQueue('notify')], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
  }, 150_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('leaves the run completing normally, with a note that names no secret', () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Run completed: 1 committed/);
    expect(result.stdout).toMatch(/note: notification "run_finished" not delivered: webhook http:\/\/127\.0\.0\.1:\d+\/\[REDACTED\] unreachable: ECONNREFUSED/);
    expect(result.stdout + result.stderr).not.toContain('s3cr3t-hook-token');
  });
});
