/**
 * Executes one tool call from the implementer. Every failure the model can cause or
 * correct (unknown tool, bad JSON, a field failing its schema, a refused path, no
 * match, a timeout) comes back as `{ ok: false, content }` for the model to read;
 * this function does not throw for them. Everything it returns is capped and has
 * known secrets redacted, the summary included.
 */
import type { z } from 'zod';
import { redactSecrets } from '../errors/redact-secrets.js';
import { capText } from '../exec/output-cap.js';
import type { ToolDefinition } from './define-tool.js';
import { findTool, TOOLS } from './tools.js';
import type { ToolContext, ToolOutcome, ToolResult } from './types.js';

export type { ToolContext, ToolResult } from './types.js';

const SUMMARY_CHARS = 100;

export async function executeTool(call: { name: string; rawArguments: string }, ctx: ToolContext): Promise<ToolResult> {
  const handler = findTool(call.name);
  if (!handler) {
    return finalize(ctx, call.name, {
      ok: false,
      content: `Unknown tool ${JSON.stringify(call.name)}. The tools are: ${TOOLS.map((t) => t.name).join(', ')}.`,
    });
  }
  const parsed = parseArguments(handler, call.rawArguments);
  if (!parsed.ok) return finalize(ctx, call.name, parsed);
  let outcome: ToolOutcome;
  try {
    outcome = await handler.execute(parsed.args, ctx);
  } catch (error) {
    // An unexpected fs or process error (EACCES, ENOSPC...): still the model's turn to react.
    outcome = { ok: false, content: `${call.name} failed: ${(error as Error).message}` };
  }
  return finalize(ctx, `${call.name} ${handler.describe(parsed.args)}`.trim(), outcome);
}

/**
 * The one-line summary of a call before it runs (`edit_file src/slug.ts`), for
 * activity summaries in the Temporal UI; the same line executeTool reports.
 */
export function describeToolCall(call: { name: string; rawArguments: string }, secrets: ToolContext['secrets'] = []): string {
  const handler = findTool(call.name);
  const parsed = handler ? parseArguments(handler, call.rawArguments) : undefined;
  const summary = handler && parsed?.ok ? `${call.name} ${handler.describe(parsed.args)}`.trim() : call.name;
  return oneLineSummary(summary, secrets);
}

type Parsed = { ok: true; args: z.output<z.ZodObject> } | { ok: false; content: string };

function parseArguments(handler: ToolDefinition, raw: string): Parsed {
  let json: unknown;
  try {
    // Some models send an empty string for a call without arguments.
    json = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch (error) {
    return { ok: false, content: `The arguments for ${handler.name} are not valid JSON (${(error as Error).message}). Send one JSON object.` };
  }
  const result = handler.inputSchema.safeParse(json);
  if (result.success) return { ok: true, args: result.data };
  return { ok: false, content: `Invalid arguments for ${handler.name}: ${describeIssues(result.error)}.` };
}

/** `old_string: expected string, received undefined; offset: ...` so the model knows which field to fix. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.path.length === 0) return `arguments: ${issue.code === 'invalid_type' ? 'expected one JSON object' : issue.message}`;
      return `${issue.path.join('.')}: ${issue.message.replace(/^Invalid input: /, '')}`;
    })
    .join('; ');
}

/** A tool's outcome as the model gets it: capped, secrets redacted, with its one-line summary. */
export function finalize(ctx: ToolContext, summary: string, outcome: ToolOutcome): ToolResult {
  const secrets = ctx.secrets ?? [];
  return {
    ...outcome,
    ...(outcome.finished ? { finished: { summary: redactSecrets(outcome.finished.summary, secrets) } } : {}),
    content: capText(redactSecrets(outcome.content, secrets), ctx.maxOutputBytes, 'head'),
    summary: oneLineSummary(summary, secrets),
  };
}

function oneLineSummary(summary: string, secrets: ToolContext['secrets'] = []): string {
  const oneLine = redactSecrets(summary, secrets).replace(/\s+/g, ' ');
  return oneLine.length > SUMMARY_CHARS ? `${oneLine.slice(0, SUMMARY_CHARS - 1)}…` : oneLine;
}
