/**
 * The cacheable prefix over a 10-step agent loop (9 read_file/write_file calls,
 * then finish), measured at the loopback servers, whose prompt caches report
 * cached input as the vendors do (prefix-cache.ts for OpenAI,
 * anthropic-prefix-cache.ts for Anthropic's breakpoints). A plan of two such
 * tasks: T1 is the first task of a run (nothing cached before its first call),
 * T2 a later one, whose first call can read tools + system from T1's calls;
 * that is what every task of a long plan but the first pays.
 *
 * `share` keeps the figure reported before the prefix cache: for T1 at the
 * OpenAI fake, the bytes each call shares with the previous call of its own
 * conversation.
 */
import type { Client } from '@temporalio/client';
import { finish, generateRequests, readFile, startFakeImplementer, taskIdOf, writeFile, type BenchVendor } from './fake-implementer.js';
import type { RecordedRequest } from './loopback-openai.js';
import { chatPromptBytes, commonPrefixBytes } from './prefix-cache.js';
import { createRepo, sourceTree, trivialPlan } from './repos.js';
import { benchSettings, runPlan } from './run-plan.js';
import { assertRecordedAsReported, taskTokens, type TaskTokens } from './tokens.js';

export interface LoopTokens {
  /** The first task of a run, as Tandem recorded its tokens. */
  cold: TaskTokens;
  /** A later task of the same run. */
  warm: TaskTokens;
}

export interface CacheFigures extends LoopTokens {
  steps: number;
  /** T1's calls at the OpenAI fake: all bytes, and the bytes each shares with the call before it. */
  inputBytes: number;
  prefixBytes: number;
  /** prefixBytes / inputBytes, the first call (nothing before it) included. */
  share: number;
  /** The same loop at the Anthropic fake, with Tandem's cache breakpoints. */
  anthropic: LoopTokens;
}

const STEPS = 10;

export async function measureCachePrefix(client: Client, taskQueue: string): Promise<CacheFigures> {
  const openai = await measureLoop(client, taskQueue, 'openai');
  const anthropic = await measureLoop(client, taskQueue, 'anthropic');
  const prompts = openai.requests.filter((request) => taskIdOf(request) === 'T1').map((request) => chatPromptBytes(request.body));
  let prefixBytes = 0;
  for (let index = 1; index < prompts.length; index++) prefixBytes += commonPrefixBytes(prompts[index - 1]!, prompts[index]!);
  const inputBytes = prompts.reduce((sum, prompt) => sum + prompt.length, 0);
  return { steps: prompts.length, inputBytes, prefixBytes, share: prefixBytes / inputBytes, cold: openai.cold, warm: openai.warm, anthropic: { cold: anthropic.cold, warm: anthropic.warm } };
}

async function measureLoop(client: Client, taskQueue: string, vendor: BenchVendor): Promise<LoopTokens & { requests: RecordedRequest[] }> {
  const fake = await startFakeImplementer((step, taskId) => {
    if (step >= STEPS) return step === STEPS ? finish('Read and wrote the notes.') : undefined;
    const note = `notes/${taskId}/step-${step - (step % 2 === 1 ? 0 : 1)}.md`;
    // The same notes as before the run had two tasks, so the figures stay comparable; the task's folder keeps T2's files new.
    return step % 2 === 1 ? writeFile(note, `Notes for step ${step}.\n`.repeat(20)) : readFile(note);
  }, vendor);
  try {
    const repo = await createRepo(sourceTree(10, trivialPlan(2)));
    const run = await runPlan(client, taskQueue, repo.root, benchSettings({ implementer: fake.model }));
    if (run.result.status.state !== 'completed') throw new Error(`cache-prefix run (${vendor}) ended ${run.result.status.state}`);
    fake.server.assertClean();
    const requests = generateRequests(fake.server);
    const [cold, warm] = await Promise.all(['T1', 'T2'].map((taskId) => taskTokens(run.input.location.journalDir, taskId)));
    for (const tokens of [cold!, warm!]) {
      assertRecordedAsReported(tokens, requests.filter((request) => taskIdOf(request) === tokens.taskId).map((request) => request.usage!));
    }
    return { cold: cold!, warm: warm!, requests };
  } finally {
    await fake.close();
  }
}
