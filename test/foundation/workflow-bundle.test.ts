import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';

/*
 * Every new workflow (one per task) evaluates the bundle's modules afresh, so a
 * heavy library imported by workflow code costs each task milliseconds of the
 * worker's CPU. These are the ones that slipped in before.
 */
describe('the prebuilt workflow bundle', () => {
  it('carries no library that only activities need', async () => {
    const bundle = await readFile(inject('workflowBundlePath'), 'utf8');
    for (const library of ['zod', 'yaml', 'openai', '@anthropic-ai/sdk', 'simple-git', 'execa']) {
      expect(bundle, library).not.toContain(`node_modules/${library}/`);
    }
  });
});
