/**
 * Keepers this worker could not start, by socket, for a while: a keeper that
 * never listens must not cost every call another start (and its timeout); the
 * calls are made in the worker meanwhile, and a start is tried again later.
 */

/** Long enough that a broken keeper costs a start every few minutes, short enough that a fixed one is found soon. */
export const RETRY_START_AFTER_MS = 5 * 60_000;

export class FailedStarts {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly waitMs: number = RETRY_START_AFTER_MS,
    private readonly now: () => number = Date.now,
  ) {}

  record(socket: string): void {
    this.until.set(socket, this.now() + this.waitMs);
  }

  /** True while a start at `socket` failed less than waitMs ago. */
  recent(socket: string): boolean {
    const until = this.until.get(socket);
    if (until === undefined) return false;
    if (this.now() < until) return true;
    this.until.delete(socket);
    return false;
  }
}
