import { describe, expect, it } from 'vitest';
import { metricsExporterError } from '../../../cli/worker/metrics-exporter-error.js';

const failed = (reason: string) => new Error(`Failed to start prometheus metrics exporter: ${reason}`);

describe('metricsExporterError', () => {
  it('says what is wrong with the address, naming the setting, with an example that fixes it', () => {
    expect(metricsExporterError(failed('Cannot assign requested address (os error 99)'), { setting: 'TANDEM_METRICS_ADDRESS', address: '10.9.9.9:9464' })).toMatchObject({
      code: 'METRICS_ADDRESS_INVALID',
      exitCode: 2,
      message: 'TANDEM_METRICS_ADDRESS 10.9.9.9:9464: no network interface of this machine has that address, so the worker cannot serve its metrics there.',
      hint: 'Use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface), e.g. TANDEM_METRICS_ADDRESS=127.0.0.1:9464.',
    });
    const name = new Error('fn runtime_new.args[0].metricsExporter.prometheus.socketAddr: invalid socket address syntax');
    expect(metricsExporterError(name, { setting: '--metrics', address: 'localhost:9464' })).toMatchObject({ message: expect.stringContaining('the host must be an IP address'), hint: 'e.g. --metrics 127.0.0.1:9464.' });
  });

  it('leaves an error that is not the exporter as it is', () => {
    const other = new Error('Runtime is already installed');
    expect(metricsExporterError(other, { setting: '--metrics', address: '127.0.0.1:9464' })).toBe(other);
  });
});
