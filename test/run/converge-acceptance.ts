/**
 * The converge fakes' verdicts on the plan's acceptance criteria: like a real
 * reviewer, they judge every criterion (`<task>/<n>`) of the plan they are
 * sent, since the converge activity asks again for any item a reply leaves out.
 */
import { parseTodo } from '../../plan/index.js';
import type { Conversation } from '../support/conversation.js';

/** `met` for each criterion of the tasks still in the plan, citing the diff. */
export function acceptanceVerdicts(conversation: Conversation): object[] {
  const plan = /<plan>\n([\s\S]*?)\n<\/plan>/.exec(conversation.firstUser)?.[1] ?? '';
  return parseTodo(plan)
    .tasks.filter((task) => task.status !== 'skipped')
    .flatMap((task) =>
      task.acceptance.map((text, index) => ({ id: `${task.id}/${index + 1}`, kind: 'acceptance', text, verdict: 'met', evidence: [{ note: 'The branch diff does it.' }], tasks: [task.id] })),
    );
}
