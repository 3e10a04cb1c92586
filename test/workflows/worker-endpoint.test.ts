/** How often a run tries a call that a worker with other keys refused. */
import { describe, expect, it } from 'vitest';
import { workerRetryDelay, workerRetryMs } from '../../workflows/worker-endpoint.js';

describe('trying a refused call again', () => {
  it('starts at the heartbeat timeout, within 2 s to 60 s', () => {
    expect(workerRetryMs(30)).toBe(30_000);
    expect(workerRetryMs(0.5)).toBe(2_000);
    expect(workerRetryMs(600)).toBe(60_000);
  });

  it('doubles after each refusal in a row, up to four times the start', () => {
    expect([1, 2, 3, 4, 10].map((refusals) => workerRetryDelay(30_000, refusals))).toEqual([30_000, 60_000, 120_000, 120_000, 120_000]);
  });
});
