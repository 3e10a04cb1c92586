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
 * Runs inside the workflow sandbox: deterministic, no Node APIs.
 */
import * as otel from '@opentelemetry/api';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow/index.js';
import { workflowInfo, type WorkflowInterceptors, type WorkflowOutboundCallsInterceptor } from '@temporalio/workflow';

/** The header Temporal's OpenTelemetry interceptors carry the trace in. */
const TRACE_HEADER = '_tracer-data';

export const interceptors = (): WorkflowInterceptors => {
  let traced = false;
  const inbound = new OpenTelemetryInboundInterceptor();
  const outbound = new OpenTelemetryOutboundInterceptor();
  const attempts = new AttemptSpans();
  const whenTraced: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => (traced ? outbound.scheduleActivity(input, next) : next(input)),
    scheduleLocalActivity: (input, next) => (traced ? outbound.scheduleLocalActivity(input, next) : next(input)),
    startChildWorkflowExecution: (input, next) => (traced ? outbound.startChildWorkflowExecution(input, next) : next(input)),
    continueAsNew: (input, next) => (traced ? outbound.continueAsNew(input, next) : next(input)),
    signalWorkflow: (input, next) => (traced ? outbound.signalWorkflow(input, next) : next(input)),
  };
  const inAttempt: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => (traced ? attempts.within(input.args, () => next(input)) : next(input)),
    scheduleLocalActivity: (input, next) => (traced ? attempts.within(input.args, () => next(input)) : next(input)),
  };
  return {
    inbound: [
      {
        execute(input, next) {
          traced = TRACE_HEADER in input.headers;
          if (!traced) return next(input);
          return inbound.execute(input, async (started: typeof input) => {
            try {
              return await next(started);
            } finally {
              attempts.end();
            }
          });
        },
      },
    ],
    // The attempt's context must be active before Temporal's interceptor starts the activity's span.
    outbound: [inAttempt, whenTraced],
    internals: [new OpenTelemetryInternalsInterceptor()],
  };
};

/** One span per attempt of a task workflow, opened by the attempt's first activity and closed by the next attempt's. */
class AttemptSpans {
  private current: { attempt: number; span: otel.Span } | undefined;

  within<T>(args: unknown[], schedule: () => T): T {
    const attempt = (args[0] as { attempt?: unknown } | undefined)?.attempt;
    if (typeof attempt !== 'number' || workflowInfo().workflowType !== 'taskWorkflow') return schedule();
    if (this.current?.attempt !== attempt) {
      this.end();
      const taskId = (args[0] as { taskId?: unknown }).taskId;
      const span = otel.trace.getTracer('tandem').startSpan('tandem.attempt', {
        attributes: { 'tandem.attempt': attempt, ...(typeof taskId === 'string' ? { 'tandem.task': taskId } : {}) },
      });
      this.current = { attempt, span };
    }
    return otel.context.with(otel.trace.setSpan(otel.context.active(), this.current.span), schedule);
  }

  end(): void {
    this.current?.span.end();
    this.current = undefined;
  }
}
