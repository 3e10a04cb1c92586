/**
 * Error codes are a contract users search for. TandemError accepts only listed
 * codes (the compiler checks each literal); these tests cover what it cannot:
 * the failure types activities throw, which the CLI turns into codes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { codeOf } from '../../cli/output/workflow-failure.js';
import { ERROR_CODES, isErrorCode } from '../../errors/codes.js';
import { ROOT, sourceFiles } from '../support/import-graph.js';

const SOURCE = ['activities', 'agent-tools', 'cli', 'config', 'exec', 'git', 'models', 'prompts', 'workflows'];

describe('error codes', () => {
  test('every failure type an activity or workflow throws has a listed code', () => {
    const types = sourceFiles(SOURCE).flatMap((file) => {
      const source = readFileSync(join(ROOT, file), 'utf8');
      return [...source.matchAll(/ApplicationFailure\.create\(\{[^}]*?type: '([A-Za-z.]+)'/gs)].map((match) => match[1]!);
    });
    expect(types.length).toBeGreaterThan(3);
    expect(types.filter((type) => codeOf(type) === 'WORKFLOW_FAILED')).toEqual([]);
  });

  test('model failures keep their kind in the code, and an unknown type says the workflow failed', () => {
    expect(codeOf('ModelCallError.auth')).toBe('MODEL_CALL_ERROR_AUTH');
    expect(codeOf('BaselineFailing')).toBe('BASELINE_FAILING');
    expect(codeOf('SomethingNobodyListed')).toBe('WORKFLOW_FAILED');
  });

  test('codes are unique, upper snake case, and recognised', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      expect(isErrorCode(code)).toBe(true);
    }
    expect(isErrorCode('NOT_A_CODE')).toBe(false);
  });
});
