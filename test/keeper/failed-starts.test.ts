import { expect, it } from 'vitest';
import { FailedStarts } from '../../keeper/failed-starts.js';

it('remembers a keeper that failed to start for a while, then lets a start be tried again', () => {
  let now = 0;
  const failed = new FailedStarts(300_000, () => now);
  expect(failed.recent('/k/a.sock')).toBe(false);
  failed.record('/k/a.sock');
  now = 299_999;
  expect(failed.recent('/k/a.sock')).toBe(true);
  expect(failed.recent('/k/b.sock')).toBe(false); // another address is not held against
  now = 300_000;
  expect(failed.recent('/k/a.sock')).toBe(false);
});
