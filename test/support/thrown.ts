import type { TandemError } from '../../errors/tandem-error.js';

/** The error `fn` throws, typed as the TandemError the code under test raises; fails the test when it returns. */
export function thrown(fn: () => unknown): TandemError {
  try {
    fn();
  } catch (error) {
    return error as TandemError;
  }
  throw new Error('expected a throw');
}
