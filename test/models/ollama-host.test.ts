import { describe, expect, it } from 'vitest';
import { ollamaBaseUrl } from '../../models/ollama-host.js';
import { TandemError } from '../../errors/tandem-error.js';

describe('ollamaBaseUrl', () => {
  it.each([
    [undefined, 'http://localhost:11434/v1'],
    ['', 'http://localhost:11434/v1'],
    ['gpu-box', 'http://gpu-box:11434/v1'],
    ['gpu-box:9000', 'http://gpu-box:9000/v1'],
    [':11434', 'http://localhost:11434/v1'],
    ['0.0.0.0:11434', 'http://localhost:11434/v1'],
    ['::1', 'http://[::1]:11434/v1'],
    ['[::1]:9000', 'http://[::1]:9000/v1'],
    ['http://gpu-box', 'http://gpu-box/v1'],
    ['https://ollama.example.com/', 'https://ollama.example.com/v1'],
    ['http://gpu-box:8080/ollama', 'http://gpu-box:8080/ollama/v1'],
    ['http://gpu-box:11434/v1/', 'http://gpu-box:11434/v1'],
  ])('OLLAMA_HOST=%j → %s', (host, expected) => {
    expect(ollamaBaseUrl(host)).toBe(expected);
  });

  it('rejects a value that is not a host or http(s) URL', () => {
    expect(() => ollamaBaseUrl('ftp://x')).toThrow(TandemError);
    expect(() => ollamaBaseUrl('not a host')).toThrow(/OLLAMA_HOST="not a host"/);
  });
});
