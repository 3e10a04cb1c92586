/**
 * Watches a vendor's event stream: reports progress as events arrive, and
 * abandons the stream when none arrives for `stallMs`. A dead connection or a
 * stuck server is then retried within a minute or two instead of holding the
 * activity until its timeout, while a long answer that keeps streaming is never
 * cut, however long it takes.
 */
import type { StreamProgress } from './contract.js';

/** A stream silent this long is stalled: far past the gaps between a thinking model's deltas. */
export const DEFAULT_STALL_MS = 90 * 1000;

/** Thrown by watchStream when the stream went silent; the vendor file classifies it. */
export class StreamStalled extends Error {
  constructor(readonly stalledMs: number) {
    super(`no stream event for ${stalledMs} ms`);
    this.name = 'StreamStalled';
  }
}

export interface WatchOptions {
  stallMs: number;
  /** Ends the underlying request, so a stalled socket is not left open. */
  abort(): void;
  /**
   * True once the response has started (its headers arrived). Until then the request
   * timeout, not the stall limit, bounds the wait: a slow start is the timeout's to judge.
   */
  started(): boolean;
}

/** Yields the stream's events; throws StreamStalled (after calling abort) when one is late by stallMs. */
export async function* watchStream<E>(events: AsyncIterable<E>, options: WatchOptions): AsyncGenerator<E> {
  const iterator = events[Symbol.asyncIterator]();
  for (;;) {
    const next = iterator.next();
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<'stalled'>((resolve) => {
      const arm = (): void => {
        timer = setTimeout(() => (options.started() ? resolve('stalled') : arm()), options.stallMs);
      };
      arm();
    });
    let result: IteratorResult<E> | 'stalled';
    try {
      result = await Promise.race([next, stalled]);
    } finally {
      clearTimeout(timer);
    }
    if (result === 'stalled') {
      // The pending read rejects once the request is aborted; nobody waits for it any more.
      next.catch(() => undefined);
      options.abort();
      throw new StreamStalled(options.stallMs);
    }
    if (result.done) return;
    yield result.value;
  }
}

/** Counts events and output characters and passes the running totals to `onProgress`. */
export function progressCounter(onProgress: ((progress: StreamProgress) => void) | undefined): (outputChars: number) => void {
  const progress: StreamProgress = { events: 0, outputChars: 0 };
  return (outputChars) => {
    progress.events += 1;
    progress.outputChars += outputChars;
    onProgress?.({ ...progress });
  };
}
