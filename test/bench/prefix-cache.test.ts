import { describe, expect, it } from 'vitest';
import { chatPromptBytes, commonPrefixBytes, PrefixCache } from '../../bench/prefix-cache.js';

const tools = [{ type: 'function', function: { name: 'read_file' } }];
const system = { role: 'system', content: 'You implement one task.' };
const request = (...messages: unknown[]) => chatPromptBytes({ model: 'gpt-fake', tools, messages: [system, ...messages] } as never);

describe('the bench prefix cache (OpenAI)', () => {
  it('counts the leading bytes two prompts share', () => {
    expect(commonPrefixBytes(Buffer.from('abcdef'), Buffer.from('abcxyz'))).toBe(3);
    expect(commonPrefixBytes(Buffer.from('abc'), Buffer.from('abcdef'))).toBe(3);
    expect(commonPrefixBytes(Buffer.from('x'), Buffer.from('y'))).toBe(0);
  });

  it('serves a growing conversation all of the previous request, and nothing to the first', () => {
    const cache = new PrefixCache();
    const first = request({ role: 'user', content: 'Task T1' });
    const second = request({ role: 'user', content: 'Task T1' }, { role: 'assistant', content: 'done' });
    expect(cache.serve(first)).toBe(0);
    expect(cache.serve(second)).toBe(first.length);
  });

  it('serves another conversation the tools and system it shares, as vendors cache across requests', () => {
    const cache = new PrefixCache();
    const t1 = request({ role: 'user', content: 'Task T1' }, { role: 'assistant', content: 'done' });
    cache.serve(t1);
    const t2 = request({ role: 'user', content: 'Task T2' });
    expect(cache.serve(t2)).toBe(commonPrefixBytes(t1, t2));
    expect(t2.subarray(0, cache.serve(t2)).toString()).toContain('You implement one task.');
  });

  it('caches nothing after a change early in the prompt (a re-rendered system prompt)', () => {
    const cache = new PrefixCache();
    cache.serve(request({ role: 'user', content: 'Task T1' }));
    const changed = chatPromptBytes({ model: 'gpt-fake', tools, messages: [{ role: 'system', content: 'Step 2 of 40. You implement one task.' }] } as never);
    const served = cache.serve(changed);
    expect(changed.subarray(0, served).toString()).not.toContain('You implement');
  });

  it('forgets the oldest prompts past its capacity', () => {
    const cache = new PrefixCache(2);
    cache.serve(Buffer.from('aaaa'));
    cache.serve(Buffer.from('bbbb'));
    cache.serve(Buffer.from('cccc'));
    expect(cache.serve(Buffer.from('aaaa'))).toBe(0);
    expect(cache.serve(Buffer.from('cccc'))).toBe(4);
  });
});
