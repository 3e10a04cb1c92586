import { describe, expect, it } from 'vitest';
import { activeTelemetry, startTelemetry } from '../../telemetry/sdk.js';
import { parseMetricsAddress } from '../../settings/environment.js';

describe('startTelemetry', () => {
  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT, and says nothing', () => {
    const warnings: string[] = [];
    expect(startTelemetry({ process: 'test', env: {}, warn: (m) => warnings.push(m) })).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('an endpoint that is not a URL is a warning, and telemetry stays off', () => {
    const warnings: string[] = [];
    expect(startTelemetry({ process: 'test', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' }, warn: (m) => warnings.push(m) })).toBeUndefined();
    expect(warnings).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT is not an http(s) URL ("localhost:4318"); traces and metrics are off.']);
    expect(activeTelemetry()).toBeUndefined();
  });
});

describe('the Prometheus bind address', () => {
  it('is host:port', () => {
    expect(parseMetricsAddress('127.0.0.1:9464', '--metrics')).toBe('127.0.0.1:9464');
    expect(parseMetricsAddress('[::1]:9464', '--metrics')).toBe('[::1]:9464');
    expect(parseMetricsAddress(undefined, '--metrics')).toBeUndefined();
  });

  it('anything else is METRICS_ADDRESS_INVALID naming the setting', () => {
    for (const bad of ['9464', 'localhost:', 'localhost:99999', 'http://localhost:9464']) {
      expect(() => parseMetricsAddress(bad, 'TANDEM_METRICS_ADDRESS')).toThrow(expect.objectContaining({ code: 'METRICS_ADDRESS_INVALID', message: expect.stringContaining('TANDEM_METRICS_ADDRESS') }));
    }
  });
});
