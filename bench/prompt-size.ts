/**
 * Prompt size versus repository size: the same one-file task run end to end on
 * a 10-file repository and on a generated 2,000-file one, measured at the
 * loopback OpenAI server. The repo map is capped, so the first prompt should barely grow.
 */
import type { Client } from '@temporalio/client';
import { startFakeImplementer, finish, generateRequests, writeFile } from './fake-implementer.js';
import { createRepo, sourceTree, trivialPlan } from './repos.js';
import { benchSettings, runPlan } from './run-plan.js';

export interface PromptFigures {
  files: number;
  firstPromptBytes: number;
  conversationBytes: number;
  requests: number;
}

export async function measurePromptSize(client: Client, taskQueue: string, files: number): Promise<PromptFigures> {
  const fake = await startFakeImplementer((step) => (step === 1 ? writeFile('tandem-instant/T1.txt', 'T1 done\n') : step === 2 ? finish('Wrote the note.') : undefined));
  try {
    const repo = await createRepo(sourceTree(files, trivialPlan(1)));
    const run = await runPlan(client, taskQueue, repo.root, benchSettings({ implementer: fake.model }));
    if (run.result.status.state !== 'completed') throw new Error(`prompt-size run on ${files} files ended ${run.result.status.state}`);
    fake.server.assertClean();
    const requests = generateRequests(fake.server);
    const bytes = requests.map((request) => Buffer.byteLength(request.rawBody));
    return { files, firstPromptBytes: bytes[0] ?? 0, conversationBytes: bytes.reduce((a, b) => a + b, 0), requests: requests.length };
  } finally {
    await fake.close();
  }
}
