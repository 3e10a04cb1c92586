import { describe, expect, it } from 'vitest';
import { asksTheUser, noChangeEnding } from '../../agents/no-change-ending.js';
import { mapClaudeEvent } from '../../agents/claude-events.js';
import { emptyProgress, foldEvent } from '../../agents/progress.js';

describe('an agent ending that changed nothing', () => {
  it('a question in the last paragraph is asking, also without a question mark', () => {
    expect(asksTheUser('I looked around.\n\nWhich file should I edit?')).toBe(true);
    expect(asksTheUser('Do you want a.txt or b.txt?**')).toBe(true);
    expect(asksTheUser('Please confirm the file name before I write it.')).toBe(true);
    expect(asksTheUser('Would you like me to add tests as well.')).toBe(true);
  });

  it('a statement stands, even one that mentions a question earlier or offers more', () => {
    expect(asksTheUser('Is alpha there? Yes.\n\na.txt already contains alpha; no change was needed.')).toBe(false);
    expect(asksTheUser('Done. Let me know if you need anything else.')).toBe(false);
    expect(asksTheUser('')).toBe(false);
  });

  it('the reason names the agent and quotes its last words; refused tools come first', () => {
    expect(noChangeEnding({ agent: 'codex', lastWords: 'Should I\ncreate a.txt?' })).toBe('codex changed no file and ended with a question nobody answers in a run (decide, make the change, and end with a summary); its last words: "Should I create a.txt?"');
    expect(noChangeEnding({ agent: 'claude-code', lastWords: 'I could not write it.', permissionDenials: ['Write /w/a.txt'] })).toBe('claude-code changed no file and its permission rules refused Write /w/a.txt; its last words: "I could not write it."');
    expect(noChangeEnding({ agent: 'codex', lastWords: 'a.txt already says alpha.' })).toBeUndefined();
  });

  it("Claude Code's permission_denials in its result event reach the session's progress", () => {
    const result = { type: 'result', subtype: 'success', is_error: false, num_turns: 2, result: 'I need permission to write a.txt.', permission_denials: [{ tool_name: 'Write', tool_use_id: 'toolu_1', tool_input: { file_path: '/w/a.txt', content: 'x' } }, { tool_name: 'Bash', tool_use_id: 'toolu_2', tool_input: { command: 'rm -rf build' } }] };
    const progress = mapClaudeEvent(result).reduce((p, event) => foldEvent(p, event, new Set()), emptyProgress());
    expect(progress.permissionDenials).toEqual(['Write /w/a.txt', '$ rm -rf build']);
  });
});
