import { describe, expect, it } from 'vitest';
import { activityFloorMs, beyondTemporalMs, honestOverheadMs, oldOverheadMs, overheadRatio, sandboxFloorMs } from '../../bench/overhead.js';

describe('honest overhead', () => {
  it('takes out the model, tools, the floor test command and one add + commit, nothing else', () => {
    // A 250 ms task: 3 ms model and tools, a 7 ms test command and a 17 ms commit on the floor.
    expect(honestOverheadMs(250, 3, { testMs: 7, commitMs: 17 })).toBe(223);
  });

  it('counts Tandem\'s own git bookkeeping as overhead, where the old reading took every process out', () => {
    const wall = 250;
    // 80 ms of the task ran in processes or the model: 17 git processes plus the test command.
    const old = oldOverheadMs(wall, 80);
    const honest = honestOverheadMs(wall, 3, { testMs: 7, commitMs: 17 });
    expect(old).toBe(170);
    expect(honest - old).toBe(80 - 3 - 7 - 17);
  });

  it('under bwrap subtracts the sandboxed test command, so bwrap\'s own start-up is not overhead', () => {
    const none = { testMs: 7, commitMs: 17 };
    const bwrap = { testMs: 7 + sandboxFloorMs(20, 7), commitMs: 17 };
    expect(honestOverheadMs(300, 3, none) - honestOverheadMs(300, 3, bwrap)).toBe(13);
  });
});

describe('overhead over the bare activities', () => {
  const floor = { roundTripMs: 12, localMs: 4 };

  it('prices a local activity at a bare local activity, not a full round trip', () => {
    expect(activityFloorMs({ regular: 4, local: 3 }, floor)).toBe(4 * 12 + 3 * 4);
    expect(overheadRatio(90, { regular: 4, local: 3 }, floor)).toBeCloseTo(1.5);
  });

  it('is harsher than counting every activity as a round trip when local ones are cheap', () => {
    const counted = { regular: 4, local: 3 };
    expect(overheadRatio(90, counted, floor)).toBeGreaterThan(90 / (7 * floor.roundTripMs));
  });
});

describe("Tandem beyond Temporal's own cost for the task's shape", () => {
  it('is the honest overhead minus the no-op shape, both p50', () => {
    expect(beyondTemporalMs({ honestOverheadPerTaskMs: { p50: 177 } }, { wallPerTaskMs: { p50: 119 } })).toBe(58);
  });

  it('is unmeasured when the shape was (NaN, or null as a JSON record holds it), never the whole overhead', () => {
    expect(beyondTemporalMs({ honestOverheadPerTaskMs: { p50: 177 } }, { wallPerTaskMs: { p50: Number.NaN } })).toBeNaN();
    expect(beyondTemporalMs({ honestOverheadPerTaskMs: { p50: 177 } }, { wallPerTaskMs: { p50: null as unknown as number } })).toBeNaN();
  });
});
