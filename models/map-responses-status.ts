import type { StopReason } from './types.js';

/**
 * A Responses API final status as a StopReason. Responses has no finish reason:
 * a completed response with function calls is waiting for their results, an
 * incomplete one says why in `incomplete_details.reason`.
 */
export function mapResponsesStatus(status: string | undefined, incompleteReason: string | undefined, hasToolCalls: boolean): StopReason {
  if (status === 'incomplete') {
    if (incompleteReason === 'max_output_tokens') return 'max_tokens';
    if (incompleteReason === 'content_filter') return 'refusal';
    return 'other';
  }
  if (hasToolCalls) return 'tool_calls';
  return status === 'completed' ? 'end' : 'other';
}
