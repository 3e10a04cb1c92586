/**
 * The structured outputs a call keeper can validate, by the name the activity
 * gives them (`output.name`). A zod schema cannot cross a process, so the
 * request carries the name and the keeper validates with the same schema
 * object; a call whose schema is not this one is made in the worker instead.
 */
import type { z } from 'zod';
import { ConvergeReplySchema } from '../plan/converge-schema.js';
import { ReviewVerdictSchema } from '../plan/schema.js';

export const OUTPUT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  review_verdict: ReviewVerdictSchema,
  converge: ConvergeReplySchema,
};

/** The schema registered under `name`, or undefined. */
export function outputSchemaNamed(name: string): z.ZodType | undefined {
  return Object.hasOwn(OUTPUT_SCHEMAS, name) ? OUTPUT_SCHEMAS[name] : undefined;
}

/** True when the keeper would validate `output` with the very schema the caller passed. */
export function isKeptSchema(output: { name: string; schema: unknown }): boolean {
  return outputSchemaNamed(output.name) === output.schema;
}
