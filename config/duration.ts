/**
 * Durations as people write them in flags and tandem.yaml: `90s`, `15m`, `4h`,
 * `2d`, or combined (`1h30m`). Pure, for the config schema and the CLI alike.
 */

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds in `text`, or undefined when it is not a positive duration such as `4h` or `1h30m`. */
export function parseDurationSeconds(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?[smhd])+$/.test(trimmed)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)([smhd])/g)) seconds += Number(amount) * UNIT_SECONDS[unit!]!;
  return seconds > 0 ? Math.round(seconds) : undefined;
}

export const DURATION_HINT = 'a duration such as 30m, 4h, 1h30m or 2d';
