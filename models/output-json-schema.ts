import { z } from 'zod';
import type { OutputSpec } from './contract.js';

/**
 * JSON Schema for an output spec, as both vendors want it: an object, no `$schema`.
 * Its own module so the vendor files need not import the structured-output loop
 * (which prices calls, and so reads the provider registry that lists the vendor files).
 */
export function outputJsonSchema(spec: OutputSpec<unknown>): Record<string, unknown> {
  // The model produces the schema's input side (before transforms and defaults).
  const { $schema: _ignored, ...schema } = z.toJSONSchema(spec.schema, { io: 'input', unrepresentable: 'any' });
  return schema;
}
