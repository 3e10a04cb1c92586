/** The timeline's time axis: round tick intervals and short labels (`0`, `30s`, `1m30s`, `2h`). */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const STEPS = [1, 2, 5, 10, 15, 30].map((s) => s * SECOND).concat([1, 2, 5, 10, 15, 30].map((m) => m * MINUTE), [1, 2, 3, 6, 12, 24].map((h) => h * HOUR));

/** Tick offsets from 0 to `durationMs` inclusive at a round interval, at most `maxTicks` intervals. */
export function axisTicks(durationMs: number, maxTicks = 8): number[] {
  const step = STEPS.find((s) => durationMs / s <= maxTicks) ?? Math.ceil(durationMs / maxTicks / HOUR) * HOUR;
  const ticks: number[] = [];
  for (let t = 0; t <= durationMs; t += step) ticks.push(t);
  return ticks;
}

export function tickLabel(ms: number): string {
  if (ms === 0) return '0';
  const h = Math.floor(ms / HOUR);
  const m = Math.floor((ms % HOUR) / MINUTE);
  const s = Math.round((ms % MINUTE) / SECOND);
  return [h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].join('');
}
