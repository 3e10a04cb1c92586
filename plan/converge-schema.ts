/**
 * The JSON contract the converge reviewer fills in: a verdict with evidence
 * for each requirement of the design and each acceptance criterion of the
 * plan, and the follow-up tasks that would close what is partial or missing.
 * Sent to the model as JSON Schema, so each `.describe()` is guidance for it.
 * The shape mirrors contracts/converge.ts (which plan/ may not import); the
 * converge activity assigns one to the other, so the compiler keeps them equal.
 *
 * Not for workflow code: zod is costly to evaluate in every new workflow (see task-id.ts).
 */
import { z } from 'zod';

export const ConvergeEvidenceSchema = z.object({
  commit: z.string().optional().describe('A commit sha on the run branch (abbreviated is fine) that does it.'),
  file: z.string().optional().describe('Repository-relative path where it is done.'),
  line: z.number().int().positive().optional().describe('1-based line in `file`.'),
  test: z.string().optional().describe('A test (name or file) that shows it works.'),
  note: z.string().optional().describe('One sentence: what this evidence shows, or what is absent.'),
});

export const ConvergeItemSchema = z.object({
  id: z
    .string()
    .min(1)
    .describe('Requirement: the id the design gives (R1, REQ-3) or, when it gives none, R1, R2, … in the design\'s order. Acceptance criterion: "<taskId>/<n>", the n-th (1-based) criterion of that task, e.g. "T2/1".'),
  kind: z.enum(['requirement', 'acceptance']),
  text: z.string().min(1).describe('The requirement or criterion in words, on one line.'),
  verdict: z
    .enum(['met', 'partial', 'missing'])
    .describe('met: done and shown by the code and a passing test. partial: begun, or done without proof, or only in name. missing: not done on the branch.'),
  evidence: z.array(ConvergeEvidenceSchema).describe('Where the proof is (or, for partial and missing, what is absent). Cite commits, files and lines, and tests.'),
  tasks: z.array(z.string()).describe('Plan task ids credited with this item; empty when none is.'),
});

export const ConvergeFollowUpSchema = z.object({
  title: z.string().min(1).describe('Short imperative title on one line; becomes the commit subject.'),
  details: z.string().describe('What to change and where, for an engineer who has not read the design.'),
  acceptance: z.array(z.string().min(1)).min(1).describe('Checkable criteria that prove the gap is closed, one per item.'),
  covers: z.array(z.string()).min(1).describe('Ids of the partial or missing items this task closes, e.g. ["R4"].'),
  dependsOn: z.array(z.string()).describe('Ids of existing plan tasks this one builds on; empty when none.'),
});

export const ConvergeReplySchema = z
  .object({
    items: z.array(ConvergeItemSchema).describe('One entry per requirement of the design and per acceptance criterion of the plan, in order.'),
    followUps: z
      .array(ConvergeFollowUpSchema)
      .describe('One small task per gap, for every partial or missing item; empty when everything is met.'),
    summary: z.string().describe('Two or three sentences: does the branch do what the design asks, and what is left.'),
  })
  .describe('A review of the whole run branch against the design and the plan.');

export type ConvergeReply = z.infer<typeof ConvergeReplySchema>;
export type ConvergeFollowUp = z.infer<typeof ConvergeFollowUpSchema>;
