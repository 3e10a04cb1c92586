/**
 * The SDK's Prometheus exporter fails inside `Runtime.install` with its own text
 * ("Failed to start prometheus metrics exporter: Address already in use (os
 * error 98)"); this says what is wrong with the address the user gave, and how to fix it.
 */
import { TandemError } from '../../errors/tandem-error.js';

export interface MetricsSetting {
  /** `--metrics` or `TANDEM_METRICS_ADDRESS`. */
  setting: string;
  address: string;
}

/** A TandemError `METRICS_ADDRESS_INVALID` (exit 2) for an exporter that could not start; `error` itself when it is something else. */
export function metricsExporterError(error: unknown, { setting, address }: MetricsSetting): unknown {
  const text = error instanceof Error ? error.message : String(error);
  if (!/prometheus|socketAddr/i.test(text)) return error;
  const example = (value: string) => (setting === '--metrics' ? `--metrics ${value}` : `TANDEM_METRICS_ADDRESS=${value}`);
  const port = Number(/:(\d+)$/.exec(address)?.[1] ?? 9464);
  const [problem, hint] = /Address already in use/i.test(text)
    ? ['the port is in use', `Choose another port, e.g. ${example(address.replace(/:\d+$/, `:${port === 65535 ? port - 1 : port + 1}`))}, or stop what listens on ${address}.`]
    : /Cannot assign requested address/i.test(text)
      ? ['no network interface of this machine has that address', `Use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface), e.g. ${example(`127.0.0.1:${port}`)}.`]
      : /invalid socket address/i.test(text)
        ? ['the host must be an IP address (a name such as localhost is not accepted)', `e.g. ${example(`127.0.0.1:${port}`)}.`]
        : /Permission denied/i.test(text)
          ? [`this user may not listen on port ${port} (ports below 1024 need privileges)`, `Choose a port from 1024 up, e.g. ${example('127.0.0.1:9464')}.`]
          : [`the metrics server did not start (${text.replace(/^.*exporter:\s*/i, '')})`, `Check ${setting}, e.g. ${example('127.0.0.1:9464')}.`];
  return new TandemError(`${setting} ${address}: ${problem}, so the worker cannot serve its metrics there.`, {
    code: 'METRICS_ADDRESS_INVALID',
    hint,
    context: { setting },
    cause: error,
  });
}
