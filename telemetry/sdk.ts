/**
 * Starts OpenTelemetry in this process when OTEL_EXPORTER_OTLP_ENDPOINT is set:
 * traces (Tandem's spans and the Temporal interceptors') and metrics, both
 * exported over OTLP/HTTP. Off by default, and never fatal: an endpoint that is
 * not a URL is a warning and telemetry stays off; a collector that does not
 * answer is one warning, and the run goes on.
 */
import { diag, DiagLogLevel, metrics } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { otlpEndpointSetting } from '../settings/environment.js';
import { AsyncLocalStorageContextManager } from './context-manager.js';

export interface Telemetry {
  /** What the worker hands the workflow span sink, so workflow spans leave by the same exporter. */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Exports what is buffered and stops; waits a few seconds at most. */
  shutdown(): Promise<void>;
}

export interface StartTelemetryOptions {
  /** e.g. `tandem run`, `tandem worker`: the service name's suffix, so a trace shows which process did what. */
  process: string;
  env?: NodeJS.ProcessEnv;
  warn?: (message: string) => void;
}

let started: Telemetry | undefined;

/** The running telemetry, or undefined when it is off (or not started yet). */
export function activeTelemetry(): Telemetry | undefined {
  return started;
}

/** Starts telemetry once per process; later calls return the same. Undefined when it is off. */
export function startTelemetry(options: StartTelemetryOptions): Telemetry | undefined {
  if (started) return started;
  const env = options.env ?? process.env;
  const warn = options.warn ?? ((message: string) => process.stderr.write(`tandem: ${message}\n`));
  const endpoint = otlpEndpointSetting(env);
  if (endpoint === undefined) return undefined;
  if (!/^https?:\/\/[^\s/]+/.test(endpoint)) {
    warn(`OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL ("${endpoint}"); traces and metrics are off.`);
    return undefined;
  }
  warnOnceOnExportErrors(endpoint, warn);

  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || 'tandem', 'tandem.process': options.process });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 1000 });
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  tracerProvider.register({ contextManager: new AsyncLocalStorageContextManager().enable() });
  const meterProvider = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter(), exportIntervalMillis: 15_000 })],
  });
  metrics.setGlobalMeterProvider(meterProvider);

  started = {
    spanProcessor,
    resource,
    async shutdown() {
      await withinMs(5000, Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]));
    },
  };
  return started;
}

/** Exports what telemetry holds (spans, metrics) and stops it; a no-op when it is off. */
export async function stopTelemetry(): Promise<void> {
  const telemetry = started;
  started = undefined;
  await telemetry?.shutdown();
}

/** The exporters report failures through OpenTelemetry's diag log: turn the first into one warning, ignore the rest. */
function warnOnceOnExportErrors(endpoint: string, warn: (message: string) => void): void {
  let warned = false;
  const onError = (...args: unknown[]) => {
    if (warned) return;
    warned = true;
    const detail = args.map((arg) => (arg instanceof Error ? arg.message : typeof arg === 'string' ? arg : '')).filter(Boolean).join(' ');
    warn(`cannot export traces or metrics to ${endpoint} (${detail.slice(0, 200) || 'no answer'}); the run goes on without them.`);
  };
  const ignore = () => undefined;
  diag.setLogger({ error: onError, warn: ignore, info: ignore, debug: ignore, verbose: ignore }, { logLevel: DiagLogLevel.ERROR, suppressOverrideMessage: true });
}

function withinMs(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([work.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
