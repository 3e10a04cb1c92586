import { expect, it } from 'vitest';
import { keeperWanted } from '../../keeper/when-used.js';
import { keeperIdleSecondsSetting } from '../../settings/environment.js';

const LANES = { workspaceRoot: '/home/me/.tandem/workspaces/run-1' };
const ONE_LANE = {};

it('keeps the calls of runs with lanes by default, of every run with TANDEM_CALL_KEEPER=on, of none with off', () => {
  expect(keeperWanted(LANES, {})).toBe(true);
  expect(keeperWanted(ONE_LANE, {})).toBe(false);
  expect(keeperWanted(ONE_LANE, { TANDEM_CALL_KEEPER: 'on' })).toBe(true);
  expect(keeperWanted(LANES, { TANDEM_CALL_KEEPER: ' OFF ' })).toBe(false);
  // Anything else is the default, not an error: the keeper is an optimisation.
  expect(keeperWanted(LANES, { TANDEM_CALL_KEEPER: 'maybe' })).toBe(true);
  expect(keeperWanted(ONE_LANE, { TANDEM_CALL_KEEPER: 'maybe' })).toBe(false);
});

it('reads the idle time as positive seconds, else the default', () => {
  expect(keeperIdleSecondsSetting({ TANDEM_KEEPER_IDLE_SECONDS: '1.5' })).toBe(1.5);
  expect(keeperIdleSecondsSetting({ TANDEM_KEEPER_IDLE_SECONDS: '0' })).toBeUndefined();
  expect(keeperIdleSecondsSetting({})).toBeUndefined();
});
