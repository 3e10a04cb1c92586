import { describe, expect, it } from 'vitest';
import { TandemError } from '../../errors/tandem-error.js';
import { printError } from '../../cli/output/print-error.js';

function capture(error: unknown, env: NodeJS.ProcessEnv = {}): { text: string; exitCode: number } {
  let text = '';
  const stream = { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream;
  const exitCode = printError(error, { stream, env });
  return { text: text.replace(/\u001b\[[0-9;]*m/g, ''), exitCode };
}

describe('printError', () => {
  it('prints a TandemError as code, message and hint, with its exit code and no stack', () => {
    const error = new TandemError('Cannot reach the Temporal server at x:1.', { code: 'TEMPORAL_UNREACHABLE', exitCode: 3, hint: 'Check it.' });
    const { text, exitCode } = capture(error);
    expect(text).toBe('error [TEMPORAL_UNREACHABLE]: Cannot reach the Temporal server at x:1.\n  hint: Check it.\n');
    expect(exitCode).toBe(3);
  });

  it('prints an unknown error as one line, exit 1', () => {
    const { text, exitCode } = capture(new Error('boom\nsecond line'));
    expect(text.split('\n')[0]).toBe('error: boom');
    expect(text).not.toMatch(/\n\s+at /);
    expect(exitCode).toBe(1);
  });

  it('adds the stack and cause with TANDEM_DEBUG=1', () => {
    const error = new TandemError('outer', { code: 'USAGE', cause: new Error('inner') });
    const { text } = capture(error, { TANDEM_DEBUG: '1' });
    expect(text).toMatch(/\n\s+at /);
    expect(text).toContain('caused by:');
    expect(text).toContain('inner');
  });
});
