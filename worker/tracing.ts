/**
 * What a worker needs for Temporal's OpenTelemetry interceptors: the workflow
 * interceptor module (bundled into workflow code), the sink workflow spans
 * leave the sandbox by, and the activity interceptors.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resource } from '@opentelemetry/resources';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/worker/index.js';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry/lib/workflow/definitions.js';
import { activeTelemetry } from '../telemetry/sdk.js';

const here = dirname(fileURLToPath(import.meta.url));

/** workflow-tracing.(ts|js) next to this module, for bundleWorkflowCode's workflowInterceptorModules. */
export function workflowTracingModule(): string {
  const ts = join(here, 'workflow-tracing.ts');
  return import.meta.url.endsWith('.ts') && existsSync(ts) ? ts : join(here, 'workflow-tracing.js');
}

/**
 * The workflow span sink, registered on every worker (and replayer): a run
 * started with tracing may be resumed by a worker without it, whose workflow
 * code still emits spans. Without telemetry they are dropped here.
 */
export function tracingSinks(): InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> {
  const telemetry = activeTelemetry();
  return {
    exporter: telemetry ? makeWorkflowExporter(telemetry.spanProcessor, telemetry.resource) : makeWorkflowExporter(new NoopSpanProcessor(), Resource.empty()),
  };
}

/** Activity spans (children of the workflow's StartActivity span), only when telemetry runs. */
export function tracingActivityInterceptors(): ActivityInterceptorsFactory[] {
  if (!activeTelemetry()) return [];
  return [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })];
}
