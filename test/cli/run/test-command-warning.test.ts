/**
 * A run without a project test command says so at its start, every time,
 * unless the user wrote `test: none` (or passed `--test none`) on purpose;
 * `none` then means no command, never a program called "none".
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/parse.js';
import type { ResolvedConfig } from '../../../config/load.js';
import { runSettings } from '../../../cli/run/run-settings.js';
import { warnIfNoTestCommand } from '../../../cli/run/test-command.js';

function warning(input: Parameters<typeof warnIfNoTestCommand>[0]): string {
  let written = '';
  warnIfNoTestCommand(input, (text) => {
    written += text;
  });
  return written;
}

const settingsFrom = (yaml: string, flags: { test?: string } = {}) => {
  const parsed = parseConfig(yaml, 'tandem.yaml').config;
  // Only the test command is looked at here; the models do not matter.
  const config: ResolvedConfig = { ...parsed, roles: {} as ResolvedConfig['roles'], configFile: undefined };
  return runSettings(config, flags, 30);
};

describe('the missing test command warning', () => {
  it('warns when neither tandem.yaml nor --test names a command, saying what runs instead and how to silence it', () => {
    const text = warning({ testCommand: undefined, flag: undefined, configured: undefined });
    expect(text).toContain('warning: no test command is configured');
    expect(text).toContain("its own Verify: passes and the review approves");
    expect(text).toContain('`test: none`');
  });

  it('stays silent with a command, or with `none` said on purpose in the file or the flag', () => {
    expect(warning({ testCommand: 'npm test', flag: undefined, configured: 'npm test' })).toBe('');
    expect(warning({ testCommand: undefined, flag: undefined, configured: 'none' })).toBe('');
    expect(warning({ testCommand: undefined, flag: 'none', configured: undefined })).toBe('');
  });

  it('turns `test: none` and `--test none` into no command at all, and a flag still wins over the file', () => {
    expect(settingsFrom('test: none\n').testCommand).toBeUndefined();
    expect(settingsFrom('test: npm test\n', { test: 'none' }).testCommand).toBeUndefined();
    expect(settingsFrom('test: none\n', { test: 'pytest -q' }).testCommand).toBe('pytest -q');
    expect(settingsFrom('').testCommand).toBeUndefined();
  });
});
