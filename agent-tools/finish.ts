/**
 * finish: the implementer declares the task done. The loop stops and moves on to
 * verification; the summary goes into the review prompt and the UI.
 */
import { z } from 'zod';
import type { ToolHandler } from './types.js';

const schema = z.object({
  summary: z.string().min(1),
});

export const finishTool: ToolHandler<typeof schema> = {
  name: 'finish',
  schema,
  describe: () => '',
  async run(args) {
    return { ok: true, content: 'Finished. Tests and review run next.', finished: { summary: args.summary } };
  },
};
