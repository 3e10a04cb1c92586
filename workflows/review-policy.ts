/** Whether a set of review verdicts lets a task be committed, under the configured policy. */
import type { ReviewPolicy } from '../contracts/run.js';

export function reviewersApprove(verdicts: { verdict: 'approve' | 'request_changes' }[], policy: ReviewPolicy): boolean {
  if (verdicts.length === 0) return false;
  const approvals = verdicts.filter((v) => v.verdict === 'approve').length;
  switch (policy) {
    case 'all':
      return approvals === verdicts.length;
    case 'any':
      return approvals > 0;
    case 'majority':
      return approvals * 2 > verdicts.length;
  }
}
