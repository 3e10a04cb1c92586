import { describe, expect, it } from 'vitest';
import { clipBody, GITHUB_BODY_LIMIT, pullRequestBody } from '../../pr/pull-request-body.js';

describe('pullRequestBody', () => {
  it('puts the intro first, then each section under its heading, in order, leaving out empty ones', () => {
    const body = pullRequestBody({
      intro: 'Tandem ran the plan.',
      sections: [
        { heading: 'Summary', markdown: '| a | b |' },
        { heading: 'Nothing', markdown: '  ' },
        { heading: 'Traceability', markdown: 'R1 → T1' },
      ],
    });
    expect(body).toBe('Tandem ran the plan.\n\n## Summary\n\n| a | b |\n\n## Traceability\n\nR1 → T1\n');
  });

  it("stays within GitHub's limit: cut at a line, with a note saying how much was left out", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `| T${i} | ${'x'.repeat(20)} |`).join('\n');
    const body = pullRequestBody({ intro: 'Intro.', sections: [{ heading: 'Summary', markdown: rows }] });
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body).toMatch(/\| x{20} \|\n\n> \*\*Clipped:\*\* \d+ characters of this description were left out/);
    const full = `Intro.\n\n## Summary\n\n${rows}\n`;
    const left = Number(/(\d+) characters/.exec(body)![1]);
    expect(body.indexOf('\n\n> **Clipped:**') + left).toBe(full.length);
  });

  it('leaves a body that fits as it is', () => {
    expect(clipBody('short\n', 10)).toBe('short\n');
  });
});
