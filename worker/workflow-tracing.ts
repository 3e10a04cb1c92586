/**
 * Workflow interceptors for tracing, bundled into the workflow code (see
 * bundle-workflows.ts). They wrap Temporal's OpenTelemetry interceptors with
 * two Tandem rules:
 *
 * - A workflow is traced only when its start carried a trace (the CLI's client
 *   interceptor adds one when OTEL_EXPORTER_OTLP_ENDPOINT is set; a run passes
 *   it to its task workflows). Every other workflow, and every history recorded
 *   before tracing existed, runs and replays exactly as without interceptors.
 * - In a task workflow, each attempt is a `tandem.attempt` span, parent of the
 *   activities the attempt runs (implementer steps, tool calls, checks, reviews).
 *
 * OpenTelemetry is loaded only by a traced workflow: the sandbox evaluates a
 * workflow's modules for each workflow it starts, and the tracer SDK's modules
 * and tracer provider were about a tenth of the CPU every untraced task paid
 * (`npm run bench`). `webpackMode: "eager"` keeps them in the one bundle; the
 * import only evaluates them, within the workflow's first activation, before
 * the workflow function runs, so no command moves.
 *
 * Runs inside the workflow sandbox: deterministic, no Node APIs.
 */
import type * as otel from '@opentelemetry/api';
import type { OpenTelemetryOutboundInterceptor } from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';
import { workflowInfo, type WorkflowInterceptors, type WorkflowOutboundCallsInterceptor } from '@temporalio/workflow';

/** The header Temporal's OpenTelemetry interceptors carry the trace in. */
const TRACE_HEADER = '_tracer-data';

type WorkflowOtel = typeof import('@temporalio/interceptors-opentelemetry/lib/workflow/index.js');

/** What a traced workflow loaded: Temporal's interceptors and the OpenTelemetry API they register with. */
interface Tracing {
  module: WorkflowOtel;
  api: typeof otel;
  outbound: OpenTelemetryOutboundInterceptor;
  attempts: AttemptSpans;
}

async function loadTracing(): Promise<Tracing> {
  const [module, api] = await Promise.all([
    import(/* webpackMode: "eager" */ '@temporalio/interceptors-opentelemetry/lib/workflow/index.js'),
    import(/* webpackMode: "eager" */ '@opentelemetry/api'),
  ]);
  return { module, api, outbound: new module.OpenTelemetryOutboundInterceptor(), attempts: new AttemptSpans(api) };
}

export const interceptors = (): WorkflowInterceptors => {
  // Set by the inbound `execute`, which runs before the workflow can schedule anything.
  let tracing: Tracing | undefined;
  const whenTraced: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => (tracing ? tracing.outbound.scheduleActivity(input, next) : next(input)),
    scheduleLocalActivity: (input, next) => (tracing ? tracing.outbound.scheduleLocalActivity(input, next) : next(input)),
    startChildWorkflowExecution: (input, next) => (tracing ? tracing.outbound.startChildWorkflowExecution(input, next) : next(input)),
    continueAsNew: (input, next) => (tracing ? tracing.outbound.continueAsNew(input, next) : next(input)),
    signalWorkflow: (input, next) => (tracing ? tracing.outbound.signalWorkflow(input, next) : next(input)),
  };
  const inAttempt: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => (tracing ? tracing.attempts.within(input.args, () => next(input)) : next(input)),
    scheduleLocalActivity: (input, next) => (tracing ? tracing.attempts.within(input.args, () => next(input)) : next(input)),
  };
  return {
    inbound: [
      {
        execute(input, next) {
          // Not async: an untraced workflow runs exactly as without interceptors, not a tick later.
          if (!(TRACE_HEADER in input.headers)) return next(input);
          return loadTracing().then((loaded) => {
            tracing = loaded;
            return new loaded.module.OpenTelemetryInboundInterceptor().execute(input, async (started: typeof input) => {
              try {
                return await next(started);
              } finally {
                loaded.attempts.end();
              }
            });
          });
        },
      },
    ],
    // The attempt's context must be active before Temporal's interceptor starts the activity's span.
    outbound: [inAttempt, whenTraced],
    internals: [
      {
        dispose(input, next) {
          // Temporal's internals interceptor only releases the context manager a traced workflow registered.
          if (tracing) return new tracing.module.OpenTelemetryInternalsInterceptor().dispose(input, next);
          return next(input);
        },
      },
    ],
  };
};

/** One span per attempt of a task workflow, opened by the attempt's first activity and closed by the next attempt's. */
class AttemptSpans {
  private current: { attempt: number; span: otel.Span } | undefined;

  constructor(private readonly api: typeof otel) {}

  within<T>(args: unknown[], schedule: () => T): T {
    const attempt = (args[0] as { attempt?: unknown } | undefined)?.attempt;
    if (typeof attempt !== 'number' || workflowInfo().workflowType !== 'taskWorkflow') return schedule();
    if (this.current?.attempt !== attempt) {
      this.end();
      const taskId = (args[0] as { taskId?: unknown }).taskId;
      const span = this.api.trace.getTracer('tandem').startSpan('tandem.attempt', {
        attributes: { 'tandem.attempt': attempt, ...(typeof taskId === 'string' ? { 'tandem.task': taskId } : {}) },
      });
      this.current = { attempt, span };
    }
    return this.api.context.with(this.api.trace.setSpan(this.api.context.active(), this.current.span), schedule);
  }

  end(): void {
    this.current?.span.end();
    this.current = undefined;
  }
}
