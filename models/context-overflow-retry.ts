/**
 * One smaller retry after a context overflow: the window we assumed (or did not
 * know) was too big, so the trimmable parts of the prompt are halved once. A
 * second overflow fails the call as before.
 */
import { ApplicationFailure } from '@temporalio/activity';

/** What callModel throws for a request the model's context cannot hold. */
export function isContextOverflow(error: unknown): boolean {
  return error instanceof ApplicationFailure && error.type === 'ModelCallError.context_length';
}

/**
 * Builds the prompt with no extra cap and calls; on a context overflow, builds it
 * again with its trimmable parts capped at half of what was sent, and calls once more.
 */
export async function callFittingWindow<R>(
  build: (maxPartsChars: number | undefined) => { prompt: { partsChars: number }; call: () => Promise<R> },
): Promise<R> {
  const first = build(undefined);
  try {
    return await first.call();
  } catch (error) {
    // Nothing to cut: the same request would overflow again.
    if (!isContextOverflow(error) || first.prompt.partsChars === 0) throw error;
    return await build(Math.floor(first.prompt.partsChars / 2)).call();
  }
}
