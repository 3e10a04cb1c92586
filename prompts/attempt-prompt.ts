/**
 * The implementer's prompt for one attempt, built from the plan task, the repo's
 * AGENTS.md, the design excerpt and the previous attempt's feedback, and kept in
 * the journal. Tandem's own loop and an external agent (agents/) get the same task.
 */
import { join } from 'node:path';
import { readJsonIfExists, readTextIfExists, writeJsonAtomic } from '../journal/files.js';
import { attemptFiles } from '../journal/layout.js';
import type { PromptRecord } from '../journal/records.js';
import type { PlanTaskInput, RunLocation } from '../contracts/run.js';
import { designExcerpt } from './design-excerpt.js';
import { repoMap } from './repo-map.js';
import { fillTemplate, loadTemplate } from './templates.js';
import { readConfinedText } from '../exec/confined-read.js';

export interface AttemptRef {
  location: RunLocation;
  taskId: string;
  attempt: number;
}

const MAX_AGENTS_BYTES = 8000;

export interface PromptInput {
  task: PlanTaskInput;
  previousAttempt?: number;
  /** The attempt starts from a fresh worktree on a new base (`--parallel`: its approved change did not integrate). */
  freshWorkspace?: boolean;
}

/**
 * Writes the attempt's first messages (system + task) to the journal, once.
 * Called by the first implementer step (and by an external agent's session,
 * which is handed the same task message), not an activity of its own.
 */
export async function writePrompt(input: AttemptRef & PromptInput): Promise<{ promptBytes: number }> {
  const files = attemptFiles(input.location.journalDir, input.taskId, input.attempt);
  const existing = await readJsonIfExists<PromptRecord>(files.prompt);
  if (existing) return { promptBytes: JSON.stringify(existing.messages).length };

  const { repo } = input.location;
  const { task } = input;
  const agents = await readConfinedText(repo, 'AGENTS.md', 'AGENTS.md');
  const design = input.location.designRelPath ? await readConfinedText(repo, input.location.designRelPath, `the design ${input.location.designRelPath}`) : undefined;
  const feedback = input.previousAttempt
    ? await readTextIfExists(attemptFiles(input.location.journalDir, input.taskId, input.previousAttempt).feedback)
    : undefined;

  // A first attempt (or one that starts afresh) finds the worktree as the branch head has it.
  const map = await repoMap(repo, { focus: task.files, atHead: input.previousAttempt === undefined || input.freshWorkspace === true });
  // The system prompt is the same for every task of a run (the repo map, which tasks change, is in the
  // task message), so a vendor's prompt cache serves tools + system to each task's first call too.
  // A repository's own implementer template may still place {{repoMap}} there.
  const system = fillTemplate(await loadTemplate('implementer', repo), {
    agents: agents ? `Project instructions (AGENTS.md):\n<agents>\n${agents.slice(0, MAX_AGENTS_BYTES).trim()}\n</agents>\n` : '',
    repoMap: map,
  });
  const user = fillTemplate(await loadTemplate('implementer-task', repo), {
    repoMap: map,
    taskId: task.id,
    title: task.title,
    details: task.details ?? '',
    acceptance: task.acceptance.map((line) => `- ${line}`).join('\n'),
    verify: task.verify ? `\nVerify with: \`${task.verify}\`\n` : '',
    files: task.files?.length ? `\nFiles you will likely touch: ${task.files.join(', ')}\n` : '',
    design: design ? `\nRelevant part of the design (${input.location.designRelPath}):\n<design>\n${designExcerpt(design, task)}\n</design>\n` : '',
    feedback: feedback ? `\nThis is attempt ${input.attempt}. The previous attempt was not accepted:\n<feedback>\n${feedback.trim()}\n</feedback>\n${input.freshWorkspace ? 'The worktree starts afresh from the current head of the branch: make the change again there.' : "The worktree still holds the previous attempt's changes; fix them rather than starting over."}\n` : '',
  });
  const record: PromptRecord = {
    messages: [
      { role: 'system', content: system.trim() },
      { role: 'user', content: user.trim() },
    ],
    createdAt: Date.now(),
  };
  await writeJsonAtomic(files.prompt, record);
  return { promptBytes: JSON.stringify(record.messages).length };
}
