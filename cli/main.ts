import { Command, CommanderError } from 'commander';
import { EXIT } from '../errors/tandem-error.js';
import { registerApprovalCommands } from './commands/approve.js';
import { registerCodecServerCommand } from './commands/codec-server.js';
import { registerControlCommands } from './commands/control.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerInitCommand } from './commands/init.js';
import { registerListCommand } from './commands/list.js';
import { registerLogsCommand } from './commands/logs.js';
import { registerPlanCommand } from './commands/plan.js';
import { registerPrCommand } from './commands/pr.js';
import { registerReportCommand } from './commands/report.js';
import { registerRunCommand } from './commands/run.js';
import { registerServerCommand } from './commands/server.js';
import { registerStatusCommand } from './commands/status.js';
import { registerTraceCommand } from './commands/trace.js';
import { registerWorkerCommand } from './commands/worker.js';
import { printError } from './output/print-error.js';
import { tandemVersion } from './version.js';

/**
 * The `tandem` program. Each command lives in `cli/commands/<name>.ts` and
 * exports `register<Name>Command(program)`; add it to the list below.
 */
function buildProgram(): Command {
  const program = new Command('tandem')
    .description('Spec-driven agentic development on Temporal: plan, implement, test, cross-review, commit.')
    .version(tandemVersion(), '-V, --version')
    .showHelpAfterError()
    .exitOverride();
  const commands = [
    (p: Command) => registerInitCommand(p),
    registerDemoCommand,
    registerPlanCommand,
    registerRunCommand,
    registerStatusCommand,
    registerListCommand,
    registerControlCommands,
    registerApprovalCommands,
    registerLogsCommand,
    registerReportCommand,
    registerPrCommand,
    registerTraceCommand,
    registerServerCommand,
    registerWorkerCommand,
    registerCodecServerCommand,
  ];
  for (const register of commands) register(program);
  return program;
}

/** Runs the CLI and returns the process exit code; never throws. */
async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    // Commands report outcomes (1: a task failed, 130: interrupted) through process.exitCode.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the message (or the help/version text).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return printError(error);
  }
}

// Exit explicitly: a stray handle (a socket, a timer in a library) must not keep a finished command alive.
process.exit(await runCli(process.argv));
