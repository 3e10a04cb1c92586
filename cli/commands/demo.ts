/**
 * `tandem demo`: the whole flow (plan → run → report) on an example project
 * bundled in `examples/`, copied into a temp dir, on the embedded dev server.
 * With API keys it uses real models; without, Tandem's built-in scripted model,
 * and it says so plainly, on screen and in the report.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { execa } from 'execa';
import pc from 'picocolors';
import { packageRoot } from '../../prompts/templates.js';
import { defaultRoleSpecs } from '../../config/roles.js';
import { vendorKeyVariables } from '../../models/providers/registry.js';
import { TandemError } from '../../errors/tandem-error.js';
import { setTandemVariable } from '../../settings/environment.js';
import { resolveTemporalTarget } from '../../temporal/connection.js';
import { addDevServerFlags, devServerOptionsFrom, type DevServerFlags } from '../options.js';
import { findJournal } from '../journal/find-journal.js';
import { readJournal } from '../journal/read-journal.js';
import { formatNextSteps } from '../demo/next-steps.js';
import { formatSentBack } from '../demo/sent-back.js';
import { uiLink } from '../session.js';
import { generateReport, reportSummary } from './report.js';
import { planCommand } from './plan.js';
import { runCommand } from './run.js';

interface DemoFlags extends DevServerFlags {
  example: string;
  dir?: string;
  scripted?: boolean;
  /** `--no-sandbox` makes this false. */
  sandbox?: boolean;
  json?: boolean;
}

export function registerDemoCommand(program: Command): void {
  const keys = vendorKeyVariables();
  addDevServerFlags(
    program
      .command('demo')
      .description('run the whole flow (plan → run → report) on a bundled example project, in a temp dir')
      .option('--example <name>', 'which example in examples/', 'slugify')
      .option('--dir <path>', 'copy the example here instead of a new temp dir')
      .option('--scripted', 'use the built-in scripted model even when API keys are set')
      .option('--no-sandbox', "run the example's commands WITHOUT the bubblewrap sandbox")
      .option('--json', 'print run progress as JSON events')
      .addHelpText(
        'after',
        `\nWithout ${keys.join(' / ')} the demo uses a built-in scripted model (it says so):\nthe flow, the workflows, git and the tests are real; the model answers are not.\n\nExamples:\n  tandem demo\n  ${keys.map((key) => `${key}=...`).join(' ')} tandem demo\n  tandem demo --dir ./demo-run --scripted\n`,
      ),
  ).action(async (flags: DemoFlags) => {
    process.exitCode = await demoCommand(flags);
  });
}

