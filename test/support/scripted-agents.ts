/**
 * Scripts for the fake model servers that behave like small, predictable
 * models: an implementer that writes files and calls `finish`, reviewers and
 * planners that answer with structured JSON. Each answer depends only on the
 * request, so a request repeated after a crash gets the same answer.
 */
import type { FakeReply, RecordedRequest, ScriptFn } from '../fakes/index.js';
import { readConversation, type Conversation } from './conversation.js';

export interface FileEdit {
  path: string;
  content: string;
}

/** What the implementer does for a task on a given attempt: the files it writes before calling finish. */
export type ImplementerPlan = (taskId: string, attempt: number, conversation: Conversation) => FileEdit[];

export function implementerScript(plan: ImplementerPlan, options: { delayMs?: (c: Conversation) => number | undefined } = {}): ScriptFn {
  return (request: RecordedRequest) => {
    const conversation = readConversation(request);
    if (conversation.structured || !conversation.taskId) return undefined;
    const edits = plan(conversation.taskId, conversation.attempt, conversation);
    const delayMs = options.delayMs?.(conversation);
    const reply: FakeReply =
      conversation.step <= edits.length
        ? { toolCalls: [{ name: 'write_file', arguments: edits[conversation.step - 1]! }] }
        : { toolCalls: [{ name: 'finish', arguments: { summary: `${conversation.taskId}: wrote ${edits.map((e) => e.path).join(', ')}` } }] };
    return delayMs ? { ...reply, delayMs } : reply;
  };
}

export interface Verdict {
  verdict: 'approve' | 'request_changes';
  summary: string;
  comments: { severity: 'blocker' | 'major' | 'minor' | 'nit'; body: string; file?: string }[];
}

export const APPROVE: Verdict = { verdict: 'approve', summary: 'Looks right and the tests pass.', comments: [] };

export function reviewerScript(decide: (conversation: Conversation) => Verdict = () => APPROVE): ScriptFn {
  return (request: RecordedRequest) => {
    const conversation = readConversation(request);
    if (conversation.structured !== 'review_verdict') return undefined;
    return { json: decide(conversation) };
  };
}

/** Routes each request to the first script that answers it. */
export function firstOf(...scripts: ScriptFn[]): ScriptFn {
  return async (request, index) => {
    for (const script of scripts) {
      const reply = await script(request, index);
      if (reply) return reply;
    }
    return undefined;
  };
}

/** The conversation facts of every recorded request, for assertions. */
export function conversations(requests: RecordedRequest[]): Conversation[] {
  return requests.filter((r) => r.method === 'POST').map(readConversation);
}
