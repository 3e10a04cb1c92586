import { describe, expect, it } from 'vitest';
import { longestSecretLength, redactSecrets } from '../../errors/redact-secrets.js';

describe('redactSecrets', () => {
  it('replaces every occurrence, naming the variable when known', () => {
    const text = 'a sk-abcdefgh b sk-abcdefgh c plainsecret1';
    expect(redactSecrets(text, [{ name: 'OPENAI_API_KEY', value: 'sk-abcdefgh' }, 'plainsecret1'])).toBe(
      'a [REDACTED:OPENAI_API_KEY] b [REDACTED:OPENAI_API_KEY] c [REDACTED]',
    );
  });

  it('ignores values shorter than 8 characters, which would match ordinary text', () => {
    expect(redactSecrets('true 1234567', ['true', '1234567'])).toBe('true 1234567');
  });

  it('redacts the longer of two overlapping secrets whole', () => {
    expect(redactSecrets('x=abcdefgh-ijklmnop', ['abcdefgh', 'abcdefgh-ijklmnop'])).toBe('x=[REDACTED]');
  });

  it('treats secrets as literal text, not patterns', () => {
    expect(redactSecrets('a$&b.c*d+e? and axxbycde', ['a$&b.c*d+e?'])).toBe('[REDACTED] and axxbycde');
  });

  it('skips secrets that are not set', () => {
    expect(redactSecrets('nothing to hide', [undefined])).toBe('nothing to hide');
  });

  it('leaves key-shaped tokens alone unless asked: command output may name keys that are not ours', () => {
    expect(redactSecrets('export sk-proj-AAAA1111bbbb', [])).toBe('export sk-proj-AAAA1111bbbb');
  });

  it('with keyShaped and a lower minLength (model errors), removes the given key and anything shaped like one', () => {
    const options = { minLength: 6, keyShaped: true };
    expect(redactSecrets('key abcdef123456 and sk-proj-AAAA1111bbbb', ['abcdef123456'], options)).toBe('key [REDACTED] and [REDACTED]');
    expect(redactSecrets('rejected sk-tst7 and sk-test-****1234', ['sk-tst7'], options)).toBe('rejected [REDACTED] and [REDACTED]');
  });
});

describe('longestSecretLength', () => {
  it('is the length of the longest value, named or plain', () => {
    expect(longestSecretLength([{ name: 'A_KEY', value: 'abcdefghij' }, 'abc'])).toBe(10);
    expect(longestSecretLength()).toBe(0);
  });
});
