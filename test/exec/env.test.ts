import { describe, expect, it } from 'vitest';
import { collectSecrets, scrubEnv } from '../../exec/env.js';

describe('scrubEnv', () => {
  const env = {
    PATH: '/usr/bin',
    HOME: '/home/u',
    LANG: 'C.UTF-8',
    NODE_ENV: 'test',
    CI: 'true',
    OPENAI_API_KEY: 'sk-1',
    OPENAI_BASE_URL: 'http://x',
    ANTHROPIC_API_KEY: 'sk-ant-1',
    GITHUB_TOKEN: 'ghp_1',
    NPM_TOKEN: 'npm_1',
    AWS_ACCESS_KEY_ID: 'AKIA1',
    AWS_SECRET_ACCESS_KEY: 'abc',
    AWS_SESSION_TOKEN: 'tok',
    AWS_REGION: 'eu-west-1',
    TANDEM_ENCRYPTION_KEY: 'k',
    TEMPORAL_API_KEY: 'k',
    TEMPORAL_ADDRESS: 'localhost:7233',
    DB_PASSWORD: 'p',
    STRIPE_SECRET_KEY: 's',
    SSH_AUTH_SOCK: '/tmp/agent',
    GOOGLE_APPLICATION_CREDENTIALS: '/keys.json',
    DATABASE_URL: 'postgres://user:hunter22@db/app',
    PUBLIC_URL: 'https://example.com/app',
    MY_KEY: 'x',
  };

  it('drops credentials by name and keeps the rest', () => {
    expect(Object.keys(scrubEnv(env)).sort()).toEqual(
      ['AWS_REGION', 'CI', 'HOME', 'LANG', 'NODE_ENV', 'PATH', 'PUBLIC_URL', 'TEMPORAL_ADDRESS'].sort(),
    );
  });

  it('keeps allowlisted names whatever they look like', () => {
    const scrubbed = scrubEnv(env, ['NPM_TOKEN', 'DATABASE_URL']);
    expect(scrubbed.NPM_TOKEN).toBe('npm_1');
    expect(scrubbed.DATABASE_URL).toBe(env.DATABASE_URL);
    expect(scrubbed.GITHUB_TOKEN).toBeUndefined();
  });

  it('does not modify its input', () => {
    const copy = { ...env };
    scrubEnv(copy);
    expect(copy).toEqual(env);
  });
});

describe('collectSecrets', () => {
  it('collects credential values of at least 8 characters, longest first', () => {
    const secrets = collectSecrets({
      PATH: '/usr/local/bin:/usr/bin:/bin',
      OPENAI_API_KEY: 'sk-abcdefgh',
      ANTHROPIC_API_KEY: 'sk-ant-abcdefghijkl',
      SHORT_TOKEN: 'abc',
      SSH_AUTH_SOCK: '/tmp/ssh-agent.sock',
      DATABASE_URL: 'postgres://u:pw@db/app',
    });
    expect(secrets).toEqual([
      { name: 'DATABASE_URL', value: 'postgres://u:pw@db/app' },
      { name: 'ANTHROPIC_API_KEY', value: 'sk-ant-abcdefghijkl' },
      { name: 'OPENAI_API_KEY', value: 'sk-abcdefgh' },
    ]);
  });
});
