/**
 * Structured output on servers that do not take `response_format: json_schema`.
 * Some OpenAI-compatible servers answer it with a 400 naming `response_format` or
 * `json_schema`. We then degrade once per step: `json_object`, then an instruction
 * only (the schema spelled out in the system prompt). The reply is validated with
 * zod either way, so a weaker mode costs accuracy, never correctness.
 *
 * The degradation is remembered per endpoint and model for the life of the process
 * (one worker), so later calls do not pay the 400 again.
 */

/** How the schema is asked for, strongest first. */
export type ResponseFormatMode = 'json_schema' | 'json_object' | 'instruction';

const NEXT: Record<ResponseFormatMode, ResponseFormatMode | undefined> = {
  json_schema: 'json_object',
  json_object: 'instruction',
  instruction: undefined,
};

const learned = new Map<string, ResponseFormatMode>();

function key(baseUrl: string, model: string): string {
  return `${baseUrl}\u0000${model}`;
}

/** The mode to try first for this endpoint and model. */
export function responseFormatMode(baseUrl: string, model: string): ResponseFormatMode {
  return learned.get(key(baseUrl, model)) ?? 'json_schema';
}

/**
 * The weaker mode to retry with when `status`/`message` is a refusal of `mode`, and
 * remembers it; undefined when the error is something else or no weaker mode is left.
 */
export function degradeResponseFormat(
  baseUrl: string,
  model: string,
  mode: ResponseFormatMode,
  failure: { status: number | undefined; message: string },
): ResponseFormatMode | undefined {
  if (failure.status !== 400 || !/response_format|json_schema|json_object/i.test(failure.message)) return undefined;
  const next = NEXT[mode];
  if (next) learned.set(key(baseUrl, model), next);
  return next;
}

/** Forgets every degradation; for tests that reuse a fake server's address. */
export function resetResponseFormatModes(): void {
  learned.clear();
}
