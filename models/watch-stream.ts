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

/**
 * What is known about one streamed response's liveness. Its `fetch` (given to the
 * vendor SDK) marks the response as started when its headers arrive and as alive on
 * every chunk of body, so the vendor's keepalives count even where the SDK drops
 * them before they become events (Anthropic's `ping`).
 */
export class StreamLife {
  started = false;
  lastSign = Date.now();

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    this.started = true;
    this.lastSign = Date.now();
    if (!response.body) return response;
    const mark = (): void => void (this.lastSign = Date.now());
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          mark();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

export interface WatchOptions {
  stallMs: number;
  /** Ends the underlying request, so a stalled socket is not left open. */
  abort(): void;
  /**
   * The response's liveness. Until it has started, the request timeout, not the stall
   * limit, bounds the wait: a slow start is the timeout's to judge.
   */
  life: StreamLife;
}

/** Yields the stream's events; throws StreamStalled (after calling abort) when the response is silent for stallMs. */
export async function* watchStream<E>(events: AsyncIterable<E>, options: WatchOptions): AsyncGenerator<E> {
  const { life, stallMs } = options;
  const iterator = events[Symbol.asyncIterator]();
  for (;;) {
    const next = iterator.next();
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<'stalled'>((resolve) => {
      const check = (): void => {
        const quietMs = Date.now() - life.lastSign;
        if (life.started && quietMs >= stallMs) resolve('stalled');
        else timer = setTimeout(check, life.started ? stallMs - quietMs : stallMs);
      };
      timer = setTimeout(check, stallMs);
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
      throw new StreamStalled(stallMs);
    }
    if (result.done) return;
    life.lastSign = Date.now();
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
