/**
 * What `tandem init` tells the user: each file it wrote or kept, what it
 * detected, and the commands to run next. Plain lines; colour only marks
 * headings, and picocolors drops it for NO_COLOR and pipes.
 */
import { isAbsolute, join, relative } from 'node:path';
import pc from 'picocolors';
import { TEMPLATE_OVERRIDE_DIR } from './copy-templates.js';
import { vendorKeyVariables } from '../../models/providers/registry.js';
import { OLLAMA_EXAMPLE } from './propose-models.js';
import type { InitResult } from './run-init.js';

/** The report as lines, without trailing newlines. `cwd` shortens paths. */
export function describeInit(result: InitResult, cwd: string = process.cwd()): string[] {
  const show = (path: string) => displayPath(path, cwd);
  const lines: string[] = [];
  if (result.config === 'written') {
    lines.push(`${pc.green('wrote')} ${show(result.configFile)}`);
    lines.push(`  test:   ${describeTests(result)}`);
    lines.push(`  models: ${describeModels(result)}`);
  } else {
    lines.push(`${pc.dim('kept')}  ${show(result.configFile)} (exists; --force replaces it)`);
  }

  lines.push(...describeMcp(result));

  const agentsFile = show(join(result.root, 'AGENTS.md'));
  if (result.agents === 'created') lines.push(`${pc.green('wrote')} ${agentsFile} from a template: fill in its TODO lines`);
  if (result.agents === 'hint') lines.push(`${pc.dim('hint:')} this repository has no AGENTS.md; \`tandem init --agents\` writes one from a template`);

  if (result.templates !== undefined) {
    const { copied, skipped } = result.templates;
    const kept = skipped.length > 0 ? ` (${skipped.length} already there, kept)` : '';
    lines.push(`${pc.green('copied')} ${copied.length} prompt templates to ${show(join(result.root, TEMPLATE_OVERRIDE_DIR))}${kept}: edit them to change what Tandem asks the models`);
  }

  lines.push('', pc.bold('Next steps:'));
  lines.push(`  1. Read ${show(result.configFile)} and adjust it${result.models.kind === 'none' ? ` (models: set an API key or use the ${OLLAMA_EXAMPLE.server} example)` : ''}.`);
  // A run starts only from a clean tree: an uncommitted tandem.yaml would stop it with GIT_DIRTY_TREE.
  const inRoot = relative(cwd, result.root) === '' ? '' : `cd ${result.root} && `;
  lines.push(`  2. Commit it, since runs start from a clean tree:  ${inRoot}git add ${relative(result.root, result.configFile)} && git commit -m "Add tandem.yaml"`);
  lines.push('  3. Write a design document, then plan it:  tandem plan design.md');
  lines.push('  4. Check TODO.md, then run it:             tandem run TODO.md');
  return lines;
}

function describeMcp(result: InitResult): string[] {
  const { servers, skipped, choice } = result.mcp;
  const names = servers.map((server) => server.name).join(', ');
  const lines: string[] = [];
  if (choice === 'add') {
    lines.push(...describeTrust(result));
    const exports = [...new Set(servers.flatMap((server) => server.exports))];
    if (exports.length > 0) lines.push(`          secrets were not copied: export ${exports.join(', ')}`);
  }
  if (choice === 'hint') lines.push(`${pc.dim('hint:')} found MCP servers ${names}; \`tandem init --force --mcp\` adds them to tandem.yaml`);
  for (const line of skipped) lines.push(`${pc.dim('skipped MCP server')} ${line}`);
  return lines;
}

/**
 * The `mcp:` line: where the servers came from and whether the user's own
 * config.yaml now has them, since `tandem run` refuses a repository's server
 * that it does not define the same way.
 */
function describeTrust(result: InitResult): string[] {
  const { servers, userConfig } = result.mcp;
  const sources = [...new Set(servers.map((server) => server.source))].join(', ');
  const head = `  mcp:    ${servers.map((server) => server.name).join(', ')} (from ${sources})`;
  const teammates = 'teammates need the same or --trust-repo-config';
  const fromRepo = servers.filter((server) => !server.fromUser).map((server) => server.name);
  if (userConfig === undefined) return [`${head}; runs need them in your own config.yaml too, or --trust-repo-config`];
  const { shownAs, added, present, differing, failure } = userConfig;
  if (failure === undefined && differing.length === 0 && fromRepo.length === 0) {
    return [`${head} — ${added.length > 0 ? 'also added to' : 'already in'} ${shownAs} so your runs trust them; ${teammates}`];
  }
  const pad = '          ';
  const lines = [head];
  if (failure !== undefined) lines.push(`${pad}not added to ${shownAs}: ${failure}; runs need them there too, or --trust-repo-config`);
  if (added.length > 0) lines.push(`${pad}${added.join(', ')} also added to ${shownAs} so your runs trust ${added.length > 1 ? 'them' : 'it'}`);
  if (present.length > 0) lines.push(`${pad}${present.join(', ')} already in ${shownAs} the same way`);
  for (const name of differing) {
    lines.push(`${pad}${name}: ${shownAs} already defines a different server of that name, left as it is; runs refuse tandem.yaml's until they match, or --trust-repo-config`);
  }
  if (fromRepo.length > 0) {
    lines.push(`${pad}${fromRepo.join(', ')} (from .mcp.json) not added to ${shownAs}: repository content; add ${fromRepo.length > 1 ? 'them there yourself if you trust them' : 'it there yourself if you trust it'}, or --trust-repo-config`);
  }
  lines.push(`${pad}${teammates}`);
  return lines;
}

function describeTests(result: InitResult): string {
  const [chosen, ...others] = result.tests;
  if (chosen === undefined) return 'none detected; set `test:` in tandem.yaml';
  const also = others.length > 0 ? `; also found: ${others.map((other) => other.command).join(', ')}` : '';
  return `${chosen.command} (from ${chosen.source}${also})`;
}

function describeModels(result: InitResult): string {
  const models = result.models;
  if (models.kind === 'none') return `none: no ${vendorKeyVariables().join(' or ')} set; see the ${OLLAMA_EXAMPLE.server} example in tandem.yaml`;
  const same = models.sameVendor ? '; one vendor only, add the other key for cross-vendor review' : '';
  return `planner ${models.planner}, implementer ${models.implementer}, reviewer ${models.reviewer} (from ${models.from}${same})`;
}

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
