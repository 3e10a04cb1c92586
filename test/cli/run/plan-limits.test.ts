import { describe, expect, it } from 'vitest';
import { MAX_PLAN_BYTES, MAX_PLAN_TASKS, withinPlanLimits } from '../../../cli/run/plan-limits.js';
import { trivialPlan } from '../../../bench/repos.js';

/** 1,000 tasks as a planner writes them: details, three acceptance lines, verify, files, requirements (about 500 bytes each). */
function detailedPlan(count: number): string {
  const task = (i: number) =>
    `- [ ] T${i}: Add a \`maxLength${i}\` option\n  - Details: Cut the slug to at most \`maxLength${i}\` characters at a word boundary, never ending with a separator.\n` +
    `  - Acceptance:\n    - \`slugify('hello big world', { maxLength${i}: 9 })\` returns \`hello-big\`\n    - no slug ends with a separator\n    - a first word longer than \`maxLength${i}\` gives an empty slug\n` +
    `  - Verify: \`node --test test/max-length-${i}.test.js\`\n  - Depends on: ${i === 1 ? 'none' : `T${i - 1}`}\n  - Files: src/slugify.js, test/max-length-${i}.test.js\n  - Requirements: R${i % 40}\n`;
  return `# Plan: Detailed\n\n${Array.from({ length: count }, (_, i) => task(i + 1)).join('')}`;
}

describe('withinPlanLimits', () => {
  it("takes a 1,000-task plan with room to spare: the bench's, and one with every field filled in", () => {
    for (const plan of [trivialPlan(1000), detailedPlan(1000)]) {
      expect(withinPlanLimits(plan, 'TODO.md')).toBe(plan);
      expect(Buffer.byteLength(plan)).toBeLessThan(MAX_PLAN_BYTES * 0.65);
    }
    expect(MAX_PLAN_TASKS).toBeGreaterThanOrEqual(2000);
  });

  it('refuses more bytes or more tasks as PLAN_TOO_LARGE, exit 2, with a hint to split the plan', () => {
    const tooLong = `# Plan: x\n\n- [ ] T1: x\n  - Details: ${'x'.repeat(MAX_PLAN_BYTES)}\n`;
    expect(() => withinPlanLimits(tooLong, 'plans/big.md')).toThrow(expect.objectContaining({ code: 'PLAN_TOO_LARGE', exitCode: 2, message: expect.stringMatching(/^The plan plans\/big\.md is \d+ bytes; a run takes plans of up to 800000 bytes/), hint: expect.stringContaining('Split the plan') }));
    // Only column-0 task lines count: a checkbox inside a task's details is no task.
    const nested = `# Plan: x\n\n${Array.from({ length: MAX_PLAN_TASKS }, (_, i) => `- [ ] T${i + 1}: x\n  - Details:\n    - [ ] not a task\n`).join('')}`;
    expect(withinPlanLimits(nested, 'TODO.md')).toBe(nested);
    expect(() => withinPlanLimits(trivialPlan(MAX_PLAN_TASKS + 1), 'TODO.md')).toThrow(expect.objectContaining({ code: 'PLAN_TOO_LARGE', message: expect.stringContaining(`has ${MAX_PLAN_TASKS + 1} tasks`) }));
  });

  it('counts the tasks the run parses: not a preamble link like `- [1](url)`, and the first task after a BOM too', () => {
    // A regex of its own refused the first plan (2,001 "tasks") and took the second (2,000: its ^ did not see the task after the BOM).
    const tasks = (count: number) => trivialPlan(count).slice(trivialPlan(count).indexOf('- [ ]'));
    const withLink = `# Plan: x\n\n- [1](https://example.com/spec)\n\n${tasks(MAX_PLAN_TASKS)}`;
    expect(withinPlanLimits(withLink, 'TODO.md')).toBe(withLink);
    expect(() => withinPlanLimits(`\uFEFF${tasks(MAX_PLAN_TASKS + 1)}`, 'TODO.md')).toThrow(expect.objectContaining({ code: 'PLAN_TOO_LARGE', message: expect.stringContaining(`has ${MAX_PLAN_TASKS + 1} tasks`) }));
  });
});
