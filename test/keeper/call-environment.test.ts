import { expect, it } from 'vitest';
import { callEnvironmentFingerprint, keeperEnvironment } from '../../keeper/call-environment.js';

const IDENTITY = { provider: 'corp', baseUrl: 'https://llm.corp/v1', keyEnv: 'CORP_LLM_KEY', keyFingerprint: '0a1b2c3d' };
const WORKER = {
  PATH: '/usr/bin',
  HOME: '/home/me',
  CORP_LLM_KEY: 'sk-corp-0123456789',
  OPENAI_ORG_ID: 'org-1',
  ANTHROPIC_AUTH_TOKEN: 'tok',
  HTTPS_PROXY: 'http://proxy:3128',
  NODE_EXTRA_CA_CERTS: '/etc/corp.pem',
  TANDEM_MODEL_TIMEOUT_SECONDS: '30',
  TANDEM_KEEPER_IDLE_SECONDS: '5',
  TEMPORAL_ADDRESS: 'temporal:7233',
  TANDEM_ENCRYPTION_KEY: 'a passphrase of sixteen',
  TANDEM_TASK_QUEUE: 'shared',
  GITHUB_TOKEN: 'ghp_x',
  GH_TOKEN: 'ghp_y',
  AWS_SECRET_ACCESS_KEY: 'aws',
};

it('starts a keeper with what model calls read and what Node needs, and nothing else', () => {
  expect(keeperEnvironment(WORKER, IDENTITY)).toEqual({
    PATH: '/usr/bin',
    HOME: '/home/me',
    CORP_LLM_KEY: 'sk-corp-0123456789',
    OPENAI_ORG_ID: 'org-1',
    ANTHROPIC_AUTH_TOKEN: 'tok',
    HTTPS_PROXY: 'http://proxy:3128',
    NODE_EXTRA_CA_CERTS: '/etc/corp.pem',
    TANDEM_MODEL_TIMEOUT_SECONDS: '30',
    TANDEM_KEEPER_IDLE_SECONDS: '5',
  });
});

it('fingerprints every call-shaping variable, never printing a value, and ignores the rest', () => {
  const base = callEnvironmentFingerprint(WORKER, IDENTITY);
  expect(base).toMatch(/^[0-9a-f]{16}$/);
  expect(callEnvironmentFingerprint({ ...WORKER, TEMPORAL_ADDRESS: 'elsewhere:7233', GITHUB_TOKEN: 'other', PATH: '/bin' }, IDENTITY)).toBe(base);
  // The keeper must equal the worker on each of these, so each changes the fingerprint.
  const shaping = { CORP_LLM_KEY: 'sk-other', OPENAI_ORG_ID: 'org-2', OPENAI_PROJECT_ID: 'proj', ANTHROPIC_AUTH_TOKEN: 'tok2', https_proxy: 'http://p', NO_PROXY: 'x', NODE_EXTRA_CA_CERTS: '/etc/other.pem', NODE_TLS_REJECT_UNAUTHORIZED: '0', TANDEM_MODEL_STALL_SECONDS: '5' };
  for (const [name, value] of Object.entries(shaping)) {
    expect(callEnvironmentFingerprint({ ...WORKER, [name]: value }, IDENTITY), name).not.toBe(base);
  }
  // The keeper started with the reduced environment computes the worker's fingerprint.
  expect(callEnvironmentFingerprint(keeperEnvironment(WORKER, IDENTITY), IDENTITY)).toBe(base);
});
