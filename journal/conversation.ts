/**
 * Rebuilds an implementer conversation from the journal. The prefix of every
 * call is byte-identical to the previous call's messages, which is what lets
 * vendor prompt caching apply across an agent loop.
 */
import type { Message } from '../models/types.js';
import type { AttemptFiles } from './layout.js';
import { readJsonIfExists } from './files.js';
import type { ModelStepRecord, PromptRecord, ToolStepRecord } from './records.js';

export async function readConversation(files: AttemptFiles, beforeStep: number): Promise<Message[]> {
  const prompt = await readJsonIfExists<PromptRecord>(files.prompt);
  if (!prompt) throw new Error(`journal is missing ${files.prompt}; the attempt was never started`);
  const messages = [...prompt.messages];
  for (let step = 1; step < beforeStep; step++) {
    const model = await readJsonIfExists<ModelStepRecord>(files.model(step));
    if (!model) throw new Error(`journal is missing step ${step} before step ${beforeStep} in ${files.dir}`);
    messages.push(assistantMessage(model));
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
