/** A role's endpoint as non-secret facts, and how a worker's differs from the run's, naming the variable. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { endpointIdentity, endpointMismatch, keyFingerprint } from '../../models/endpoint-identity.js';
import type { ResolvedModel } from '../../models/types.js';

const OPENAI: ResolvedModel = { spec: 'openai:gpt-5-mini', providerName: 'openai', kind: 'openai', model: 'gpt-5-mini' };
const VLLM: ResolvedModel = { spec: 'vllm:qwen', providerName: 'vllm', kind: 'openai-compatible', model: 'qwen', baseUrl: 'http://gpu-box:8000/v1', apiKeyEnv: 'VLLM_API_KEY' };
const OLLAMA: ResolvedModel = { spec: 'ollama:qwen2.5-coder', providerName: 'ollama', kind: 'openai-compatible', model: 'qwen2.5-coder', baseUrl: 'http://127.0.0.1:11434/v1' };

describe('endpoint identity', () => {
  it('fingerprints a key with the first 8 hex digits of its SHA-256, never the key', () => {
    const key = 'sk-live-abcdef0123456789';
    expect(keyFingerprint(key)).toBe(createHash('sha256').update(key).digest('hex').slice(0, 8));
    expect(keyFingerprint(`  ${key}\n`)).toBe(keyFingerprint(key));
    const identity = endpointIdentity(OPENAI, { OPENAI_API_KEY: key, OPENAI_BASE_URL: 'http://127.0.0.1:9000/v1' });
    expect(identity).toEqual({ provider: 'openai', baseUrl: 'http://127.0.0.1:9000/v1', baseUrlEnv: 'OPENAI_BASE_URL', keyEnv: 'OPENAI_API_KEY', keyFingerprint: keyFingerprint(key) });
    expect(JSON.stringify(identity)).not.toContain('abcdef0123456789');
  });

  it('reads a named endpoint from its config and a keyless one without a key', () => {
    expect(endpointIdentity(VLLM, { VLLM_API_KEY: 'k1' })).toEqual({ provider: 'vllm', baseUrl: 'http://gpu-box:8000/v1', keyEnv: 'VLLM_API_KEY', keyFingerprint: keyFingerprint('k1') });
    expect(endpointIdentity(OLLAMA, {})).toEqual({ provider: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1' });
    // The vendor's public API: no base URL at all.
    expect(endpointIdentity(OPENAI, { OPENAI_API_KEY: 'k' }).baseUrl).toBeUndefined();
  });

  it('says how a worker differs, naming the variable, and nothing when it matches', () => {
    const run = endpointIdentity(OPENAI, { OPENAI_API_KEY: 'run-key', OPENAI_BASE_URL: 'http://a:1/v1' });
    expect(endpointMismatch(run, endpointIdentity(OPENAI, { OPENAI_API_KEY: ' run-key ', OPENAI_BASE_URL: 'http://a:1/v1' }))).toBeUndefined();
    expect(endpointMismatch(run, endpointIdentity(OPENAI, { OPENAI_API_KEY: 'other-key', OPENAI_BASE_URL: 'http://a:1/v1' }))).toBe(
      `this worker's OPENAI_API_KEY has fingerprint ${keyFingerprint('other-key')}, the run was started with ${keyFingerprint('run-key')}`,
    );
    expect(endpointMismatch(run, endpointIdentity(OPENAI, { OPENAI_BASE_URL: 'http://a:1/v1' }))).toBe(
      `this worker has no OPENAI_API_KEY, the run was started with one of fingerprint ${keyFingerprint('run-key')}`,
    );
    expect(endpointMismatch(run, endpointIdentity(OPENAI, { OPENAI_API_KEY: 'run-key' }))).toBe(
      "this worker's OPENAI_BASE_URL points to openai's public API, the run was started with http://a:1/v1",
    );
  });
});
