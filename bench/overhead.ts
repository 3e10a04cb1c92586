/**
 * What counts as Tandem's overhead, as plain arithmetic (issue 17, part 1).
 *
 * Honest: wall − (model + tool + the task's test command + ONE `git add -A` +
 * `git commit`), the test command and the commit taken from the floor, i.e.
 * the same work done by hand. Every other git process (snapshots, diffs,
 * branch checks) is Tandem's bookkeeping and so is overhead.
 *
 * Old reading (kept for continuity): wall − every process Tandem started
 * (all git, the test command) − model − tool.
 */

/** The work a user needs for one task, from the floor of the same bench run. */
export interface WorkFloor {
  /** The test command spawned through runCommand under the run's sandbox (bwrap's own start-up included). */
  testMs: number;
  /**
   * One `git add -A` + `git commit` of a one-line change: in the run's own repository at its
   * middle task (bench/floor.ts gitCommitsAt); in records before that, in a one-file repository.
   */
  commitMs: number;
  /** The files git tracks where that commit was measured; absent in older records. */
  commitRepoFiles?: number;
}

/** The bare cost of one activity of each kind, measured on the same server. */
export interface ActivityFloor {
  /** A no-op activity: scheduled → the workflow task that handled its result completed. */
  roundTripMs: number;
  /** A no-op local activity inside a workflow task (no server round trip of its own). */
  localMs: number;
}

export interface ActivityCounts {
  /** Activities the server dispatches (model steps, checks, review). */
  regular: number;
  /** Local activities (file tools, the commit, branch checks): markers in the history. */
  local: number;
}

/** wall − (model ∪ tool) − the floor's test command − the floor's one add + commit. */
export function honestOverheadMs(wallMs: number, modelToolMs: number, floor: WorkFloor): number {
  return wallMs - modelToolMs - floor.testMs - floor.commitMs;
}

/** wall − (every process ∪ model ∪ tool): the reading the bench reported before issue 17. */
export function oldOverheadMs(wallMs: number, coveredWorkMs: number): number {
  return wallMs - coveredWorkMs;
}

/** What a task's activities would cost if each were as cheap as a bare one of its kind. */
export function activityFloorMs(counts: ActivityCounts, floor: ActivityFloor): number {
  return counts.regular * floor.roundTripMs + counts.local * floor.localMs;
}

/**
 * Overhead per task over the bare cost of its activities: 1.0 means Tandem
 * costs no more than its activities would bare. A local activity is compared
 * with a bare local activity, never with a full round trip.
 */
export function overheadRatio(overheadMs: number, counts: ActivityCounts, floor: ActivityFloor): number {
  return overheadMs / activityFloorMs(counts, floor);
}

/** The extra a bwrap sandbox costs a bare `true`: `bwrap … true` − `true`. */
export function sandboxFloorMs(spawnTrueBwrapMs: number, spawnTrueMs: number): number {
  return spawnTrueBwrapMs - spawnTrueMs;
}

/**
 * What Tandem adds beyond Temporal's own cost for the same task shape: the honest overhead
 * minus the no-op shape's wall time (both p50). Both are wall time with the work taken out.
 */
export function beyondTemporalMs(scale: { honestOverheadPerTaskMs: { p50: number } }, shape: { wallPerTaskMs: { p50: number } }): number {
  const [overhead, floor] = [scale.honestOverheadPerTaskMs.p50, shape.wallPerTaskMs.p50];
  // A figure not measured is NaN, which a JSON record holds as null: never read it as 0.
  if (!isMeasured(overhead) || !isMeasured(floor)) return Number.NaN;
  return overhead - floor;
}

/** A figure the bench measured: not NaN, and not the null a JSON record turns NaN into. */
export const isMeasured = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A median count of activities per task, which can be a fraction (the run's share of its checks): two decimals at most. */
export const activityCountText = (value: number): string => String(Number(value.toFixed(2)));
