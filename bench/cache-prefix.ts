/**
 * The cacheable prefix over a 10-step agent loop (9 read_file/write_file
 * calls, then finish), measured at the loopback OpenAI server: for each call, how many
 * leading bytes of its prompt (tools, then messages in order, as vendors
 * render and cache them) are byte-identical to the previous call's.
 */
import type { Client } from '@temporalio/client';
import type { RecordedRequest } from './loopback-openai.js';
import { finish, generateRequests, readFile, startFakeImplementer, writeFile } from './fake-implementer.js';
import { createRepo, sourceTree, trivialPlan } from './repos.js';
import { benchSettings, runPlan } from './run-plan.js';

export interface CacheFigures {
  steps: number;
  inputBytes: number;
  prefixBytes: number;
  /** prefixBytes / inputBytes, the first call (nothing before it) included. */
  share: number;
}

const STEPS = 10;

export async function measureCachePrefix(client: Client, taskQueue: string): Promise<CacheFigures> {
  const fake = await startFakeImplementer((step) => {
    if (step >= STEPS) return step === STEPS ? finish('Read and wrote the notes.') : undefined;
    return step % 2 === 1 ? writeFile(`notes/step-${step}.md`, `Notes for step ${step}.\n`.repeat(20)) : readFile(`notes/step-${step - 1}.md`);
  });
  try {
    const repo = await createRepo(sourceTree(10, trivialPlan(1)));
    const run = await runPlan(client, taskQueue, repo.root, benchSettings({ implementer: fake.model }));
    if (run.result.status.state !== 'completed') throw new Error(`cache-prefix run ended ${run.result.status.state}`);
    fake.server.assertClean();
    const prompts = generateRequests(fake.server).map(promptText);
    let prefixBytes = 0;
    for (let index = 1; index < prompts.length; index++) prefixBytes += commonPrefixBytes(prompts[index - 1]!, prompts[index]!);
    const inputBytes = prompts.reduce((sum, prompt) => sum + prompt.length, 0);
    return { steps: prompts.length, inputBytes, prefixBytes, share: prefixBytes / inputBytes };
  } finally {
    await fake.close();
  }
}

/** The request in the order a vendor renders it: model and settings, tools, then each message. */
function promptText(request: RecordedRequest): Buffer {
  const { messages = [], tools = [], ...settings } = request.body as { messages?: unknown[]; tools?: unknown[] };
  return Buffer.from([JSON.stringify(settings), JSON.stringify(tools), ...messages.map((m) => JSON.stringify(m))].join('\n'));
}

function commonPrefixBytes(a: Buffer, b: Buffer): number {
  const length = Math.min(a.length, b.length);
  let index = 0;
  while (index < length && a[index] === b[index]) index++;
  return index;
}
