/**
 * Which calls go through a call keeper: a run's model calls when the run has
 * lanes (issue 13: a kill must repeat at most one call, not one per busy lane),
 * or every run's with TANDEM_CALL_KEEPER=on; none with TANDEM_CALL_KEEPER=off.
 * `tandem plan` and single-lane runs keep calling in the worker.
 */
import { callKeeperSetting } from '../settings/environment.js';

export function keeperWanted(location: { workspaceRoot?: string }, env: NodeJS.ProcessEnv = process.env): boolean {
  const setting = callKeeperSetting(env);
  if (setting !== undefined) return setting === 'on';
  return location.workspaceRoot !== undefined;
}
