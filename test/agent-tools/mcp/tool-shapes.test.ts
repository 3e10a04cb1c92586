/**
 * What the model is sent for MCP tools: names every vendor accepts, schemas
 * vendors take (or the tool left out with the reason), and `${VAR}` filled in
 * from the worker's environment only.
 */
import { describe, expect, it } from 'vitest';
import { expandEnvReferences } from '../../../agent-tools/mcp/expand-env.js';
import { mcpToolName } from '../../../agent-tools/mcp/tool-names.js';
import { vendorSchemaOf } from '../../../agent-tools/mcp/tool-schema.js';

describe('MCP tool names', () => {
  it('are mcp__<server>__<tool>, with characters vendors refuse replaced', () => {
    expect(mcpToolName('everything', 'get-sum', new Set())).toBe('mcp__everything__get-sum');
    expect(mcpToolName('gh', 'repos.list/all', new Set())).toBe('mcp__gh__repos_list_all');
  });

  it('stay within 64 characters and unique', () => {
    const long = mcpToolName('server', 'x'.repeat(100), new Set());
    expect(long).toHaveLength(64);
    const taken = new Set([long, 'mcp__a__b_c']);
    const second = mcpToolName('server', 'x'.repeat(100), taken);
    expect(second).toHaveLength(64);
    expect(second.endsWith('_2')).toBe(true);
    expect(mcpToolName('a', 'b.c', taken)).toBe('mcp__a__b_c_2');
  });
});

describe('MCP tool schemas', () => {
  it('are sent as objects without $schema, properties spelled out', () => {
    expect(vendorSchemaOf({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'number' } }, required: ['a'] })).toEqual({
      ok: true,
      parameters: { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] },
    });
    expect(vendorSchemaOf({})).toEqual({ ok: true, parameters: { type: 'object', properties: {} } });
  });

  it('that vendors refuse leave the tool out, saying why', () => {
    expect(vendorSchemaOf({ type: 'string' })).toEqual({ ok: false, problem: 'its input schema has type "string", and vendors take only "object"' });
    expect(vendorSchemaOf({ type: 'object', anyOf: [{}, {}] })).toEqual({ ok: false, problem: 'its input schema has anyOf at the top level, which vendors refuse' });
    expect(vendorSchemaOf(null)).toEqual({ ok: false, problem: 'its input schema is not a JSON object' });
    expect(vendorSchemaOf({ type: 'object', properties: { big: { description: 'x'.repeat(40_000) } } })).toMatchObject({ ok: false, problem: expect.stringMatching(/characters \(at most 32000\)/) });
  });
});

describe('${VAR} in env values and headers', () => {
  it('is filled from the environment, with :- defaults', () => {
    expect(expandEnvReferences({ Authorization: 'Bearer ${TOKEN}', Region: '${REGION:-eu}', Plain: 'a$b' }, { TOKEN: 'abc' })).toEqual({
      ok: true,
      values: { Authorization: 'Bearer abc', Region: 'eu', Plain: 'a$b' },
    });
  });

  it('names the first unset variable', () => {
    expect(expandEnvReferences({ A: '${SET}', B: 'x ${UNSET} y' }, { SET: '1' })).toEqual({ ok: false, missing: 'UNSET' });
  });
});
