/** The SDK's notes on workers with only workflows or only activities (the workspace queue's, a query-only worker's): by design here. */
export const EXPECTED_WARNINGS = [/No activities registered/, /No workflows registered/];
