import { describe, expect, it } from 'vitest';
import { TOOL_HANDLERS } from '../../agent-tools/execute-tool.js';
import { TOOL_SPECS } from '../../agent-tools/specs.js';

describe('TOOL_SPECS', () => {
  it('keeps the contract names and arguments', () => {
    const contract = Object.fromEntries(
      TOOL_SPECS.map((spec) => [spec.name, { properties: Object.keys(spec.parameters.properties as object), required: spec.parameters.required }]),
    );
    expect(contract).toEqual({
      read_file: { properties: ['path', 'offset', 'limit'], required: ['path'] },
      write_file: { properties: ['path', 'content'], required: ['path', 'content'] },
      edit_file: { properties: ['path', 'old_string', 'new_string'], required: ['path', 'old_string', 'new_string'] },
      list_files: { properties: ['path', 'pattern'], required: [] },
      search: { properties: ['pattern', 'path'], required: ['pattern'] },
      run_command: { properties: ['command', 'timeout_seconds'], required: ['command'] },
      finish: { properties: ['summary'], required: ['summary'] },
    });
  });

  it.each(TOOL_SPECS.map((spec) => [spec.name, spec] as const))('%s: the zod schema agrees with the JSON schema', (name, spec) => {
    const handler = TOOL_HANDLERS.get(name);
    expect(handler).toBeDefined();
    const shape = (handler!.schema as unknown as { shape: Record<string, { isOptional(): boolean }> }).shape;
    expect(Object.keys(shape)).toEqual(Object.keys(spec.parameters.properties as object));
    const required = Object.entries(shape).filter(([, field]) => !field.isOptional()).map(([key]) => key);
    expect(required).toEqual(spec.parameters.required);
  });

  it('has a handler for every spec and no handler without one', () => {
    expect([...TOOL_HANDLERS.keys()]).toEqual(TOOL_SPECS.map((spec) => spec.name));
  });
});
