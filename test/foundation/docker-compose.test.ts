import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/cli.js';

// Docker cannot run here, so this checks the file's shape rather than starting it.
interface Service {
  image?: string;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  command?: unknown;
  configs?: { source: string; target: string }[];
}

const compose = parse(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  configs: Record<string, { content: string }>;
};
const services = compose.services;
const service = (name: string): Service => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
};
/** `${VAR:-default}` → default, as docker compose would resolve it with VAR unset. */
const resolved = (image: string | undefined) => (image ?? '').replace(/\$\{[A-Z_]+:-([^}]+)\}/g, '$1');

describe('docker-compose.yml', () => {
  it('has PostgreSQL, the schema job, the server, the namespace job, the UI and an optional worker', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['postgresql', 'tandem-worker', 'temporal', 'temporal-admin-tools', 'temporal-create-namespace', 'temporal-ui'].sort(),
    );
    expect(resolved(service('postgresql').image)).toMatch(/^postgres:\d+/);
    expect(resolved(service('temporal-admin-tools').image)).toMatch(/^temporalio\/admin-tools:/);
    expect(resolved(service('temporal').image)).toMatch(/^temporalio\/server:/);
    expect(resolved(service('temporal-create-namespace').image)).toMatch(/^temporalio\/admin-tools:/);
    expect(service('tandem-worker').profiles).toEqual(['worker']);
  });

  it('does not use the deprecated auto-setup image', () => {
    for (const svc of Object.values(services)) expect(resolved(svc.image)).not.toContain('auto-setup');
  });

  it('pins the UI to 2.34.6 or later', () => {
    const version = resolved(service('temporal-ui').image).split(':')[1] ?? '';
    const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(2 * 1e6 + 34 * 1e3 + 6);
  });

  it('publishes gRPC 7233 and UI 8080', () => {
    expect(service('temporal').ports).toContain('7233:7233');
    expect(service('temporal-ui').ports).toContain('8080:8080');
  });

  it('health-checks the database and server, and orders start-up on them', () => {
    expect(service('postgresql').healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(service('temporal').healthcheck?.test.join(' ')).toContain('7233');
    expect(service('temporal-admin-tools').depends_on?.postgresql?.condition).toBe('service_healthy');
    expect(service('temporal').depends_on?.['temporal-admin-tools']?.condition).toBe('service_completed_successfully');
    expect(service('temporal-create-namespace').depends_on?.temporal?.condition).toBe('service_healthy');
    expect(service('temporal-ui').depends_on?.temporal?.condition).toBe('service_healthy');
  });

  it('ships the schema script, namespace script and the dynamic config updates need', () => {
    expect(compose.configs['setup-postgres']?.content).toContain('temporal-sql-tool');
    expect(compose.configs['create-namespace']?.content).toContain('namespace create');
    const dynamic = parse(compose.configs['dynamic-config']?.content ?? '') as Record<string, { value: unknown }[]>;
    expect(dynamic['frontend.enableUpdateWorkflowExecution']?.[0]?.value).toBe(true);
    expect(dynamic['frontend.enableUpdateWorkflowExecutionAsyncAccepted']?.[0]?.value).toBe(true);
  });
});
