/**
 * The calls a keeper holds, by key: each one in flight with the workers
 * waiting for it, and each answer kept for a while after it arrived, so a
 * worker killed mid-call can come back (as the retried activity) and collect
 * it instead of sending the call again. A failure is told to whoever waits and
 * then forgotten: a retry after a failure must make the call anew.
 */
import type { StreamProgress } from '../models/contract.js';
import type { GenerateResult } from '../models/types.js';
import type { WireError } from './protocol.js';
import { toWireError } from './wire.js';

export type Outcome = { ok: true; result: GenerateResult } | { ok: false; error: WireError };

/** One waiting worker's side of a call. */
export interface Listener {
  progress(progress: StreamProgress): void;
  settle(outcome: Outcome): void;
}

export type StartCall = (signal: AbortSignal, onProgress: (progress: StreamProgress) => void) => Promise<GenerateResult>;

interface Entry {
  controller: AbortController;
  listeners: Set<Listener>;
  latest?: StreamProgress;
  answer?: GenerateResult;
  answeredAt?: number;
  /**
   * A worker acknowledged the answer: it no longer keeps the keeper alive. It stays kept while
   * the keeper runs (a worker that dies before journaling it can collect it again), but once
   * the keeper has been idle for TANDEM_KEEPER_IDLE_SECONDS it exits and the answer is gone:
   * a retry after that makes the call again.
   */
  collected: boolean;
}

export interface Joined {
  state: 'new' | 'in_flight' | 'kept';
  /** The listener's worker went away: the call goes on, its answer is kept. */
  leave(): void;
}

export class KeptCalls {
  private readonly entries = new Map<string, Entry>();

  constructor(
    /** How long an answer is kept after it arrived. */
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Attaches `listener` to the call `key`: answered when kept, joined when in flight, else
   * started with `start`. The listener hears nothing before this returns, so the caller can
   * first say which of the three it was.
   */
  join(key: string, start: StartCall, listener: Listener): Joined {
    this.expire();
    const known = this.entries.get(key);
    if (known?.answer) {
      const answer = known.answer;
      queueMicrotask(() => listener.settle({ ok: true, result: answer }));
      return { state: 'kept', leave: () => undefined };
    }
    const entry = known ?? this.start(key, start);
    entry.listeners.add(listener);
    const latest = known ? entry.latest : undefined;
    if (latest) queueMicrotask(() => listener.progress(latest));
    return { state: known ? 'in_flight' : 'new', leave: () => entry.listeners.delete(listener) };
  }

  ack(key: string): void {
    const entry = this.entries.get(key);
    if (entry?.answer) entry.collected = true;
  }

  abort(key: string): void {
    this.entries.get(key)?.controller.abort();
  }

  /** True while a call is in flight or an answer no worker has collected is still kept. */
  busy(): boolean {
    this.expire();
    return [...this.entries.values()].some((entry) => !entry.answer || !entry.collected);
  }

  private start(key: string, start: StartCall): Entry {
    const entry: Entry = { controller: new AbortController(), listeners: new Set(), collected: false };
    this.entries.set(key, entry);
    const onProgress = (progress: StreamProgress) => {
      entry.latest = progress;
      for (const listener of entry.listeners) listener.progress(progress);
    };
    const settle = (outcome: Outcome) => {
      for (const listener of entry.listeners) listener.settle(outcome);
      entry.listeners.clear();
    };
    // Deferred, so the caller has attached its listener before even an instant failure is told.
    void Promise.resolve()
      .then(() => start(entry.controller.signal, onProgress))
      .then(
        (result) => {
          entry.answer = result;
          entry.answeredAt = this.now();
          settle({ ok: true, result });
        },
        (error: unknown) => {
          this.entries.delete(key);
          settle({ ok: false, error: toWireError(error) });
        },
      );
    return entry;
  }

  private expire(): void {
    const oldest = this.now() - this.keepMs;
    for (const [key, entry] of this.entries) {
      if (entry.answeredAt !== undefined && entry.answeredAt < oldest) this.entries.delete(key);
    }
  }
}
