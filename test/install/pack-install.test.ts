/**
 * Tandem as a user installs it: `npm pack`, then `npm install -g <tarball>` into
 * a temp prefix, then the installed `tandem` run from an unrelated directory,
 * with a dev server of its own. Catches what only an install shows: files the
 * tarball lacks, a runtime import of a devDependency, paths into the checkout.
 * Also the README's main path, `npm install -g .` from the clone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';
import { privateServerEnv, type PrivateServerEnv } from '../support/private-server.js';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

let work: string;
let tarball: string;
let prefix: string;
let server: PrivateServerEnv;

/** The developer's environment without Tandem's, Temporal's or npm's own settings (npm test sets npm_config_*). */
function cleanEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !/^(TEMPORAL_|TANDEM_|npm_)/i.test(entry[0]) && !/_API_KEY$/.test(entry[0]),
    ),
  );
}

/** Runs the installed `tandem` from `cwd`, found on PATH as a user's shell would find it. */
function installedTandem(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const merged = { ...cleanEnv(), PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1', ...env };
  return execa('tandem', args, {
    cwd,
    env: Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    extendEnv: false,
    reject: false,
    timeout: 150_000,
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tandem-install-'));
  prefix = join(work, 'prefix');
  server = await privateServerEnv('tandem-install-home');
  // dist/ is fresh (the global setup rebuilt it), so prepare's rebuild is skipped.
  const packed = await execa('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], { cwd: REPO_ROOT, env: cleanEnv(), extendEnv: false });
  tarball = join(work, packed.stdout.trim().split('\n').pop()!);
  // The dependencies come from npm's cache when it has them: fast, and no registry needed.
  await execa('npm', ['install', '-g', tarball, '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: work,
    env: cleanEnv(),
    extendEnv: false,
  });
}, 240_000);

afterAll(async () => {
  await server?.dispose();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('npm pack + npm install -g', () => {
  it('packs the built CLI, the workflow bundle, the templates and the demo example, and nothing from test/', async () => {
    const files = (await execa('tar', ['-tzf', tarball])).stdout.split('\n').map((file) => file.replace(/^package\//, ''));
    for (const needed of ['bin/tandem.js', 'dist/cli/main.js', 'dist/workflow-bundle.js', 'templates/prompts/implementer.md', 'templates/init/tandem.yaml.tmpl', 'examples/slugify/design.md', 'examples/slugify.demo.json', 'README.md']) {
      expect(files).toContain(needed);
    }
    expect(files.filter((file) => /^(test|dist\/test)\/|\.map$|\.ts$/.test(file))).toEqual([]);
  });

  it('installs a `tandem` command that runs from any directory: --version, then the whole demo', async () => {
    const installed = join(prefix, 'lib', 'node_modules', ...pkg.name.split('/'));
    expect(existsSync(join(installed, 'dist', 'workflow-bundle.js'))).toBe(true);
    expect(existsSync(join(installed, 'node_modules', 'vitest'))).toBe(false); // a user's install has no devDependencies

    const elsewhere = await mkdtemp(join(work, 'elsewhere-'));
    const version = await installedTandem(['--version'], elsewhere);
    expect(version.stdout.trim()).toBe(pkg.version);

    const demo = await installedTandem(['demo', '--dir', join(work, 'demo')], elsewhere, server.env);
    const out = demo.stdout;
    expect(demo.exitCode, out + demo.stderr).toBe(0);
    expect(out).toContain('Demo mode: no API key found');
    expect(out).toMatch(/Run completed: 3 committed/);
    expect(out).toContain('T2 was sent back after attempt 1:');
    expect(out).toContain('    The edge case from the plan is not tested.');

    // The next steps end with the story of T2, the report, the UI link and how to stop the server the demo left running.
    const next = out.slice(out.indexOf('Next steps:'));
    const repo = join(work, 'demo', 'slugify');
    const order = [`tandem logs T2`, join(repo, '.tandem', 'report', 'report.html'), `http://127.0.0.1:${server.env.TANDEM_TEMPORAL_UI_PORT}/namespaces/default/workflows/`, 'tandem server stop'];
    const positions = order.map((text) => next.indexOf(text));
    expect(positions.every((at) => at >= 0), next).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(next).toContain('keeps running in the background');
    expect(existsSync(join(repo, '.tandem', 'report', 'report.html'))).toBe(true);

    // What the demo says to run next works, from the installed command too.
    const logs = await installedTandem(['logs', 'T2'], repo, server.env);
    expect(logs.exitCode, logs.stderr).toBe(0);
    expect(logs.stdout).toContain('request_changes');
    const stop = await installedTandem(['server', 'stop'], elsewhere, server.env);
    expect(stop.exitCode, stop.stderr).toBe(0);
    const status = await installedTandem(['server', 'status', '--json'], elsewhere, server.env);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: false });
  }, 240_000);
});

// After the tarball's tests: this install runs `prepare`, which rebuilds dist/ in the checkout.
describe('npm install -g . from the clone (the README\'s install)', () => {
  it('links the clone, builds it, and its `tandem` answers --version from another directory', async () => {
    const clonePrefix = join(work, 'clone-prefix');
    const installed = await execa('npm', ['install', '-g', '.', '--prefix', clonePrefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: REPO_ROOT,
      env: cleanEnv(),
      extendEnv: false,
      reject: false,
      all: true,
    });
    expect(installed.exitCode, installed.all).toBe(0);
    // Linked, not copied: a `git pull` and `npm run build` in the clone update the command.
    expect(await realpath(join(clonePrefix, 'lib', 'node_modules', ...pkg.name.split('/')))).toBe(await realpath(REPO_ROOT));

    const elsewhere = await mkdtemp(join(work, 'elsewhere-'));
    const version = await execa(join(clonePrefix, 'bin', 'tandem'), ['--version'], { cwd: elsewhere, env: cleanEnv(), extendEnv: false, reject: false, all: true });
    expect(version.exitCode, version.all).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
  }, 240_000);
});
