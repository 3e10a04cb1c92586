import { z } from 'zod';
import type { Message, ResolvedModel } from './types.js';
import type { GenerateRequest, OutputSpec, VendorCall, VendorResult } from './contract.js';
import { addUsage, costOf, priceFor } from './cost.js';
import { ModelCallError } from './errors.js';
import { extractJson } from './extract-json.js';

type Checked<T> = { ok: true; value: T } | { ok: false; issues: string };

/**
 * Runs a call and, when an output schema is set, validates the reply. On a bad reply
 * it retries once, showing the model its reply and the validation errors; then it
 * throws a non-retryable `invalid_output` error. Usage of both calls is summed.
 */
export async function generateWithOutput<T>(
  call: VendorCall,
  model: ResolvedModel,
  request: GenerateRequest<T>,
): Promise<{ result: VendorResult; output?: T }> {
  const spec = request.output;
  if (!spec) return { result: await call(request) };
  const first = await call(request);
  const firstCheck = check(first, spec);
  if (firstCheck.ok) return { result: first, output: firstCheck.value };

  const correction: Message[] = [
    { role: 'assistant', content: replyAsText(first) },
    { role: 'user', content: correctionPrompt(spec, firstCheck.issues) },
  ];
  const second = await call({ ...request, messages: [...request.messages, ...correction] });
  const usage = addUsage(first.usage, second.usage);
  const secondCheck = check(second, spec);
  if (secondCheck.ok) return { result: { ...second, usage }, output: secondCheck.value };

  throw new ModelCallError(
    `${model.spec} returned output that does not match the schema "${spec.name}", even after one retry: ${secondCheck.issues}`,
    {
      kind: 'invalid_output',
      retryable: false,
      provider: model.providerName,
      model: model.model,
      hint: 'Use a stronger model for this role, or one with native structured output.',
      usage,
      costUsd: costOf(usage, priceFor(model)),
    },
  );
}

function check<T>(result: VendorResult, spec: OutputSpec<T>): Checked<T> {
  const extracted = result.structured ? { ok: true as const, value: result.structured.value } : extractJson(result.text);
  if (!extracted.ok) return { ok: false, issues: extracted.reason };
  const parsed = spec.schema.safeParse(extracted.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: z.prettifyError(parsed.error) };
}

function replyAsText(result: VendorResult): string {
  if (result.structured) return JSON.stringify(result.structured.value);
  return result.text || '(empty reply)';
}

function correctionPrompt(spec: OutputSpec<unknown>, issues: string): string {
  return [
    `Your reply did not match the required "${spec.name}" JSON schema:`,
    issues,
    'Reply again with only the corrected JSON object, no prose.',
  ].join('\n');
}
