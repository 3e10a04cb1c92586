/**
 * Marks errors that a retry cannot fix as non-retryable, in one place for
 * every activity: a TandemError (a moved branch, a bad plan file, a missing
 * key) is the user's to fix, so Temporal should stop and report it, not
 * retry it forever. Plain errors stay retryable.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityInterceptors } from '@temporalio/worker';
import { isTandemError } from '../errors/tandem-error.js';

const permanentErrors: ActivityInboundCallsInterceptor = {
  async execute(input, next) {
    try {
      return await next(input);
    } catch (error) {
      if (isTandemError(error) && !(error instanceof ApplicationFailure)) {
        const retryable = (error as { retryable?: boolean }).retryable === true;
        throw ApplicationFailure.create({
          type: error.code,
          message: error.hint ? `${error.message} ${error.hint}` : error.message,
          nonRetryable: !retryable,
        });
      }
      throw error;
    }
  },
};

export function permanentErrorInterceptors(): ActivityInterceptors {
  return { inbound: permanentErrors };
}
