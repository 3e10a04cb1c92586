import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { warnUnknownPrices } from '../../cli/output/price-warnings.js';
import type { ResolvedModel } from '../../models/types.js';

const model = (spec: string, kind: ResolvedModel['kind']): ResolvedModel => {
  const [providerName, name] = spec.split(/:(.*)/s) as [string, string];
  return { spec, providerName, kind, model: name };
};

function warnings(models: ResolvedModel[]): string {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk) => (text += String(chunk)));
  warnUnknownPrices(models, stream);
  return text;
}

describe('warnUnknownPrices', () => {
  it('names each vendor model without a price once, with the fix', () => {
    const text = warnings([model('anthropic:claude-future-9', 'anthropic'), model('anthropic:claude-future-9', 'anthropic'), model('openai:gpt-5', 'openai')]);
    expect(text).toContain('no price is known for anthropic:claude-future-9: their cost counts as $0');
    expect(text).toContain('prices: in tandem.yaml');
    expect(text).not.toContain('gpt-5');
  });

  it('warns for an OpenAI-compatible endpoint off this machine, with the per-provider fix', () => {
    const hosted: ResolvedModel = { ...model('together:llama-4', 'openai-compatible'), baseUrl: 'https://api.together.xyz/v1' };
    const text = warnings([hosted]);
    expect(text).toContain('no price is known for together:llama-4');
    expect(text).toContain('"together:*"');
    const local: ResolvedModel = { ...model('box:llama-4', 'openai-compatible'), baseUrl: 'http://127.0.0.1:8080/v1' };
    expect(warnings([local])).toBe('');
  });

  it('says nothing for priced, local or scripted models', () => {
    expect(warnings([model('openai:gpt-5-mini-2025-08-07', 'openai'), model('ollama:qwen', 'openai-compatible'), model('scripted:demo', 'scripted')])).toBe('');
  });
});
