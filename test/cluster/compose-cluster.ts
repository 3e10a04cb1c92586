/**
 * A production-shaped Temporal on this machine, set up the way docker-compose.yml
 * sets it up, for `npm run drill:cluster`. There is no Docker engine here, so each
 * compose service runs as a plain process, from the compose file's own words:
 *
 * - `postgresql`: Debian's PostgreSQL, superuser and password from the service's
 *   environment, checked ready with its health check's `pg_isready`;
 * - `temporal-admin-tools`: the `setup-postgres` script from the file, run by `sh`
 *   with a `temporal-sql-tool` built from the server's Go module;
 * - `temporal`: `temporal-server start` (what the image's entrypoint runs) with the
 *   service's environment, so the server renders the same embedded config template
 *   the image does, and the file's `dynamic-config`;
 * - `temporal-create-namespace`: the `create-namespace` script from the file, run by
 *   `sh` with the Temporal CLI.
 *
 * What changes is only what a container network gives for free: host names become
 * 127.0.0.1, and every port is a free one (the server's through the environment
 * variables its template reads).
 */
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { parse } from 'yaml';
import { freePort } from '../../temporal/free-port.js';
import { isPortOpen, sleep } from '../../temporal/net.js';
import { terminateProcessGroup } from '../../temporal/process-group.js';
import { findTemporalBinary } from '../../temporal/find-binary.js';

/** The server release built from the Go module proxy (the compose file's image is 1.31.0; see docs/cluster.md). */
export const SERVER_VERSION = process.env.TANDEM_CLUSTER_SERVER_VERSION ?? 'v1.30.1';

interface ComposeService {
  environment?: Record<string, string>;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  configs: Record<string, { content: string }>;
}

export interface ComposeCluster {
  /** `127.0.0.1:<port>` of the server's frontend. */
  address: string;
  namespace: string;
  /** The scripts' and servers' output, for a failure message. */
  logDir: string;
  stop(): Promise<void>;
}

type Log = (line: string) => void;

/** Compose's interpolation, in one pass as compose does it: `$$` is a literal `$`, and `${VAR:-default}` is its default (VAR unset here). */
export function composeValue(text: string): string {
  return text.replace(/\$\$|\$\{[A-Z_][A-Z0-9_]*(?::-([^}]*))?\}/g, (match, fallback: string | undefined) => (match === '$$' ? '$' : (fallback ?? '')));
}

export function readCompose(root: string): ComposeFile {
  return parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as ComposeFile;
}

function serviceEnv(compose: ComposeFile, name: string): Record<string, string> {
  const env = compose.services[name]?.environment;
  if (!env) throw new Error(`docker-compose.yml: service ${name} has no environment`);
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, composeValue(String(value))]));
}

function script(compose: ComposeFile, name: string): string {
  const content = compose.configs[name]?.content;
  if (!content) throw new Error(`docker-compose.yml: no config ${name}`);
  return composeValue(content);
}

/** The PostgreSQL programs: on PATH, or where Debian puts them. */
function postgresBin(): string {
  const candidates = [
    ...(process.env.PATH ?? '').split(delimiter),
    ...['17', '16', '15', '14', '13'].map((version) => `/usr/lib/postgresql/${version}/bin`),
  ];
  const dir = candidates.find((candidate) => candidate && existsSync(join(candidate, 'initdb')) && existsSync(join(candidate, 'pg_ctl')));
  if (!dir) throw new Error('PostgreSQL is not installed (initdb, pg_ctl): apt-get install postgresql');
  // A directory on PATH may hold links to a few of the programs only (initdb, pg_ctl): the others sit beside their target.
  return dirname(realpathSync(join(dir, 'initdb')));
}

/**
 * `temporal-server` and `temporal-sql-tool`, built once with `go install` into
 * TANDEM_CLUSTER_HOME (about 3 minutes), and the schema directory of the same module.
 */
