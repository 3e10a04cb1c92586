import { describe, expect, it } from 'vitest';
import { findAgentBinary } from '../../agents/binary.js';
import { thrown } from '../support/thrown.js';

const notInstalled = (name: string): string => {
  throw new Error(`Cannot find module '${name}'`);
};

describe('finding an agent CLI', () => {
  it('uses the native binaries installed here, not the launcher scripts', () => {
    expect(findAgentBinary('codex', {}).file).toMatch(/@openai\/codex-linux-x64\/vendor\/.*\/bin\/codex$/);
    expect(findAgentBinary('claude-code', {}).file).toMatch(/@anthropic-ai\/claude-code(-linux-x64)?\/(bin\/claude\.exe|claude)$/);
  });

  it('a package that is not installed is an environment error (exit 3) naming what to install', () => {
    for (const [agent, pkg] of [['codex', '@openai/codex'], ['claude-code', '@anthropic-ai/claude-code']] as const) {
      const error = thrown(() => findAgentBinary(agent, {}, notInstalled));
      expect(error.code).toBe('AGENT_BINARY_MISSING');
      expect(error.exitCode).toBe(3);
      expect(error.message).toContain(pkg);
      expect(error.hint).toContain(`npm install ${pkg}`);
    }
  });

  it('an override that is not an executable file is refused the same way', () => {
    const error = thrown(() => findAgentBinary('codex', { TANDEM_CODEX_BIN: '/nonexistent/codex' }));
    expect(error.code).toBe('AGENT_BINARY_MISSING');
    expect(error.message).toContain('TANDEM_CODEX_BIN=/nonexistent/codex');
  });
});
