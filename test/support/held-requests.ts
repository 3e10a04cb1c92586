/**
 * Holding a model request at the fake until the test lets it go. A test that
 * sends a control (pause, cancel, skip, retry) while a task is running must
 * not race the fake model: it holds the task's request, sends the control,
 * waits until the workflow has accepted it (the CLI exited 0, or a query
 * shows it), and only then releases the request. Nothing depends on speed.
 *
 *   const holds = new RequestHolds();
 *   const fakes = await startFakes(holds.around(implementerScript(plan)), reviewerScript());
 *   const t2 = holds.hold((c) => c.taskId === 'T2', "T2's first model call");
 *   await t2.arrived;                // T2 is running, its model call waits at the fake
 *   await control('cancel');         // accepted by the workflow
 *   t2.release();                    // now the call may answer (or was already aborted)
 */
import type { ScriptFn } from '../fakes/index.js';
import { readConversation, type Conversation } from './conversation.js';

export interface HeldRequest {
  /** Resolves with the held request once it reached the fake; rejects after `timeoutMs` naming what it waited for. */
  arrived(timeoutMs?: number): Promise<Conversation>;
  /** Lets the held request (and any later one it would have matched) through. Idempotent. */
  release(): void;
  readonly released: boolean;
}

interface Hold extends HeldRequest {
  matches(conversation: Conversation): boolean;
  /** Called when a request matched: records the arrival and returns what the fake must wait for. */
  take(conversation: Conversation): Promise<void>;
}

export class RequestHolds {
  private readonly holds: Hold[] = [];

  /**
   * Holds the first model request matching `match` that arrives from now on.
   * Requests that arrived before this call are not affected. A hold that is
   * never released keeps its request waiting until the fake closes.
   */
  hold(match: (conversation: Conversation) => boolean, what: string): HeldRequest {
    const hold = createHold(match, what);
    this.holds.push(hold);
    return hold;
  }

  /** Releases every hold, e.g. in afterAll so no request is left waiting. */
  releaseAll(): void {
    for (const hold of this.holds) hold.release();
  }

  /** Wraps a script: a request matching an unreleased, untaken hold waits for its release before the script answers. */
  around(script: ScriptFn): ScriptFn {
    return async (request, index) => {
      if (request.method === 'POST') {
        const conversation = readConversation(request);
        const hold = this.holds.find((h) => h.matches(conversation));
        if (hold) {
          this.holds.splice(this.holds.indexOf(hold), 1);
          await hold.take(conversation);
        }
      }
      return script(request, index);
    };
  }
}

function createHold(match: (conversation: Conversation) => boolean, what: string): Hold {
  let arrive!: (conversation: Conversation) => void;
  const arrival = new Promise<Conversation>((resolve) => (arrive = resolve));
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let released = false;
  return {
    matches: (conversation) => !released && match(conversation),
    take: (conversation) => {
      arrive(conversation);
      return opened;
    },
    arrived: (timeoutMs = 60_000) => {
      let timer: NodeJS.Timeout | undefined;
      // A hang guard, not a synchronisation: the request normally arrives long before.
      const guard = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} to reach the fake`)), timeoutMs);
      });
      return Promise.race([arrival, guard]).finally(() => clearTimeout(timer));
    },
    release: () => {
      released = true;
      open();
    },
    get released() {
      return released;
    },
  };
}
