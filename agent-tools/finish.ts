/**
 * finish: the implementer declares the task done. The loop stops and moves on to
 * verification; the summary goes into the review prompt and the UI.
 */
import { z } from 'zod';
import { tool } from './define-tool.js';

export const finishTool = tool({
  name: 'finish',
  description: 'Declare the task done, once the change is complete and the tests pass. Tests and a review follow.',
  inputSchema: z.object({
    summary: z.string().min(1).describe('What you changed and why, in a few sentences, for the reviewer.'),
  }),
  endsLoop: true,
  describe: () => '',
  async execute(args) {
    return { ok: true, content: 'Finished. Tests and review run next.', finished: { summary: args.summary } };
  },
});
