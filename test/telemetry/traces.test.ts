/**
 * Traces and metrics end to end: the real CLI, its in-process worker and the
 * dev server export to a local OTLP/HTTP receiver; each model call, tool call
 * and check is a span whose parents lead back through the attempt and the task
 * to the run.
 */
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runWorkflowId } from '../../cli/workspace.js';
import { tracingSinks } from '../../worker/tracing.js';
import type { TestRepo } from '../support/git-repo.js';
import { runCli, type CliResult } from '../support/cli.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue } from '../support/temporal.js';
import { freePort } from '../../temporal/free-port.js';
import { greekPlanBefore, greekRepo, IMPLEMENTER, startFakes, type Fakes } from '../run/fixtures.js';
import { ancestry, startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';

const ONE_TASK = greekPlanBefore('T2');

describe('OTEL_EXPORTER_OTLP_ENDPOINT set: a run is traced and measured', () => {
  let fakes: Fakes;
  let receiver: OtlpReceiver;
  let result: CliResult;
  let repo: TestRepo;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    repo = await greekRepo({ plan: ONE_TASK });
    fakes = await startFakes(implementerScript(() => [{ path: 'a.txt', content: 'alpha\n' }]), reviewerScript());
    result = await runCli(['run', 'TODO.md', '--task-queue', uniqueTaskQueue('otel')], {
      cwd: repo.root,
      env: { ...fakes.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
      timeoutMs: 120_000,
    });
  }, 150_000);

  afterAll(async () => {
    await fakes?.close();
    await receiver?.close();
  });

  it('completes the run as usual', () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/export|unregistered/i);
  });

  it('puts every model call under its attempt, its task and its run', () => {
    const calls = receiver.spans.filter((span) => span.name === 'tandem.model_call');
    // The implementer writes a.txt and finishes (two calls), then one review.
    expect(calls.length).toBe(3);
    for (const call of calls) {
      const chain = ancestry(receiver.spans, call).filter((name) => /^tandem\.attempt$|^RunWorkflow:/.test(name));
      expect(chain).toEqual(['tandem.attempt', 'RunWorkflow:taskWorkflow', 'RunWorkflow:runWorkflow']);
    }
    // One trace from `tandem run` down; the CLI's status queries are traces of their own.
    const run = receiver.spans.filter((span) => span.name === 'RunWorkflow:runWorkflow');
    const tandemSpans = receiver.spans.filter((span) => span.name.startsWith('tandem.') || span.name.startsWith('RunWorkflow:'));
    expect(new Set(tandemSpans.map((span) => span.traceId))).toEqual(new Set(run.map((span) => span.traceId)));
    expect(new Set(run.map((span) => span.traceId)).size).toBe(1);
  });

  it('gives model calls their model, tokens, cost and cache hits', () => {
    const implementer = receiver.spans.find((span) => span.name === 'tandem.model_call' && span.attributes['tandem.model'] === IMPLEMENTER)!;
    expect(Object.keys(implementer.attributes)).toEqual(
      expect.arrayContaining(['tandem.model.input_tokens', 'tandem.model.output_tokens', 'tandem.model.cached_input_tokens', 'tandem.model.cost_usd']),
    );
    expect(Number(implementer.attributes['tandem.model.input_tokens'])).toBeGreaterThan(0);
  });

  it('traces the tool call and the checks inside the attempt', () => {
    const attempt = receiver.spans.find((span) => span.name === 'tandem.attempt')!;
    expect(attempt.attributes).toMatchObject({ 'tandem.task': 'T1', 'tandem.attempt': expect.anything() });
    const tool = receiver.spans.find((span) => span.name === 'tandem.tool_call')!;
    expect(tool.attributes).toMatchObject({ 'tandem.tool': 'write_file', 'tandem.tool.ok': true });
    expect(ancestry(receiver.spans, tool)).toContain('tandem.attempt');
    const checks = receiver.spans.filter((span) => span.name === 'tandem.check');
    expect(checks.map((check) => check.attributes['tandem.check'])).toEqual(['verify', 'test']);
    expect(checks.every((check) => ancestry(receiver.spans, check).includes('tandem.attempt'))).toBe(true);
  });

  it('exports the task, review and cost metrics', () => {
    expect([...receiver.metricNames]).toEqual(
      expect.arrayContaining(['tandem.task.duration', 'tandem.task.attempts', 'tandem.review.verdicts', 'tandem.model.cost', 'tandem.model.tokens']),
    );
  });

  it("replays the traced run's histories on this version's workflow bundle, as a restarted worker would", async () => {
    const temporal = await connectTestTemporal();
    try {
      const runId = runWorkflowId(repo.root, 'TODO.md');
      for (const workflowId of [runId, `${runId}/T1`]) {
        const history = await temporal.client.workflow.getHandle(workflowId).fetchHistory();
        await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, sinks: tracingSinks() }, history, workflowId);
      }
    } finally {
      await temporal.close();
    }
  });
});

describe('an OTLP endpoint nobody answers', () => {
  let fakes: Fakes;
  let result: CliResult;

  beforeAll(async () => {
    const repo = await greekRepo({ plan: ONE_TASK });
    fakes = await startFakes(implementerScript(() => [{ path: 'a.txt', content: 'alpha\n' }]), reviewerScript());
    result = await runCli(['run', 'TODO.md', '--task-queue', uniqueTaskQueue('otel')], {
      cwd: repo.root,
      env: { ...fakes.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await freePort()}` },
      timeoutMs: 120_000,
    });
  }, 150_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('warns once, and the run goes on to complete', () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Run completed: 1 committed/);
    expect(result.stderr.match(/cannot export traces or metrics to http:\/\/127\.0\.0\.1:\d+/g)).toHaveLength(1);
  });
});
