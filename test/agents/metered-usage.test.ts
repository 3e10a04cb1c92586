/** A session is charged its own figures, never less than what its gateway metered (with what came before this process). */
import { describe, expect, it } from 'vitest';
import { atLeastMetered, GatewayMeter } from '../../agents/metered-usage.js';
import { emptyProgress } from '../../agents/progress.js';

const PRICE = { inputPerMTok: 1, outputPerMTok: 10 };
const ZERO = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };

describe('charged at least what the gateway metered', () => {
  it('raises figures the agent under-reported, each count on its own, and prices the metered calls', () => {
    const meter = new GatewayMeter();
    meter.add({ inputTokens: 1000, outputTokens: 100, cachedInputTokens: 600 });
    meter.add({ inputTokens: 2000, outputTokens: 50, cachedInputTokens: 0 });
    const reported = { ...emptyProgress(), usage: { inputTokens: 10, outputTokens: 500, cachedInputTokens: 0 }, costUsd: 0 };
    const charged = atLeastMetered(reported, { usage: ZERO, costUsd: 0 }, meter, PRICE);
    expect(charged.usage).toEqual({ inputTokens: 3000, outputTokens: 500, cachedInputTokens: 600 });
    expect(charged.costUsd).toBeCloseTo((3000 * 1 + 150 * 10) / 1e6);
    expect(charged.gatewayMetered).toMatchObject({ calls: 2, usage: { inputTokens: 3000, outputTokens: 150 } });
  });

  it('adds what the session had before this process (a resumed session) to the floor', () => {
    const meter = new GatewayMeter();
    meter.add({ inputTokens: 500, outputTokens: 5, cachedInputTokens: 0 });
    const before = { usage: { inputTokens: 4000, outputTokens: 40, cachedInputTokens: 0 }, costUsd: 0.01 };
    const charged = atLeastMetered({ ...emptyProgress(), usage: before.usage, costUsd: before.costUsd }, before, meter, PRICE);
    expect(charged.usage).toMatchObject({ inputTokens: 4500, outputTokens: 45 });
    expect(charged.costUsd).toBeCloseTo(0.01 + (500 + 50) / 1e6);
  });

  it('leaves figures that already cover the meter as they are, and changes nothing without metered calls', () => {
    const meter = new GatewayMeter();
    const reported = { ...emptyProgress(), usage: { inputTokens: 900, outputTokens: 90, cachedInputTokens: 0 }, costUsd: 0.5 };
    expect(atLeastMetered(reported, { usage: ZERO, costUsd: 0 }, meter, PRICE)).toBe(reported);
    meter.add({ inputTokens: 800, outputTokens: 80, cachedInputTokens: 0 });
    const charged = atLeastMetered(reported, { usage: ZERO, costUsd: 0 }, meter, PRICE);
    expect(charged.usage).toEqual(reported.usage);
    expect(charged.costUsd).toBe(0.5);
  });
});
