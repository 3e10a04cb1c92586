import { describe, expect, it } from 'vitest';
import { carryMarks } from '../../plan/carry-marks.js';

const plan = (marks: [string, string, string]) => `# Plan\n\n- [${marks[0]}] T1: Alpha\n  - Acceptance: alpha.txt exists\n- [${marks[1]}] T2: Beta\n  - Acceptance: beta.txt exists\n- [${marks[2]}] T3: Gamma\n  - Acceptance: gamma.txt exists\n`;

describe('carryMarks', () => {
  it('is the branch text again when the user only lacks the marks', () => {
    expect(carryMarks(plan([' ', ' ', ' ']), plan(['x', '-', ' ']), 'TODO.md')).toBe(plan(['x', '-', ' ']));
  });

  it("keeps the user's edits and new tasks, with the branch's done marks", () => {
    const user = `${plan([' ', ' ', ' ']).replace('T2: Beta', 'T2: Beta, reworded')}- [ ] T4: Delta\n  - Acceptance: delta.txt exists\n`;
    const merged = carryMarks(user, plan(['x', ' ', ' ']), 'TODO.md');
    expect(merged).toContain('- [x] T1: Alpha');
    expect(merged).toContain('- [ ] T2: Beta, reworded');
    expect(merged).toContain('- [ ] T4: Delta');
  });

  it('does not carry a failed mark: the task runs again', () => {
    expect(carryMarks(plan([' ', ' ', ' ']), plan(['x', '!', ' ']), 'TODO.md')).toBe(plan(['x', ' ', ' ']));
  });
});
