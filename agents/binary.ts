/**
 * Finds an agent's CLI. Both ship a native binary in a platform package; npm may
 * hold back the install script that puts it in place (npm 11 does), so the
 * launcher's own `bin` is used only when it is the native binary, else the
 * platform package's. `TANDEM_CODEX_BIN` / `TANDEM_CLAUDE_BIN` name another.
 * Missing: AGENT_BINARY_MISSING (exit 3) naming the package to install.
 */
import { agentBinSetting } from '../settings/environment.js';
import { accessSync, constants, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { TandemError } from '../errors/tandem-error.js';
import type { AgentName } from '../models/types.js';

interface AgentPackage {
  package: string;
  overrideEnv: 'TANDEM_CODEX_BIN' | 'TANDEM_CLAUDE_BIN';
  /** Candidate files inside installed packages, best first: [package, relative path]. */
  candidates: Array<[string, string]>;
}

const ARCH = process.arch === 'arm64' ? 'arm64' : 'x64';
const CODEX_TRIPLE = `${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-unknown-linux-musl`;

const PACKAGES: Record<AgentName, AgentPackage> = {
  codex: {
    package: '@openai/codex',
    overrideEnv: 'TANDEM_CODEX_BIN',
    candidates: [[`@openai/codex-${process.platform}-${ARCH}`, `vendor/${CODEX_TRIPLE}/bin/codex`]],
  },
  'claude-code': {
    package: '@anthropic-ai/claude-code',
    overrideEnv: 'TANDEM_CLAUDE_BIN',
    candidates: [
      ['@anthropic-ai/claude-code', 'bin/claude.exe'],
      [`@anthropic-ai/claude-code-${process.platform}-${ARCH}`, 'claude'],
    ],
  },
};

export interface AgentBinary {
  file: string;
  /** The directory holding helpers the binary expects on PATH (codex's rg), if any. */
  pathDirs: string[];
}

/** Finds an installed package's package.json; throws when it is not installed. */
export type ResolvePackage = (packageJson: string) => string;

const resolveInstalled: ResolvePackage = (packageJson) => createRequire(import.meta.url).resolve(packageJson);

/**
 * Resolves the agent's native binary; throws AGENT_BINARY_MISSING (exit 3). An override
 * may be any executable (a wrapper script, say): the user chose it.
 */
export function findAgentBinary(agent: AgentName, env: NodeJS.ProcessEnv = process.env, resolvePackage: ResolvePackage = resolveInstalled): AgentBinary {
  const spec = PACKAGES[agent];
  const override = agentBinSetting(spec.overrideEnv, env);
  if (override) {
    if (isExecutable(override)) return { file: override, pathDirs: [] };
    throw missing(agent, spec, `${spec.overrideEnv}=${override} is not an executable file`);
  }
  for (const [pkg, rel] of spec.candidates) {
    let root: string;
    try {
      root = path.dirname(resolvePackage(`${pkg}/package.json`));
    } catch {
      continue;
    }
    const file = path.join(root, rel);
    if (isNative(file)) {
      const helpers = path.join(path.dirname(path.dirname(file)), 'codex-path');
      return { file, pathDirs: existsSync(helpers) ? [helpers] : [] };
    }
  }
  return missingBinary(agent, spec);
}

function missingBinary(agent: AgentName, spec: AgentPackage): never {
  throw missing(agent, spec, `${spec.package} (with its native binary) is not installed`);
}

function missing(agent: AgentName, spec: AgentPackage, why: string): TandemError {
  return new TandemError(`the ${agent} agent cannot start: ${why}`, {
    code: 'AGENT_BINARY_MISSING',
    exitCode: 3,
    hint: `Install it next to Tandem with \`npm install ${spec.package}\` (if npm skipped its install script, also \`npm rebuild ${spec.package}\`), or set ${spec.overrideEnv} to the binary.`,
    context: { setting: agent },
  });
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** An ELF or Mach-O executable, not a launcher script or a placeholder left by a skipped install script. */
function isNative(file: string): boolean {
  if (!existsSync(file)) return false;
  const head = Buffer.alloc(4);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    readSync(fd, head, 0, 4, 0);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const magic = head.readUInt32BE(0);
  return magic === 0x7f454c46 || magic === 0xcffaedfe || magic === 0xcefaedfe || magic === 0xcafebabe;
}

/** Before a run starts: every agent a role names must be installed (AGENT_BINARY_MISSING, exit 3, otherwise). */
export function assertAgentsInstalled(models: ReadonlyArray<{ agent?: AgentName }>, env: NodeJS.ProcessEnv = process.env): void {
  for (const agent of new Set(models.map((model) => model.agent))) if (agent !== undefined) findAgentBinary(agent, env);
}
