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
    const scrubbed = scrubEnv(env, { allow: ['NPM_TOKEN', 'DATABASE_URL'] });
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

// Found by a security review inside the sandbox: each of these reached `env` there.
describe('credentials the name patterns used to miss', () => {
  const leaked = {
    DOCKER_AUTH_CONFIG: '{"auths":{"x":{"auth":"dXNlcjpTRUNSRVQ="}}}',
    GITHUB_PAT: 'ghp_SECRETPAT1234567890',
    SENTRY_DSN: 'https://abc123SECRET@o1.ingest.sentry.io/1',
    TEMPORAL_GRPC_META_AUTHORIZATION: 'Bearer grpcmeta-SECRET-123456',
    TEMPORAL_GRPC_META_X_API_KEY: 'grpcmeta-SECRET-654321',
    API_KEY: 'plainkey-123456',
    OLLAMA_BEARER: 'bearer-SECRET-1234',
    SESSION_COOKIE: 'sid=SECRET123456',
    NPM_CONFIG__AUTH: 'dXNlcjpwYXNz',
    'npm_config_//registry.npmjs.org/:_authToken': 'npm-SECRET-123456',
    MYSQL_PWD: 'hunter2hunter2',
    GPG_PASSPHRASE: 'correct horse',
    SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/SECRET123',
    AZURE_STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountKey=SECRET==',
    OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=SECRET123456',
    SUPABASE_JWT: 'eyJhbGciOiJIUzI1NiJ9.e30.SECRET',
    GIT_ASKPASS: '/usr/lib/git-core/git-gui--askpass',
    // Credentials by value, under names that say nothing.
    REDIS_URL: 'redis://:SECRETpass@cache:6379/0',
    PIP_EXTRA_INDEX_URL: 'https://pypi.org/simple https://__token__@pypi.example.com/simple',
    ARTIFACTS: 'https://store.example.com/x?sig=SECRETsig123&se=2030',
    SOME_VALUE: 'ghp_abcdefghijklmnopqrstuvwxyz0123',
    CERT_BLOB: '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----',
  };
  const harmless = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: '/home/u',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TERM: 'xterm-256color',
    CI: 'true',
    NODE_ENV: 'test',
    PYTHONPATH: '/w/src',
    VIRTUAL_ENV: '/w/.venv',
    PWD: '/w',
    OLDPWD: '/home/u',
    USER: 'u',
    SHELL: '/bin/bash',
    TZ: 'UTC',
    GOPATH: '/home/u/go',
    JAVA_HOME: '/usr/lib/jvm/default',
    NVM_DIR: '/home/u/.nvm',
    PIP_INDEX_URL: 'https://pypi.org/simple',
    SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt',
    TOKENIZERS_PARALLELISM: 'false',
    KEYTIMEOUT: '1',
    GIT_AUTHOR_NAME: 'A U Thor',
    GIT_AUTHOR_EMAIL: 'a@example.com',
    XAUTHORITY_UNUSED: 'x',
    TEMPORAL_ADDRESS: 'localhost:7233',
    TEMPORAL_NAMESPACE: 'default',
    MANPATH: '/usr/share/man',
    PUBLIC_URL: 'https://example.com/app?page=2',
  };

  it('drops them and keeps the everyday variables', () => {
    expect(scrubEnv({ ...leaked, ...harmless })).toEqual(harmless);
  });

  it('redacts their values, except a program or socket path', () => {
    const names = collectSecrets({ ...leaked, ...harmless }).map((secret) => secret.name);
    expect(names.sort()).toEqual(Object.keys(leaked).filter((name) => name !== 'GIT_ASKPASS').sort());
  });

  it("drops and redacts the run's key variables whatever their names", () => {
    const env = { ...harmless, LOCAL_LLM: 'local-llm-value-123' };
    expect(scrubEnv(env, { keyVariables: ['LOCAL_LLM'] })).toEqual(harmless);
    expect(collectSecrets(env, ['LOCAL_LLM', undefined])).toEqual([{ name: 'LOCAL_LLM', value: 'local-llm-value-123' }]);
    expect(scrubEnv(env, { keyVariables: ['LOCAL_LLM'], allow: ['LOCAL_LLM'] }).LOCAL_LLM).toBe('local-llm-value-123');
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