async function serverBinaries(home: string, log: Log): Promise<{ bin: string; schemaDir: string }> {
  const bin = join(home, 'bin', SERVER_VERSION);
  const built = [join(bin, 'temporal-server'), join(bin, 'temporal-sql-tool')];
  const go = await execa('go', ['env', 'GOMODCACHE'], { reject: false });
  if (go.exitCode !== 0) throw new Error('Go is not installed: the drill builds the Temporal server from the Go module proxy');
  if (!built.every((file) => existsSync(file))) {
    mkdirSync(join(bin, 'build'), { recursive: true });
    for (const [pkg, name] of [['cmd/server', 'temporal-server'], ['cmd/tools/sql', 'temporal-sql-tool']] as const) {
      log(`building ${name} (go install go.temporal.io/server/${pkg}@${SERVER_VERSION}; minutes, once)`);
      await execa('go', ['install', `go.temporal.io/server/${pkg}@${SERVER_VERSION}`], { env: { GOBIN: join(bin, 'build') }, stdio: 'inherit' });
      const output = join(bin, 'build', pkg === 'cmd/server' ? 'server' : 'sql');
      writeFileSync(join(bin, name), readFileSync(output));
      chmodSync(join(bin, name), 0o755);
    }
  }
  const schemaDir = join(go.stdout.trim(), `go.temporal.io/server@${SERVER_VERSION}`, 'schema');
  if (!existsSync(join(schemaDir, 'postgresql', 'v12'))) {
    await execa('go', ['mod', 'download', `go.temporal.io/server@${SERVER_VERSION}`], { cwd: bin, reject: false });
  }
  if (!existsSync(join(schemaDir, 'postgresql', 'v12'))) throw new Error(`no PostgreSQL schema in ${schemaDir}`);
  return { bin, schemaDir };
}

/** PostgreSQL refuses to run as root: the drill then runs it as the `postgres` user Debian creates. */
async function asDatabaseUser(dir: string): Promise<string[]> {
  if (process.getuid?.() !== 0) return [];
  const id = await execa('id', ['-u', 'postgres'], { reject: false });
  const gid = await execa('id', ['-g', 'postgres'], { reject: false });
  if (id.exitCode !== 0) throw new Error('running as root, and there is no postgres user to run PostgreSQL as');
  chownSync(dir, Number(id.stdout), Number(gid.stdout));
  return ['runuser', '-u', 'postgres', '--'];
}

function background(command: string, args: string[], options: { env: Record<string, string>; cwd: string; logFile: string }): ResultPromise {
  const child = execa(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    reject: false,
    stdout: { file: options.logFile },
    stderr: { file: options.logFile },
  });
  return child;
}

