/** Who may do the converge review: never the implementer's own vendor. */
import { describe, expect, it } from 'vitest';
import { crossVendorReviewer } from '../../workflows/converge.js';
import type { ResolvedModel } from '../../models/types.js';

const model = (spec: string): ResolvedModel => {
  const [providerName, name] = spec.split(':') as [string, string];
  return { spec, providerName, kind: providerName === 'anthropic' ? 'anthropic' : 'openai', model: name };
};

describe('the converge reviewer', () => {
  it('is the first reviewer of another vendor than the implementer, never the same vendor', () => {
    const implementer = model('openai:gpt-5-mini');
    expect(crossVendorReviewer({ implementer, reviewers: [model('openai:gpt-5'), model('anthropic:claude-haiku-4-5')] })?.spec).toBe('anthropic:claude-haiku-4-5');
    expect(crossVendorReviewer({ implementer, reviewers: [model('openai:gpt-5')] })).toBeUndefined();
  });
});