async function demoCommand(flags: DemoFlags): Promise<number> {
  const examples = join(packageRoot(), 'examples');
  const example = join(examples, flags.example);
  if (!existsSync(join(example, 'design.md'))) {
    const known = (await readdir(examples, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    throw new TandemError(`There is no example "${flags.example}".`, { code: 'DEMO_UNKNOWN_EXAMPLE', hint: `Choose one of: ${known.join(', ')}.` });
  }
  // Every flag is checked before anything is written: a bad --port must not leave a copied, committed example behind.
  devServerOptionsFrom(flags);
  if (flags.dir) await assertFolderPath(resolve(flags.dir));
  const repo = join(flags.dir ? resolve(flags.dir) : await mkdtemp(join(tmpdir(), 'tandem-demo-')), flags.example);
  await copyAsNewRepo(example, repo);

  const scripted = flags.scripted === true || defaultRoleSpecs(process.env) === undefined;
  if (scripted) {
    setTandemVariable('TANDEM_DEMO_SCRIPT', join(examples, `${flags.example}.demo.json`));
    process.stdout.write(
      `${pc.yellow(pc.bold('Demo mode: no API key found (or --scripted), so a built-in scripted model plays the planner, implementer and reviewers.'))}\n` +
        `${pc.yellow('Temporal, git, the sandboxed tests and the whole workflow are real; the model answers are scripted, not a real model\'s work.')}\n` +
        `Set ${vendorKeyVariables().join(' and/or ')} to see real models do it.\n\n`,
    );
  }
  process.stdout.write(`Example project: ${repo}\n\n`);
  process.chdir(repo);
  // A queue of its own: no other worker may pick up the demo's activities.
  // The demo is the one caller that may use scripted models; it says so above.
  const common = { ...flags, taskQueue: `tandem-demo-${randomUUID().slice(0, 8)}`, worker: true, scriptedModels: scripted };

  const planned = await planCommand('design.md', {
    ...common,
    ...(scripted ? { planner: 'scripted:demo-planner', reviewer: ['scripted:demo-critic'] } : { reviewer: [] }),
    maxRounds: '2',
    force: 0,
  });
  if (planned !== 0) return planned;
  process.stdout.write('\n');
  const ran = await runCommand('TODO.md', {
    ...common,
    ...(scripted ? { implementer: 'scripted:demo-coder', reviewer: ['scripted:demo-critic'] } : { reviewer: [] }),
    test: 'npm test',
    json: flags.json,
    // The copy is the demo's own: working in it leaves the result checked out where the next steps look.
    inCheckout: true,
  });
  const written = await generateReport({ plan: join(repo, 'TODO.md') });
  const journal = await readJournal((await findJournal({ plan: join(repo, 'TODO.md') })).dir);
  const sentBack = formatSentBack(journal, pc);
  const firstSentBack = journal.tasks.find((task) => task.attempts.some((a) => a.decision?.decision === 'retry'));
  process.stdout.write(`\n${sentBack}${sentBack ? '\n' : ''}${reportSummary(written)}\n`);
  process.stdout.write(
    formatNextSteps({
      repo,
      taskId: firstSentBack?.id ?? journal.tasks[0]?.id ?? 'T1',
      reportHtml: written.files.html,
      ...(await whereTheRunLives(flags, journal.run?.runId)),
    }),
  );
  return ran;
}

/** The UI link and, for the local dev server, the command that stops it (with the ports the demo was given). */
async function whereTheRunLives(flags: DemoFlags, runId: string | undefined) {
  // The run has just used this server, so for the dev server this reuses the running one.
  const target = await resolveTemporalTarget(devServerOptionsFrom(flags));
  const link = target.uiUrl && runId ? { uiLink: uiLink(target.uiUrl, target.namespace, runId) } : {};
  if (target.kind === 'external') return { ...link, externalAddress: target.address };
  const ports = [flags.port ? `--port ${flags.port}` : '', flags.uiPort ? `--ui-port ${flags.uiPort}` : ''].filter(Boolean);
  return { ...link, devServer: { address: target.address, stopCommand: ['tandem server stop', ...ports].join(' ') } };
}

/** --dir is a folder, or a path whose nearest existing part is one (it is created); a file on the way is a usage error. */
async function assertFolderPath(dir: string): Promise<void> {
  for (let at = dir; ; at = dirname(at)) {
    const found = await stat(at).catch(() => undefined);
    if (found?.isDirectory()) return;
    if (found) {
      throw new TandemError(`--dir must be a directory: ${at === dir ? `${dir} is not one` : `${dir} runs through the file ${at}`}.`, {
        code: 'USAGE',
        hint: 'Pass a folder to copy the example into (created if missing), or leave --dir out to use a temp dir.',
      });
    }
    if (dirname(at) === at) return;
  }
}

/** Copies the example and commits it as a fresh repository, as a user's project would be. */
async function copyAsNewRepo(from: string, to: string): Promise<void> {
  if (existsSync(to)) {
    throw new TandemError(`${to} already exists.`, { code: 'DEMO_DIR_EXISTS', hint: 'Pass an empty or new --dir, or leave --dir out to use a temp dir.' });
  }
  await cp(from, to, { recursive: true });
  const git = (...args: string[]) => execa('git', ['-c', 'user.name=Tandem Demo', '-c', 'user.email=demo@tandem.local', ...args], { cwd: to });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'The example project, before Tandem');
}
