/** Every command that acts on a run takes the plan the same way, and its help and hints name that command. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { logsText, registerLogsCommand } from '../../cli/commands/logs.js';
import { registerControlCommands } from '../../cli/commands/control.js';
import { registerPlanCommand } from '../../cli/commands/plan.js';
import { pullRequestCommand, registerPrCommand } from '../../cli/commands/pr.js';
import { generateReport, registerReportCommand } from '../../cli/commands/report.js';
import { registerRunCommand } from '../../cli/commands/run.js';
import { registerStatusCommand } from '../../cli/commands/status.js';
import { locateRun } from '../../cli/run/locate-run.js';
import { createRepo } from '../support/git-repo.js';

function help(register: (program: Command) => void, name: string): string {
  const program = new Command('tandem');
  register(program);
  return program.commands.find((c) => c.name() === name)!.helpInformation();
}

describe('the plan argument', () => {
  it.each([
    ['status', registerStatusCommand, 'tandem status [options] [plan]'],
    ['logs', registerLogsCommand, 'tandem logs [options] <task> [plan]'],
    ['report', registerReportCommand, 'tandem report [options] [plan]'],
    ['pr', registerPrCommand, 'tandem pr [options] [plan]'],
    ['pause', registerControlCommands, 'tandem pause [options] [plan]'],
    ['skip', registerControlCommands, 'tandem skip [options] <task> [plan]'],
  ] as const)('%s takes the plan as a positional argument; --plan is a hidden alias', (name, register, usage) => {
    const text = help(register, name);
    expect(text).toContain(`Usage: ${usage}`);
    expect(text).not.toContain('--plan');
  });

  it('the hidden --plan still works, and a positional that disagrees with it is refused', async () => {
    const repo = await createRepo({ 'TODO.md': '# Plan\n', 'other.md': '# Other\n' });
    const program = new Command('tandem').exitOverride();
    registerReportCommand(program);
    const home = await mkdtemp(join(tmpdir(), 'tandem-home-'));
    process.env.TANDEM_HOME = home;
    try {
      const cwd = process.cwd();
      process.chdir(repo.root);
      try {
        // The old flag finds the plan's run (nothing journaled yet).
        await expect(program.parseAsync(['node', 'tandem', 'report', '--plan', 'TODO.md'])).rejects.toMatchObject({ code: 'JOURNAL_NOT_FOUND' });
        await expect(program.parseAsync(['node', 'tandem', 'report', 'other.md', '--plan', 'TODO.md'])).rejects.toMatchObject({ code: 'USAGE', message: 'Two different plan files were given: other.md and --plan TODO.md.' });
      } finally {
        process.chdir(cwd);
      }
    } finally {
      delete process.env.TANDEM_HOME;
    }
  });
});

describe('hints name the command the user typed', () => {
  it('logs, report, pause and skip each suggest themselves with a plan path, not `tandem status`', async () => {
    const repo = await createRepo({ 'README.md': '# x\n' });
    const missing = join(repo.root, 'missing.md');
    const env = { TANDEM_HOME: await mkdtemp(join(tmpdir(), 'tandem-home-')) };
    await expect(logsText('T3', { plan: missing }, env)).rejects.toMatchObject({ code: 'PLAN_NOT_FOUND', hint: expect.stringContaining('`tandem logs T3 plans/TODO.md`') });
    await expect(generateReport({ plan: missing }, env)).rejects.toMatchObject({ hint: expect.stringContaining('`tandem report plans/TODO.md`') });
    await expect(pullRequestCommand({ plan: missing }, env)).rejects.toMatchObject({ hint: expect.stringContaining('`tandem pr plans/TODO.md`') });
    await expect(locateRun(missing, 'pause')).rejects.toMatchObject({ hint: expect.stringContaining('`tandem pause plans/TODO.md`') });
    await expect(locateRun(missing, 'skip T2')).rejects.toMatchObject({ hint: expect.stringContaining('`tandem skip T2 plans/TODO.md`') });
  });
});

/** The whole `--help` output, including the text commands add after the options (examples, exit codes). */
function fullHelp(register: (program: Command) => void, name: string): string {
  const program = new Command('tandem');
  register(program);
  let text = '';
  const command = program.commands.find((c) => c.name() === name)!;
  command.configureOutput({ writeOut: (chunk) => (text += chunk) });
  command.outputHelp();
  return text;
}

describe('help text', () => {
  it('`tandem run --help` lists every exit code the README does, 130 and the cancelled run included', () => {
    const text = fullHelp(registerRunCommand, 'run');
    expect(text).toContain('1 a task failed (or the run was cancelled)');
    expect(text).toMatch(/2 usage or config error, 3 infrastructure unavailable[^,]*, 130 interrupted/);
  });

  it('examples name current models, not the retired plain gpt-5', () => {
    for (const text of [fullHelp(registerRunCommand, 'run'), fullHelp(registerPlanCommand, 'plan')]) {
      expect(text).toContain('openai:gpt-5.6-sol');
      expect(text).not.toMatch(/openai:gpt-5(?![.\w-])/);
    }
  });

  it('--reviewer shows no `(default: [])`', () => {
    for (const text of [help(registerRunCommand, 'run'), help(registerPlanCommand, 'plan')]) {
      expect(text).toContain('--reviewer <model>');
      expect(text).not.toContain('(default: [])');
    }
  });
});
