/**
 * Prompt size versus plan length: the first implementer request of T1 and of
 * a late task (T900) of the same 1,000-task plan, each measured at the
 * loopback OpenAI server through a real run. For the late task the tasks
 * before it are done (`[x]`, with the files they wrote in the repository);
 * tasks not measured are skipped (`[-]`), so each run does one task.
 */
import type { Client } from '@temporalio/client';
import { finish, generateRequests, startFakeImplementer, writeFile } from './fake-implementer.js';
import { createRepo, sourceTree } from './repos.js';
import { benchSettings, runPlan } from './run-plan.js';

export interface PlanLengthFigures {
  tasks: number;
  lateTask: number;
  /** Bytes of the first implementer request of T1. */
  firstTaskBytes: number;
  /** Bytes of the first implementer request of T{lateTask}, the tasks before it done. */
  lateTaskBytes: number;
}

export async function measurePlanLength(client: Client, taskQueue: string, tasks = 1000, lateTask = 900): Promise<PlanLengthFigures> {
  return { tasks, lateTask, firstTaskBytes: await firstPromptBytes(client, taskQueue, tasks, 1), lateTaskBytes: await firstPromptBytes(client, taskQueue, tasks, lateTask) };
}

async function firstPromptBytes(client: Client, taskQueue: string, tasks: number, measured: number): Promise<number> {
  const fake = await startFakeImplementer((step, taskId) => (step === 1 ? writeFile(`tandem-instant/${taskId}.txt`, `${taskId} done\n`) : step === 2 ? finish('Wrote the note.') : undefined));
  try {
    const files = sourceTree(10, planWithOnePending(tasks, measured));
    for (let index = 1; index < measured; index++) files[`tandem-instant/T${index}.txt`] = `T${index} done\n`;
    const repo = await createRepo(files);
    const run = await runPlan(client, taskQueue, repo.root, benchSettings({ implementer: fake.model }));
    if (run.result.status.state !== 'completed') throw new Error(`plan-length run for T${measured} ended ${run.result.status.state}`);
    fake.server.assertClean();
    const [first] = generateRequests(fake.server);
    if (!first) throw new Error(`plan-length run for T${measured} made no model request`);
    return Buffer.byteLength(first.rawBody);
  } finally {
    await fake.close();
  }
}

/** `count` tasks like trivialPlan's: those before `pending` done, `pending` to do, the rest skipped. */
export function planWithOnePending(count: number, pending: number): string {
  const tasks = Array.from({ length: count }, (_, index) => {
    const n = index + 1;
    const mark = n < pending ? 'x' : n === pending ? ' ' : '-';
    const reason = n > pending ? '  - Reason: not part of this measurement\n' : '';
    return `- [${mark}] T${n}: Write note ${n}\n${reason}  - Details: Create tandem-instant/T${n}.txt.\n  - Acceptance:\n    - tandem-instant/T${n}.txt exists\n  - Depends on: none\n`;
  });
  return `# Plan: Bench ${count}\n\n${tasks.join('')}`;
}
