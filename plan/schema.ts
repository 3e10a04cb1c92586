/**
 * The JSON contracts models fill in: a plan (from the planner) and a review
 * verdict (from plan review and code review). They are sent to models as JSON
 * Schema via `z.toJSONSchema`, so every `.describe()` is written as guidance
 * for the model, not for us.
 *
 * Not for workflow code: zod is costly to evaluate in every new workflow (see task-id.ts).
 */
import { z } from 'zod';
import { REQUIREMENT_ID_PATTERN } from './requirement-id.js';
import { TASK_ID_PATTERN } from './task-id.js';

export const TaskIdSchema = z
  .string()
  .regex(TASK_ID_PATTERN)
  .describe('Task id: "T" followed by the task number, in plan order: T1, T2, T3, ...');

export const PlanTaskSchema = z.object({
  id: TaskIdSchema,
  title: z
    .string()
    .min(1)
    .describe('Short imperative title on one line, e.g. "Add a `separator` option to slugify". Becomes the commit subject.'),
  details: z
    .string()
    .describe(
      'What to change and where, for an engineer who has not read the design: the approach, the functions or modules involved, edge cases. One feature only; split anything bigger into more tasks.',
    ),
  acceptance: z
    .array(z.string().min(1))
    .min(1)
    .describe(
      'Checkable criteria that prove the task is done, one per item: observable behaviour ("`slugify(\'a b\', {separator: \'_\'})` returns `a_b`") or a command that must pass. At least one.',
    ),
  verify: z
    .string()
    .optional()
    .describe('Optional shell command, run from the repository root, that checks this task, e.g. `npm test -- slugify`.'),
  dependsOn: z
    .array(TaskIdSchema)
    .describe('Ids of earlier tasks that must be done first. Empty array when the task can start immediately. No cycles.'),
  files: z
    .array(z.string())
    .optional()
    .describe('Repository-relative paths the task is expected to create or change. A task should touch only a few files.'),
  requirements: z
    .array(z.string().regex(REQUIREMENT_ID_PATTERN))
    .optional()
    .describe(
      'Ids of the design requirements this task serves, exactly as the design writes them (e.g. "R1", "REQ-3"). When the design numbers none, use R1, R2, ... for its requirements in the order the design states them. Every requirement should be served by at least one task.',
    ),
});

export const PlanSchema = z
  .object({
    title: z.string().min(1).describe('Name of the plan, e.g. "Add options to slugify".'),
    tasks: z
      .array(PlanTaskSchema)
      .min(1)
      .describe(
        'Small, independently verifiable tasks in execution order. Each one must be implementable, testable and reviewable as a single commit.',
      ),
  })
  .describe('A plan that turns a design document into small tasks, each becoming one reviewed commit.');

export type PlanTask = z.infer<typeof PlanTaskSchema>;
export type Plan = z.infer<typeof PlanSchema>;

/** `tandem plan --update`: the revised plan, plus the pending tasks the changed design no longer needs (plan/revision.ts). */
export const PlanProposalSchema = PlanSchema.extend({
  dropped: z
    .array(
      z.object({
        id: TaskIdSchema,
        reason: z.string().min(1).describe('One line: what in the design change makes this task unnecessary.'),
      }),
    )
    .describe('Pending tasks of the current plan that the changed design no longer needs; they are marked skipped. Empty array when none. Never a done task.'),
}).describe('The current plan revised for the changed design: every existing task with its id, revised only if pending, plus new tasks with new ids.');

export const SeveritySchema = z
  .enum(['blocker', 'major', 'minor', 'nit'])
  .describe(
    'blocker: must be fixed before approval (wrong behaviour, failing criteria, broken build). major: should be fixed. minor: worth fixing. nit: style or taste.',
  );

export const ReviewCommentSchema = z.object({
  severity: SeveritySchema,
  body: z
    .string()
    .describe('What is wrong and what to do instead, specific enough to act on without asking a follow-up question.'),
  file: z.string().optional().describe('Repository-relative path the comment is about, if any.'),
  line: z.number().int().positive().optional().describe('1-based line number in `file`, if the comment is about one line.'),
});

export const ReviewVerdictSchema = z
  .object({
    verdict: z
      .enum(['approve', 'request_changes'])
      .describe('"approve" when there are no blocker comments; otherwise "request_changes".'),
    summary: z.string().describe('Two or three sentences: overall assessment and the most important problems.'),
    comments: z
      .array(ReviewCommentSchema)
      .describe('Individual findings, most severe first. Empty array when there is nothing to say.'),
  })
  .describe('A review of a plan or of a code change.');

export type Severity = z.infer<typeof SeveritySchema>;
export type ReviewComment = z.infer<typeof ReviewCommentSchema>;
export type ReviewVerdict = z.infer<typeof ReviewVerdictSchema>;
