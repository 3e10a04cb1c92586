/**
 * A model without a known price costs $0 in every total, so a USD budget
 * cannot see it. Say so once, before any money is spent, with the fix. That
 * covers models newer than the built-in table and every OpenAI-compatible
 * endpoint that is not on this machine (a hosted one bills per token).
 */
import pc from 'picocolors';
import { priceFor } from '../../models/cost.js';
import type { ResolvedModel } from '../../models/types.js';

export function warnUnknownPrices(models: ResolvedModel[], stream: NodeJS.WritableStream = process.stderr): void {
  const unknown = [...new Set(models.filter((model) => priceFor(model) === undefined).map((model) => model.spec))];
  if (unknown.length === 0) return;
  stream.write(
    `${pc.yellow('warning')}: no price is known for ${unknown.join(', ')}: their cost counts as $0 and USD budgets cannot see it.\n` +
      `  hint: add them under prices: in tandem.yaml, e.g. "${unknown[0]}": { input: 3, output: 15 } (USD per million tokens), or "${providerOf(unknown[0]!)}:*" for all of a provider's models ({ input: 0, output: 0 } if it is free); token budgets still apply.\n`,
  );
}

function providerOf(spec: string): string {
  return spec.slice(0, spec.indexOf(':'));
}
