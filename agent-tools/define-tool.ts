/**
 * One definition per implementer tool, modelled on vercel/ai's
 * `tool({ description, inputSchema, execute })`: the name and description the
 * model reads, one zod input schema (it validates each call, and converted to
 * JSON Schema it is what the model is sent), the flags the activities decide
 * by, and the handler. Nothing else knows a tool by its name.
 */
import { z } from 'zod';
import type { ToolSpec } from '../models/types.js';
import type { ToolContext, ToolOutcome } from './types.js';

/** What the activities need to know about a tool before running it. Plain data, so it can reach the workflow. */
export interface ToolFlags {
  /** May change files in the workspace: the plan file is checked, and put back, after it runs. */
  mutates: boolean;
  /**
   * Running it twice may differ from running it once (edit_file, a command), so a
   * retried call first restores the worktree the first run started from.
   * write_file replaces its file whole, so running it again is harmless.
   */
  restoreOnRetry: boolean;
  /** May run for minutes and heartbeats: a regular activity, not a local one. */
  longRunning: boolean;
  /** A valid call ends the implementer loop; it is answered in the model step, with no activity of its own. */
  endsLoop: boolean;
}

export interface ToolDefinition<S extends z.ZodObject = z.ZodObject> extends ToolFlags {
  /** A contract: prompts, journals and fake model scripts use the name and the argument names. */
  name: string;
  description: string;
  inputSchema: S;
  /** The argument shown after the tool name in summaries (`edit_file src/slug.ts`). */
  describe(args: z.output<S>): string;
  /**
   * For a tool that writes exactly one file, and never inside `.git` (the file
   * tools): that file's path as given. After such a call only the directories
   * above it can have become a git directory, so the activity looks there
   * instead of listing the whole worktree (nested-repos.ts).
   */
  writesOnly?(args: z.output<S>): string;
  execute(args: z.output<S>, ctx: ToolContext): Promise<ToolOutcome>;
}

type Optional = 'mutates' | 'restoreOnRetry' | 'longRunning' | 'endsLoop';

/** Defines a tool; flags left out are false (a read-only, quick tool). */
export function tool<S extends z.ZodObject>(definition: Omit<ToolDefinition<S>, Optional> & Partial<ToolFlags>): ToolDefinition<S> {
  return { mutates: false, restoreOnRetry: false, longRunning: false, endsLoop: false, ...definition };
}

/**
 * The tool as sent to a model: its JSON Schema derived from the zod schema as the
 * model should fill it in (`io: 'input'`), without the `$schema` key vendors do
 * not want, with extra properties forbidden (the handler would drop them) and a
 * `required` list on every object, as the hand-written schemas had.
 */
export function toolSpec(definition: ToolDefinition): ToolSpec {
  const { $schema: _dialect, ...parameters } = z.toJSONSchema(definition.inputSchema, {
    io: 'input',
    unrepresentable: 'throw',
    override: ({ jsonSchema }) => {
      if (jsonSchema.type === 'object') {
        jsonSchema.additionalProperties = false;
        // zod leaves out an empty list; some OpenAI-compatible servers insist on one.
        jsonSchema.required ??= [];
      }
      // `.int()` adds the safe-integer range; it tells a model nothing but costs tokens.
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
    },
  });
  return { name: definition.name, description: definition.description, parameters };
}
