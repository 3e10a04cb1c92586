/** The innermost message of a failure chain: what actually went wrong, without the wrappers. */
export function rootMessage(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  while (current?.cause) current = current.cause as typeof current;
  return current?.message ?? String(error);
}

/** Whether `type` is the ApplicationFailure type of the error or of any error in its cause chain. */
export function hasFailureType(error: unknown, type: string): boolean {
  for (let current = error as { type?: unknown; cause?: unknown } | undefined; current; current = current.cause as typeof current) {
    if (current.type === type) return true;
  }
  return false;
}