async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs: number, logFile: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs / 1000} s; its log: ${logFile}`);
    await sleep(500);
  }
}

/** Starts PostgreSQL, the schema job, the server and the namespace job, in compose's order. */
export async function startComposeCluster(options: { root: string; dir: string; log: Log }): Promise<ComposeCluster> {
  const { root, dir, log } = options;
  const compose = readCompose(root);
  const home = process.env.TANDEM_CLUSTER_HOME ?? join(homedir(), '.cache', 'tandem-cluster');
  const { bin, schemaDir } = await serverBinaries(home, log);
  const pgBin = postgresBin();
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };

  try {
    // postgresql: its superuser and password are the service's POSTGRES_USER / POSTGRES_PASSWORD.
    const pg = serviceEnv(compose, 'postgresql');
    const pgPort = await freePort();
    const data = join(dir, 'postgres');
    mkdirSync(data, { recursive: true });
    const runAs = await asDatabaseUser(dir);
    await asDatabaseUser(data);
    const pwfile = join(dir, 'pgpass');
    writeFileSync(pwfile, `${pg.POSTGRES_PASSWORD}\n`);
    if (runAs.length) await asDatabaseUser(pwfile);
    const asUser = (program: string, args: string[]) => (runAs.length ? execa(runAs[0]!, [...runAs.slice(1), join(pgBin, program), ...args]) : execa(join(pgBin, program), args));
    log(`postgresql: initdb, then listening on 127.0.0.1:${pgPort}`);
    await asUser('initdb', ['-D', data, '-U', pg.POSTGRES_USER!, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--no-sync']);
    const pgLog = join(logDir, 'postgresql.log');
    writeFileSync(pgLog, '');
    if (runAs.length) await asDatabaseUser(pgLog);
    // Stopped even when its start times out: pg_ctl may give up waiting on a server that did start.
    stops.push(async () => {
      await asUser('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    });
    await asUser('pg_ctl', ['-D', data, '-l', pgLog, '-w', '-o', `-c listen_addresses=127.0.0.1 -c port=${pgPort} -c unix_socket_directories=${data} -c fsync=off`, 'start']);
    // The service's health check.
    await waitUntil('postgresql', async () => (await execa(join(pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', pg.POSTGRES_USER!], { reject: false })).exitCode === 0, 60_000, pgLog);

    // temporal-admin-tools: the setup-postgres script, verbatim but for the database's host and port and the schema's path.
    const tools = serviceEnv(compose, 'temporal-admin-tools');
    const setup = script(compose, 'setup-postgres')
      .replace('--ep postgresql', '--ep 127.0.0.1')
      .replace('-p 5432', `-p ${pgPort}`)
      .replaceAll('/etc/temporal/schema', schemaDir);
    log('temporal-admin-tools: setup-postgres (create, setup-schema, update-schema)');
    const schemaJob = await execa('sh', ['-c', setup], { env: { ...tools, PATH: `${bin}${delimiter}${process.env.PATH}` }, all: true, reject: false });
    writeFileSync(join(logDir, 'setup-postgres.log'), schemaJob.all ?? '');
    if (schemaJob.exitCode !== 0) throw new Error(`setup-postgres failed (exit ${schemaJob.exitCode}):\n${schemaJob.all}`);

    // temporal: the image's entrypoint runs `temporal-server start` in /etc/temporal with the service's environment.
    const serverDir = join(dir, 'temporal');
    mkdirSync(join(serverDir, 'config', 'dynamicconfig'), { recursive: true });
    const serverEnv = serviceEnv(compose, 'temporal');
    const dynamicConfig = join(serverDir, serverEnv.DYNAMIC_CONFIG_FILE_PATH!);
    writeFileSync(dynamicConfig, script(compose, 'dynamic-config'));
    const portVariables = [
      'FRONTEND_GRPC_PORT', 'FRONTEND_HTTP_PORT', 'FRONTEND_MEMBERSHIP_PORT',
      'INTERNAL_FRONTEND_GRPC_PORT', 'INTERNAL_FRONTEND_HTTP_PORT', 'INTERNAL_FRONTEND_MEMBERSHIP_PORT',
      'MATCHING_GRPC_PORT', 'MATCHING_MEMBERSHIP_PORT', 'HISTORY_GRPC_PORT', 'HISTORY_MEMBERSHIP_PORT',
      'WORKER_GRPC_PORT', 'WORKER_MEMBERSHIP_PORT',
    ];
    const ports: Record<string, string> = {};
    for (const name of portVariables) ports[name] = String(await freePort());
    const serverLog = join(logDir, 'temporal.log');
    const server = background(join(bin, 'temporal-server'), ['start'], {
      cwd: serverDir,
      logFile: serverLog,
      env: {
        PATH: process.env.PATH ?? '',
        ...serverEnv,
        POSTGRES_SEEDS: '127.0.0.1',
        DB_PORT: String(pgPort),
        // The template reads the visibility store's port from VISIBILITY_DB_PORT or POSTGRES_PORT, not DB_PORT;
        // compose's 5432 is the template's default, a free port here is not.
        VISIBILITY_DB_PORT: String(pgPort),
        BIND_ON_IP: '127.0.0.1',
        DYNAMIC_CONFIG_FILE_PATH: dynamicConfig,
        ...ports,
      },
    });
    const serverPid = server.pid!;
    stops.push(() => terminateProcessGroup(serverPid, 15_000));
    const address = `127.0.0.1:${ports.FRONTEND_GRPC_PORT}`;
    log(`temporal: temporal-server start (embedded template, DB=${serverEnv.DB}) on ${address}`);
    // The service's health check: the gRPC port accepts connections.
    await waitUntil('temporal', async () => {
      if (server.exitCode !== null && server.exitCode !== undefined) throw new Error(`temporal-server exited (${server.exitCode}); its log: ${serverLog}`);
      return isPortOpen('127.0.0.1', Number(ports.FRONTEND_GRPC_PORT), 500);
    }, 120_000, serverLog);

    // temporal-create-namespace: the create-namespace script, which also registers Tandem's search attributes.
    const namespaceEnv = serviceEnv(compose, 'temporal-create-namespace');
    const cli = findTemporalBinary();
    const cliDir = join(dir, 'cli');
    mkdirSync(cliDir, { recursive: true });
    writeFileSync(join(cliDir, 'temporal'), `#!/bin/sh\nexec ${JSON.stringify(cli)} "$@"\n`);
    chmodSync(join(cliDir, 'temporal'), 0o755);
    log('temporal-create-namespace: create-namespace (namespace, search attributes)');
    const namespaceJob = await execa('sh', ['-c', script(compose, 'create-namespace')], {
      env: { ...namespaceEnv, TEMPORAL_ADDRESS: address, PATH: `${cliDir}${delimiter}${process.env.PATH}` },
      all: true,
      reject: false,
      timeout: 180_000,
    });
    writeFileSync(join(logDir, 'create-namespace.log'), namespaceJob.all ?? '');
    if (namespaceJob.exitCode !== 0) throw new Error(`create-namespace failed (exit ${namespaceJob.exitCode}):\n${namespaceJob.all}`);
    return { address, namespace: namespaceEnv.DEFAULT_NAMESPACE ?? 'default', logDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
