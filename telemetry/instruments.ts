/**
 * Tandem's own spans and metrics, through the OpenTelemetry API alone. Until a
 * process starts the SDK (telemetry/sdk.ts, only when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set) every call here is the API's no-op, so activities and model calls
 * record unconditionally and cost nothing when tracing is off.
 */
import { metrics, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

const SCOPE = 'tandem';

/**
 * Runs `fn` inside a new span named `name` (a child of the active span: the
 * Temporal activity's), ends it, and marks it failed when `fn` throws.
 */
export async function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return trace.getTracer(SCOPE).startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The metrics, created on first use so they bind to the meter provider the SDK installed. */
function instruments() {
  const meter = metrics.getMeter(SCOPE);
  return {
    taskDuration: meter.createHistogram('tandem.task.duration', { unit: 's', description: 'Time from a task starting to its commit or roll back' }),
    taskAttempts: meter.createHistogram('tandem.task.attempts', { description: 'Attempts a task took, by outcome' }),
    reviewVerdicts: meter.createCounter('tandem.review.verdicts', { description: 'Review verdicts, by verdict and reviewer' }),
    cost: meter.createCounter('tandem.model.cost', { unit: 'USD', description: 'Model spend, by model' }),
    tokens: meter.createCounter('tandem.model.tokens', { unit: '{token}', description: 'Model tokens, by model and kind (input, output, cached_input)' }),
  };
}

let cached: ReturnType<typeof instruments> | undefined;
let cachedFor: unknown;

function get(): ReturnType<typeof instruments> {
  // The global meter provider changes once, when the SDK starts: bind again then.
  const provider = metrics.getMeterProvider();
  if (!cached || cachedFor !== provider) {
    cached = instruments();
    cachedFor = provider;
  }
  return cached;
}

export interface ModelCallFacts {
  model: string;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  costUsd: number;
}

/** Span attributes for a finished model call; the same facts go to the cost and token metrics. */
export function recordModelCall(span: Span, facts: ModelCallFacts): void {
  span.setAttributes({
    'tandem.model.input_tokens': facts.inputTokens,
    'tandem.model.output_tokens': facts.outputTokens,
    'tandem.model.cached_input_tokens': facts.cachedInputTokens,
    'tandem.model.cost_usd': facts.costUsd,
  });
  const { cost, tokens } = get();
  const model = { 'tandem.model': facts.model };
  cost.add(facts.costUsd, model);
  tokens.add(facts.inputTokens, { ...model, 'tandem.token.kind': 'input' });
  tokens.add(facts.outputTokens, { ...model, 'tandem.token.kind': 'output' });
  tokens.add(facts.cachedInputTokens, { ...model, 'tandem.token.kind': 'cached_input' });
}

export function recordTaskEnd(facts: { taskId: string; outcome: 'committed' | 'failed' | 'cancelled'; attempts: number; durationMs?: number }): void {
  const attributes = { 'tandem.task.outcome': facts.outcome };
  const { taskAttempts, taskDuration } = get();
  taskAttempts.record(facts.attempts, attributes);
  if (facts.durationMs !== undefined) taskDuration.record(facts.durationMs / 1000, attributes);
}

export function recordReviewVerdict(facts: { verdict: string; reviewer: string }): void {
  get().reviewVerdicts.add(1, { 'tandem.review.verdict': facts.verdict, 'tandem.reviewer': facts.reviewer });
}
