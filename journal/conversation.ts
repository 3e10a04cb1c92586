/**
 * Rebuilds an implementer conversation from the journal. The prefix of every
 * call is byte-identical to the previous call's messages, which is what lets
 * vendor prompt caching apply across an agent loop.
 */
import type { Message } from '../models/types.js';
import type { AttemptFiles } from './layout.js';
import { readJsonIfExists } from './files.js';
import type { ModelStepRecord, PromptRecord, ToolStepRecord } from './records.js';

/** Sent once when the implementer answers in words before changing any file. */
export const NO_CHANGE_NUDGE =
  'You have not changed any file yet, so there is nothing to test or review. ' +
  'Make the change with the tools (write_file or edit_file), then call finish with a summary. ' +
  'If you are sure no change is needed, call finish and say why.';

export async function readConversation(files: AttemptFiles, beforeStep: number): Promise<Message[]> {
  const prompt = await readJsonIfExists<PromptRecord>(files.prompt);
  if (!prompt) throw new Error(`journal is missing ${files.prompt}; the attempt was never started`);
  const messages = [...prompt.messages];
  for (let step = 1; step < beforeStep; step++) {
    const model = await readJsonIfExists<ModelStepRecord>(files.model(step));
    if (!model) throw new Error(`journal is missing step ${step} before step ${beforeStep} in ${files.dir}`);
    messages.push(assistantMessage(model));
    // A step without tool calls is followed by another only when the model changed nothing and was nudged.
    if (model.toolCalls.length === 0) messages.push({ role: 'user', content: NO_CHANGE_NUDGE });
    for (let index = 0; index < model.toolCalls.length; index++) {
      const tool = await readJsonIfExists<ToolStepRecord>(files.tool(step, index));
      // A step that ended early at `finish` leaves later calls unexecuted; vendors still require an answer for each.
      const call = model.toolCalls[index]!;
      messages.push({
        role: 'tool',
        toolCallId: call.id,
        name: call.name,
        content: tool ? tool.content : 'not executed: an earlier call in this step ended the turn',
        ...(tool && !tool.ok ? { isError: true } : {}),
      });
    }
  }
  return messages;
}

function assistantMessage(record: ModelStepRecord): Message {
  return {
    role: 'assistant',
    content: record.text,
    ...(record.toolCalls.length > 0 ? { toolCalls: record.toolCalls } : {}),
    ...(record.reasoning?.length ? { reasoning: record.reasoning } : {}),
  };
}
